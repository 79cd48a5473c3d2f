#!/usr/bin/env bash
# What the browser tests of the web pages (crates/web/tests/browser.rs) need: Debian's
# Chromium, node with npm, and the pinned npm packages of e2e/ (playwright-core and
# @axe-core/playwright, from e2e/package-lock.json). No browser download: playwright-core
# drives /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
if [ "${#need_apt[@]}" -gt 0 ]; then
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi
if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/@axe-core/playwright ] \
  || [ ! -d e2e/node_modules/ical.js ]; then
  (cd e2e && npm ci --no-audit --no-fund)
fi
