#!/usr/bin/env bash
# The calendar feed tests (issue 14) parse the feed with Python's `icalendar` (PyPI);
# ical.js comes with the e2e npm packages (e2e/package.json). Idempotent.
set -euo pipefail
if ! python3 -c "import icalendar" 2>/dev/null; then
  python3 -m pip install --quiet "icalendar>=6" \
    || python3 -m pip install --quiet --break-system-packages "icalendar>=6"
fi
