#!/usr/bin/env bash
# Seeds the fuzz corpus of the `read` target from the shared fixtures (the corpus is not
# committed: libFuzzer grows it in fuzz/corpus/read, which .gitignore keeps out of git).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="${FIXTURES:-$here/../../shared/fixtures}"
[ -d "$fixtures" ] || { echo "no fixtures at $fixtures (set FIXTURES=...)" >&2; exit 1; }
mkdir -p "$here/corpus/read"
count=0
while IFS= read -r -d '' fixture; do
    case "$fixture" in *.expected.json) continue ;; esac
    name="$(basename "$(dirname "$fixture")")-$(basename "$fixture")"
    cp "$fixture" "$here/corpus/read/$name"
    count=$((count + 1))
done < <(find "$fixtures" "${OP_FIXTURES:-$here/../../shared/omstillingsplan-fixtures}" -type f \( -name '*.json' -o -name '*.toml' \) -print0 2>/dev/null)
echo "seeded $count files (both kinds) into $here/corpus/read"

# The `import` target: each public import case and its document.xml (byte 0 chooses the
# shape: 0 the whole DOCX, 1 the document part packed by the target).
cases="${IMPORT_FIXTURES:-$here/../../shared/import-fixtures}"
if [ -d "$cases" ]; then
    mkdir -p "$here/corpus/import"
    n=0
    for docx in "$cases"/*.docx; do
        name="$(basename "$docx" .docx)"
        { printf '\x00'; cat "$docx"; } > "$here/corpus/import/$name-docx"
        { printf '\x01'; unzip -p "$docx" word/document.xml; } > "$here/corpus/import/$name-xml"
        n=$((n + 2))
    done
    echo "seeded $n import inputs into $here/corpus/import"
fi
