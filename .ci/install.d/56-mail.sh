#!/usr/bin/env bash
# The e-mail tests (issue 14) start a real SMTP server, aiosmtpd (PyPI), with a handler
# of ours (crates/cli/tests/smtp_sink.py). Idempotent.
set -euo pipefail
if ! python3 -c "import aiosmtpd" 2>/dev/null; then
  python3 -m pip install --quiet "aiosmtpd==1.4.6" \
    || python3 -m pip install --quiet --break-system-packages "aiosmtpd==1.4.6"
fi
