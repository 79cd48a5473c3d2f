#!/usr/bin/env bash
# Server benchmark (issue 5; docs/benchmarks.md, "Server"). Builds nothing: build first with
#   cargo build --release -p web --example bench_server
# Runs, in one session on this machine, ROUNDS rounds of wrk against the bare axum
# handlers (`/bare`, `/bare-plan`), GET plan and GET check, all served by one process on
# SQLite, then the same rounds against a process on PostgreSQL, then durable PUTs on SQLite
# and on PostgreSQL, and prints markdown tables with the load average before and after.
#
# Environment: BENCH_SERVER (the binary; default $CARGO_TARGET_DIR or target, then
# release/examples/bench_server), ROUNDS (3), CONNECTIONS (64), THREADS (wrk threads, 2), SECONDS_EACH (10),
# PUT_CLIENTS (8), PUT_SECONDS (8), PG (postgres://postgres@127.0.0.1:5432/test; a fresh
# schema is made in it with psql; PG=none skips PostgreSQL).
set -euo pipefail

here=$(cd "$(dirname "$0")/../../.." && pwd)
bin=${BENCH_SERVER:-${CARGO_TARGET_DIR:-$here/target}/release/examples/bench_server}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
seconds=${SECONDS_EACH:-10}
put_clients=${PUT_CLIENTS:-8}
put_seconds=${PUT_SECONDS:-8}
rounds=${ROUNDS:-3}
pg=${PG:-postgres://postgres@127.0.0.1:5432/test}

[ -x "$bin" ] || { echo "no $bin: cargo build --release -p web --example bench_server" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)

"$bin" serve "sqlite://$work/get.db" 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
for _ in $(seq 1 100); do grep -q '^listening ' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
addr=$(sed -n 's/^listening //p' "$work/serve.out")
token=$(sed -n 's/^token //p' "$work/serve.out")
[ -n "$addr" ] || { echo "bench_server did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }
plan="http://$addr/api/v1/programmes/p/plans/2027"

# One wrk run: prints "requests/s|p50|p99".
measure() {
    local out
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$@")
    echo "$out" >>"$work/wrk.log"
    if echo "$out" | grep -q 'Non-2xx'; then
        echo "non-2xx answers in: $*" >&2; echo "$out" >&2; exit 1
    fi
    local rps p50 p99
    rps=$(echo "$out" | awk '/^Requests\/sec:/ {printf "%.0f", $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    echo "$rps|$p50|$p99"
}

auth=(-H "Authorization: Bearer $token")
# Warm up (connections, statement caches, the check memo).
wrk -t1 -c8 -d1s "http://$addr/bare" >/dev/null
wrk -t1 -c8 -d1s "${auth[@]}" "$plan" >/dev/null
wrk -t1 -c8 -d1s "${auth[@]}" "$plan/check" >/dev/null

# ROUNDS rounds against one server, each measuring the four in turn, so that a slow spell
# of the machine falls on all of them; a request's share of `/bare` is taken within its
# round. Keys: PREFIX then bare, bare_plan, get_plan, get_check.
declare -A result
run_rounds() {
    local prefix=$1 base=$2 round; shift 2
    local plan_url="$base/api/v1/programmes/p/plans/2027"
    for round in $(seq 1 "$rounds"); do
        result[${prefix}bare,$round]=$(measure "$base/bare")
        result[${prefix}bare_plan,$round]=$(measure "$base/bare-plan")
        result[${prefix}get_plan,$round]=$(measure "$@" "$plan_url")
        result[${prefix}get_check,$round]=$(measure "$@" "$plan_url/check")
    done
}
run_rounds "" "http://$addr" "${auth[@]}"
kill "$server"; wait "$server" 2>/dev/null || true; server=""

puts_sqlite=$("$bin" puts "sqlite://$work/put.db" "$put_clients" "$put_seconds" 2>&1 | tail -1)
if [ "$pg" != none ]; then
    schema="bench_$$_$(date +%s)"
    psql "$pg" -qc "CREATE SCHEMA $schema" >/dev/null
    sep='?'; case "$pg" in *\?*) sep='&';; esac
    pg_url="$pg${sep}options[search_path]=$schema"
    # GET plan and check with PostgreSQL behind the same harness.
    "$bin" serve "$pg_url" 127.0.0.1:0 >"$work/pg.out" 2>"$work/pg.err" &
    server=$!
    for _ in $(seq 1 100); do grep -q '^listening ' "$work/pg.out" 2>/dev/null && break; sleep 0.1; done
    pg_addr=$(sed -n 's/^listening //p' "$work/pg.out")
    pg_auth=(-H "Authorization: Bearer $(sed -n 's/^token //p' "$work/pg.out")")
    wrk -t1 -c8 -d1s "${pg_auth[@]}" "http://$pg_addr/api/v1/programmes/p/plans/2027" >/dev/null
    # The same rounds, with this server's own `/bare` and `/bare-plan` as the baselines.
    run_rounds pg_ "http://$pg_addr" "${pg_auth[@]}"
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
    puts_pg=$("$bin" puts "$pg_url" "$put_clients" "$put_seconds" 2>&1 | tail -1)
    PGOPTIONS="-c client_min_messages=warning" psql "$pg" -qc "DROP SCHEMA $schema CASCADE" >/dev/null
else
    puts_pg="skipped (PG=none)"
fi
load_after=$(load)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# to_ms 1.23ms|456.00us|2.00s -> milliseconds
to_ms() { awk -v t="$1" 'BEGIN { u = t; sub(/[0-9.]+/, "", u); n = t + 0; if (u == "us") n /= 1000; else if (u == "s") n *= 1000; printf "%.2f", n }'; }
# One row over the rounds: median requests/s (lowest–highest), the median of the
# per-round shares of `/bare` and `/bare-plan`, the median p50 and the worst p99.
row() {
    local name=$1 key=$2 base=${3:-} r rps p50 p99 bare_rps plan_rps
    local all="" shares="" plan_shares="" p50s="" p99s=""
    for r in $(seq 1 "$rounds"); do
        IFS='|' read -r rps p50 p99 <<<"${result[$key,$r]}"
        bare_rps=${result[${base}bare,$r]%%|*}; plan_rps=${result[${base}bare_plan,$r]%%|*}
        all+="$rps"$'\n'; p50s+="$(to_ms "$p50")"$'\n'; p99s+="$(to_ms "$p99")"$'\n'
        shares+="$(ratio "$rps" "$bare_rps")"$'\n'; plan_shares+="$(ratio "$rps" "$plan_rps")"$'\n'
    done
    local low high
    low=$(printf '%s' "$all" | sort -g | head -1); high=$(printf '%s' "$all" | sort -g | tail -1)
    echo "| $name | $(printf '%s' "$all" | median) ($low–$high) | $(printf '%s' "$shares" | median) | $(printf '%s' "$plan_shares" | median) | $(printf '%s' "$p50s" | median) ms | $(printf '%s' "$p99s" | sort -g | tail -1) ms |"
}
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, wrk -t$threads -c$connections -d${seconds}s on loopback, same machine, $rounds rounds"
echo "load average before: $load_before; after: $load_after"
echo
echo "| request, $connections connections | requests/s, median (range) | of \`/bare\` | of \`/bare-plan\` | p50 | p99, worst round |"
echo "|---|---:|---:|---:|---:|---:|"
row "bare axum handler \`/bare\`" bare
row "bare handler with the plan's bytes \`/bare-plan\`" bare_plan
row "\`GET\` plan (SQLite)" get_plan
row "\`GET\` check (SQLite)" get_check
if [ "$pg" != none ]; then
    row "bare axum handler \`/bare\` (the PostgreSQL server's process)" pg_bare pg_
    row "\`/bare-plan\` (the PostgreSQL server's process)" pg_bare_plan pg_
    row "\`GET\` plan (PostgreSQL)" pg_get_plan pg_
    row "\`GET\` check (PostgreSQL)" pg_get_check pg_
fi
echo
echo "| durable \`PUT\`s, $put_clients clients, ${put_seconds} s | result |"
echo "|---|---|"
echo "| SQLite (WAL, \`synchronous=FULL\`) | $puts_sqlite |"
echo "| PostgreSQL | $puts_pg |"
