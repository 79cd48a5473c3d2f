#!/usr/bin/env bash
# Tools the pdf/xlsx tests drive: poppler (pdfinfo, pdftotext), LibreOffice Calc
# (recalculates the XLSX headless) and the PDF/UA checker `pdfua` from PyPI.
set -euo pipefail
need_apt=()
command -v pdfinfo >/dev/null || need_apt+=(poppler-utils)
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || command -v soffice >/dev/null || need_apt+=(libreoffice-calc-nogui)
if [ "${#need_apt[@]}" -gt 0 ]; then
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi
command -v pdfua >/dev/null || python3 -m pip install --quiet pdfua
