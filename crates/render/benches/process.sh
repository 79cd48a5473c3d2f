#!/usr/bin/env bash
# Whole-process time of `omstilling render --to docx` against pandoc turning our own
# Markdown of the same plan into DOCX, measured in the same hyperfine run.
# Usage (from the repository root, after `cargo build --release -p omstilling`):
#   crates/render/benches/process.sh [PLAN]
set -euo pipefail
bin=target/release/omstilling
plan=${1:-../shared/fixtures/fjordvik-2027.json}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" render "$plan" --to md -o "$dir/plan.md" 2>/dev/null
hyperfine --warmup 5 --runs 60 -N \
  -n "omstilling render --to docx" "$bin render $plan --to docx -o $dir/ours.docx" \
  -n "pandoc -f gfm -t docx (our Markdown)" "pandoc -f gfm -t docx -o $dir/pandoc.docx $dir/plan.md" \
  --export-markdown "$dir/result.md"
cat "$dir/result.md"
