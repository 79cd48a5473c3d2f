#!/usr/bin/env bash
# Page weight (HTML + CSS + JS bytes) and server time of the plan editor for the Fjordvik
# demo plan, as recorded in docs/benchmarks.md. Starts `omstilling serve --demo` on a free
# local port with a fresh SQLite file, logs in, and times 200 requests with curl
# (time to first byte on loopback = the server's time, plus a few microseconds).
# Usage: e2e/bench-editor.sh [path/to/omstilling]   (default: target/release/omstilling)
set -euo pipefail
bin=${1:-target/release/omstilling}
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
"$bin" serve --demo --db "sqlite://$dir/bench.db" --addr "127.0.0.1:$port" >"$dir/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do grep -q lytter "$dir/log" && break; sleep 0.2; done
password=$(grep -o 'passordet «[^»]*' "$dir/log" | sed 's/passordet «//')
base="http://127.0.0.1:$port"
curl -s -o /dev/null -c "$dir/jar" --data-urlencode username=demo --data-urlencode "password=$password" "$base/login"
page="$base/programmes/fjordvik/plans/2027"
curl -s -b "$dir/jar" "$page" >"$dir/page.html"
curl -s "$base/static/app.css" >"$dir/app.css"
curl -s "$base/static/app.js" >"$dir/app.js"
size() { wc -c <"$1" | tr -d ' '; }
gz() { gzip -9c "$1" | wc -c | tr -d ' '; }
echo "editor HTML: $(size "$dir/page.html") bytes ($(gz "$dir/page.html") gzipped)"
echo "app.css:     $(size "$dir/app.css") bytes ($(gz "$dir/app.css") gzipped)"
echo "app.js:      $(size "$dir/app.js") bytes ($(gz "$dir/app.js") gzipped)"
echo "total:       $(( $(size "$dir/page.html") + $(size "$dir/app.css") + $(size "$dir/app.js") )) bytes"
timeit() {
  local label=$1; shift
  for _ in $(seq 200); do curl -s -o /dev/null -w '%{time_starttransfer}\n' "$@"; done | sort -n >"$dir/times"
  awk -v label="$label" '{ t[NR] = $1 * 1000 } END { printf "%s: median %.2f ms, p90 %.2f ms (n=%d)\n", label, t[int(NR/2)], t[int(NR*0.9)], NR }' "$dir/times"
}
timeit "GET editor page" -b "$dir/jar" "$page"
# The live check the script posts while the user types (the whole form, nothing saved).
csrf=$(grep -o 'name="csrf_token" value="[^"]*' "$dir/page.html" | head -1 | sed 's/.*value="//')
python3 - "$dir/page.html" "$csrf" >"$dir/form" <<'PY'
import html, re, sys, urllib.parse
text = open(sys.argv[1], encoding="utf-8").read()
form = text[text.index('id="plan-form"'):text.index("</form>")]
pairs = [("csrf_token", sys.argv[2])]
for m in re.finditer(r'<input type="text"[^>]*name="([^"]+)" value="([^"]*)"', form):
    pairs.append((html.unescape(m.group(1)), html.unescape(m.group(2))))
for m in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
    pairs.append((html.unescape(m.group(1)), html.unescape(m.group(2))))
print(urllib.parse.urlencode(pairs), end="")
PY
timeit "POST live check" -b "$dir/jar" -H "X-CSRF-Token: $csrf" --data-binary "@$dir/form" -H 'Content-Type: application/x-www-form-urlencoded' "$page/check"
