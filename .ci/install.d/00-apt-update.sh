#!/usr/bin/env bash
# Refresh Debian's package lists once per CI run, so later scripts can apt-get install.
set -euo pipefail
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
fi
