#!/usr/bin/env bash
# Tools the pdf/xlsx tests drive: poppler (pdfinfo, pdftotext, pdffonts), LibreOffice Calc
# (recalculates the XLSX headless) and the PDF/UA checker `pdfua` from PyPI (it brings
# pikepdf, which the PDF tests use to read the structure tree). Idempotent.
set -euo pipefail
missing=()
command -v pdfinfo >/dev/null || missing+=(poppler-utils)
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi
if ! command -v pdfua >/dev/null || ! python3 -c "import pikepdf" 2>/dev/null; then
  python3 -m pip install --quiet pdfua \
    || python3 -m pip install --quiet --break-system-packages pdfua
fi
