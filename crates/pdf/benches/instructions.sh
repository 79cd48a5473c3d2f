#!/usr/bin/env bash
# Instruction counts (callgrind) of the PDF render, which unlike wall time do not depend
# on what else runs on the machine; the figures in docs/benchmarks.md come from here.
#   1. the whole process `omstilling render PLAN --to pdf`;
#   2. each render of the example `time` (ROUNDS renders in one process): the first
#      (cold), then the same plan again (warm: the kept finished PDF), the same plan with
#      the finished PDFs forgotten before each render (CLEAR=1: typeset and exported
#      again), and with NEW_DATA=1 a number changed before each render after the first.
# Usage (from the repository root, after
# `cargo build --release -p omstilling -p pdf --example time`; without the release
# `omstilling` the whole process is the example with ROUNDS=1):
#   bash crates/pdf/benches/instructions.sh [PLAN_FILE] [ROUNDS]
# Set PROFILE=1 to also print the top functions (inclusive) of the whole process.
set -euo pipefail
plan=$(realpath "${1:-../shared/fixtures/fjordvik-2027.json}")
rounds=${2:-4}
time_bin=$(realpath target/release/examples/time)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

total() { awk '/^(summary|totals):/ {print $2; exit}' "$1"; }
fmt() { printf "%'d" "$1"; }

if [ -x target/release/omstilling ]; then
  whole=(target/release/omstilling render "$plan" --to pdf -o "$work/ours.pdf")
else # the example with one render does the same work, without the command line
  whole=("$time_bin" "$plan")
fi
ROUNDS=1 valgrind --tool=callgrind --callgrind-out-file="$work/whole.out" "${whole[@]}" >/dev/null 2>&1
echo "whole process, ${whole[*]}: $(fmt "$(total "$work/whole.out")") instructions"
if [ "${PROFILE:-0}" = 1 ]; then
  callgrind_annotate --inclusive=yes "$work/whole.out" 2>/dev/null | sed -n '1,60p'
fi

for mode in same clear new; do
  new_data=$([ "$mode" = new ] && echo 1 || echo 0)
  clear=$([ "$mode" = clear ] && echo 1 || echo 0)
  rm -f "$work"/time.out*
  # One dump before and one after every call of `pdf::pdf`: the odd parts are renders.
  ROUNDS=$rounds NEW_DATA=$new_data CLEAR=$clear valgrind --tool=callgrind \
    --callgrind-out-file="$work/time.out" \
    --dump-before='pdf::pdf' --dump-after='pdf::pdf' \
    "$time_bin" "$plan" >/dev/null 2>&1
  case $mode in
    same) label="same plan" ;;
    clear) label="same plan, compiled again" ;;
    new) label="new data each time" ;;
  esac
  n=0
  for part in $(ls "$work"/time.out.* | sort -t. -k3 -n); do
    n=$((n + 1))
    # Parts: 1 start, 2 render 1, 3 between, 4 render 2, ...
    if [ $((n % 2)) = 0 ]; then
      echo "in process ($label), render $((n / 2)): $(fmt "$(total "$part")") instructions"
    fi
  done
done
