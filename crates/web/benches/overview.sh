#!/usr/bin/env bash
# Overview benchmark (issue 14; docs/benchmarks.md, "Overview across programmes"). Builds
# nothing: build first with
#   cargo build --release -p omstilling -p web --example bench_server
# For SQLite and for PostgreSQL, the whole process: `omstilling seed --programmes N
# --years 6` into a fresh database (timed), an observer with an API token (`omstilling
# user add/token`), then the bench_server (the real app plus a bare axum handler `/bare`
# in one process), and REQUESTS timed requests each (curl's time_total, after a warm-up)
# of `/bare`, `GET /api/v1/overview?year=YEAR` and the page `/overview?year=YEAR`.
# Prints a markdown table (median and 90th percentile in ms) and the load average
# before and after.
#
# Environment: BIN (directory with omstilling and examples/bench_server; default
# target/release), PROGRAMMES (10000), YEAR (2027), REQUESTS (30), PG
# (postgres://postgres@127.0.0.1:5432/test, a fresh database is made in it; PG=none skips).
set -euo pipefail

here=$(cd "$(dirname "$0")/../../.." && pwd)
bin=${BIN:-${CARGO_TARGET_DIR:-$here/target}/release}
programmes=${PROGRAMMES:-10000}
year=${YEAR:-2027}
requests=${REQUESTS:-30}
pg=${PG:-postgres://postgres@127.0.0.1:5432/test}
# The command line may come from another build (a debug one seeds more slowly).
omstilling=${OMSTILLING:-$bin/omstilling}

for b in "$omstilling" "$bin/examples/bench_server"; do
    [ -x "$b" ] || { echo "no $b: cargo build --release -p omstilling -p web --example bench_server" >&2; exit 1; }
done

work=$(mktemp -d)
server=""
pg_db=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    [ -n "$pg_db" ] && psql "$pg" -qc "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load before: $(load)"

# Median and 90th percentile (ms) of REQUESTS timings of one URL.
timings() {
    local url=$1 i
    for i in $(seq 1 5); do curl -sf -o /dev/null -H "Authorization: Bearer $token" "$url"; done
    for i in $(seq 1 "$requests"); do
        curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$url"
    done | sort -n | awk '{t[NR]=$1*1000} END {printf "%.1f|%.1f", t[int((NR+1)/2)], t[int(NR*0.9+0.5)]}'
}

run() {
    local name=$1 url=$2 seeded started
    started=$(date +%s.%N)
    seeded=$("$omstilling" seed --programmes "$programmes" --years 6 --db "$url")
    local seed_seconds
    seed_seconds=$(echo "$(date +%s.%N) - $started" | bc)
    echo 'Blåbær-fjell-7-kvist-ørret' | "$omstilling" user add benk --observer --password-stdin --db "$url" >/dev/null
    token=$("$omstilling" user token benk --db "$url" | tail -n1 | awk '{print $NF}')
    "$bin/examples/bench_server" serve "$url" 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
    server=$!
    for _ in $(seq 1 300); do grep -q '^listening ' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
    local addr
    addr=$(sed -n 's/^listening //p' "$work/serve.out")
    [ -n "$addr" ] || { echo "bench_server did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }
    local rows
    rows=$(curl -sf -H "Authorization: Bearer $token" "http://$addr/api/v1/overview?year=$year" | grep -o '"slug"' | wc -l)
    local bare api page
    bare=$(timings "http://$addr/bare")
    api=$(timings "http://$addr/api/v1/overview?year=$year")
    page=$(timings "http://$addr/overview?year=$year")
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
    echo "| $name | $rows | ${bare%|*} / ${bare#*|} | ${api%|*} / ${api#*|} | ${page%|*} / ${page#*|} | $seeded (${seed_seconds%.*} s with start-up) |"
}

echo
echo "| backend | rows | /bare ms (median / p90) | GET /api/v1/overview ms | /overview page ms | seed |"
echo "|---|---|---|---|---|---|"
run sqlite "sqlite://$work/overview.db"
if [ "$pg" != none ]; then
    pg_db="overview_bench_$$"
    psql "$pg" -qc "CREATE DATABASE $pg_db" >/dev/null
    run postgres "${pg%/*}/$pg_db"
fi
echo
echo "load after: $(load)"
