#!/usr/bin/env bash
# Results import benchmark (issue 13; docs/benchmarks.md, "Results registry"). Builds
# nothing: build first with
#   cargo build --release -p web --example bench_server
# Generates a CSV file of ROWS (50 000) result rows as Excel writes them (semicolons,
# Windows-1252 is not needed: UTF-8 with BOM, grouped kroner, dd.mm.yyyy dates, valid
# organisation numbers), starts bench_server (programme `p` with the Fjordvik 2027 plan)
# under /usr/bin/time -v, and imports the file in ONE request through
# `POST /api/v1/programmes/p/results/import`, ROUNDS times into fresh databases. Prints
# the wall time of each request (curl's time_total), the server's resident memory
# before the import (VmRSS) and its peak (VmHWM, and time -v's maximum resident set
# size), and the load average before and after.
#
# Environment: BENCH_SERVER (the binary; default target/release/examples/bench_server),
# ROWS (50000), ROUNDS (3), DB (sqlite, or a postgres:// URL whose database is emptied
# first with psql).
set -euo pipefail

here=$(cd "$(dirname "$0")/../../.." && pwd)
bin=${BENCH_SERVER:-${CARGO_TARGET_DIR:-$here/target}/release/examples/bench_server}
rows=${ROWS:-50000}
rounds=${ROUNDS:-3}
db=${DB:-sqlite}
[ -x "$bin" ] || { echo "no $bin: cargo build --release -p web --example bench_server" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; }

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

python3 - "$rows" >"$work/rows.csv" <<'PY'
import random, sys
rows = int(sys.argv[1])
random.seed(13)
areas = ["Industri og leverandørnæring", "Reiseliv og opplevelser", "Nytt næringsliv og gründere",
         "Attraktivitet og kompetanse", "Bærekraft"]
def orgnr(n):
    digits = [int(c) for c in f"{n:08d}"]
    check = 11 - sum(d * w for d, w in zip(digits, [3, 2, 7, 6, 5, 4, 3, 2])) % 11
    if check == 10:
        return None
    return f"{n:08d}{0 if check == 11 else check}"
out = sys.stdout
out.write("\ufeffdato;innsatsområde;prosjekt;virksomhet;orgnr;nye_arbeidsplasser;sikrede_arbeidsplasser;"
          "avsluttede_prosjekter;innvilgede_søknader;innvilget_beløp;merknad\r\n")
for i in range(rows):
    org = orgnr(92000000 + i) or ""
    if org:
        org = f"{org[:3]} {org[3:6]} {org[6:]}"
    amount = random.randrange(0, 2_000_000)
    out.write(f"{random.randint(1, 28):02d}.{random.randint(1, 12):02d}.{random.choice([2025, 2026])};"
              f"{random.choice(areas)};Prosjekt {i};Bedrift {i} AS;{org};{random.randint(0, 5)};"
              f"{random.randint(0, 5)};{random.randint(0, 1)};{random.randint(0, 2)};"
              f"{amount:,} kr".replace(",", " ") + f';"Rad {i}; med semikolon"\r\n')
PY
bytes=$(stat -c %s "$work/rows.csv")
echo "file: $rows rows, $bytes bytes"
echo "load before: $(load)"
echo "| round | HTTP | wall time (s) | rows added | RSS before (MB) | peak RSS (MB) |"
echo "|---|---|---:|---:|---:|---:|"
for round in $(seq 1 "$rounds"); do
    if [ "$db" = sqlite ]; then
        url="sqlite://$work/round$round.db"
    else
        psql -q "$db" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null
        url=$db
    fi
    /usr/bin/time -v -o "$work/time$round.txt" "$bin" serve "$url" 127.0.0.1:0 \
        >"$work/serve$round.out" 2>"$work/serve$round.err" &
    server=$!
    for _ in $(seq 1 300); do grep -q '^listening ' "$work/serve$round.out" 2>/dev/null && break; sleep 0.1; done
    addr=$(sed -n 's/^listening //p' "$work/serve$round.out")
    token=$(sed -n 's/^token //p' "$work/serve$round.out")
    [ -n "$addr" ] || { echo "bench_server did not start:" >&2; cat "$work/serve$round.err" >&2; exit 1; }
    pid=$(pgrep -P "$server" -f "$bin" | head -1 || true)
    [ -n "$pid" ] || pid=$server
    rss_before=$(awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
    answer=$(curl -s -o "$work/answer$round.json" -w '%{http_code} %{time_total}' \
        -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
        --data-binary @"$work/rows.csv" "http://$addr/api/v1/programmes/p/results/import")
    hwm=$(awk '/^VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
    added=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get('added'))" "$work/answer$round.json" 2>/dev/null || echo "?")
    kill "$pid" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
    max_rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time$round.txt")
    echo "| $round | ${answer% *} | ${answer#* } | $added | $rss_before | $hwm (time -v: $max_rss) |"
done
echo "load after: $(load)"
