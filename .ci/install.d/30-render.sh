#!/usr/bin/env bash
# What the render tests need: LibreOffice (DOCX -> PDF/text), poppler (pdftotext),
# pandoc (reads our Markdown as GFM), and python-docx + html5lib from PyPI.
# Idempotent: installs only what is missing.
set -euo pipefail
missing=()
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v pandoc >/dev/null || missing+=(pandoc)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi
if ! python3 -c "import docx, html5lib" 2>/dev/null; then
  python3 -m pip install --quiet "python-docx>=1.1" "html5lib>=1.1" \
    || python3 -m pip install --quiet --break-system-packages "python-docx>=1.1" "html5lib>=1.1"
fi
