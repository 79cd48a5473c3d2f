#!/usr/bin/env bash
# Whole-process comparison for docs/benchmarks.md, in one run on one machine:
# `omstilling render --to pdf` against LibreOffice turning our DOCX into PDF, and the
# XLSX render; then the peak memory of each with /usr/bin/time -v.
# With the Typst CLI at the version we embed (`cargo install typst-cli --version 0.15.1
# --locked`; set TYPST to its path), also `typst compile` of the markup our renderer
# produces, with the same fonts (written by the example `typst_project`).
# With BEFORE set to the path of an earlier release `omstilling` (built in a worktree with
# its own target directory), its `render --to pdf` runs in the same hyperfine run.
# RUNS sets the number of runs of each command (20 by default).
# Usage (from the repository root, after
# `cargo build --release -p omstilling && cargo build --release -p pdf --example typst_project`):
#   [TYPST=/path/to/typst] [BEFORE=/path/to/omstilling] bash crates/pdf/benches/whole-process.sh [PLAN_FILE]
set -euo pipefail
plan=$(realpath "${1:-../shared/fixtures/fjordvik-2027.json}")
bin=$(realpath target/release/omstilling)
project_bin=$(realpath target/release/examples/typst_project)
typst=${TYPST:-typst}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$bin" render "$plan" --to docx -o plan.docx 2>/dev/null
profile="file://$work/lo-profile"
# First LibreOffice start creates its profile; not part of the measurement.
soffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir lo plan.docx >/dev/null 2>&1

"$project_bin" "$plan" project
typst_args=(compile --root project --font-path project/fonts --ignore-system-fonts
  --features a11y-extras --pdf-standard ua-1 project/main.typ typst.pdf)
"$typst" "${typst_args[@]}"

before=()
if [ -n "${BEFORE:-}" ]; then
  before=(-n "omstilling render --to pdf (before)" "$(realpath "$BEFORE") render $plan --to pdf -o before.pdf")
fi
hyperfine --warmup 3 --runs "${RUNS:-20}" --export-markdown times.md --export-json times.json \
  "${before[@]}" \
  -n "omstilling render --to pdf" "$bin render $plan --to pdf -o ours.pdf" \
  -n "typst compile (same markup, same fonts)" "$typst ${typst_args[*]}" \
  -n "omstilling render --to xlsx" "$bin render $plan --to xlsx -o ours.xlsx" \
  -n "omstilling render --to docx" "$bin render $plan --to docx -o ours.docx" \
  -n "LibreOffice docx → pdf" "soffice -env:UserInstallation=$profile --headless --convert-to pdf --outdir lo plan.docx"
cat times.md
# The median and the minimum of each command, and the ratio of LibreOffice's to ours by each.
python3 - <<'PY'
import json
results = {r["command"]: r for r in json.load(open("times.json"))["results"]}
lo = results["LibreOffice docx → pdf"]
ours = results["omstilling render --to pdf"]
print()
print("| command | median (ms) | min (ms) |")
print("|---|---:|---:|")
for name, r in results.items():
    print(f"| {name} | {r['median'] * 1000:.1f} | {r['min'] * 1000:.1f} |")
for label in ("mean", "median", "min"):
    print(f"LibreOffice / ours by {label}: {lo[label] / ours[label]:.1f}")
PY

peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {printf "%.1f MB\n", $2/1024}'; }
echo
echo "| command | peak RSS |"
echo "|---|---|"
echo "| omstilling render --to pdf | $(peak "$bin" render "$plan" --to pdf -o ours.pdf) |"
echo "| omstilling render --to xlsx | $(peak "$bin" render "$plan" --to xlsx -o ours.xlsx) |"
echo "| omstilling render --to docx | $(peak "$bin" render "$plan" --to docx -o ours.docx) |"
echo "| LibreOffice docx → pdf (soffice.bin) | $(peak soffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir lo plan.docx) |"
