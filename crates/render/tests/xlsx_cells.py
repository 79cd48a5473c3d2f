"""Helpers for the XLSX tests, stdlib only.

`strip IN OUT`: copies the workbook with every formula's cached value removed, so
whatever LibreOffice shows afterwards it computed itself.
`formulas IN`: prints every formula in the workbook, one per line, as JSON strings.
`cached IN`: prints {sheet name: {cell: cached value}} for every formula, as JSON.
"""
import html
import json
import re
import sys
import zipfile

CACHED = re.compile(rb"(<f>[^<]*</f>)<v>[^<]*</v>")


def strip(src, dst):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = CACHED.sub(rb"\1", data)
            zout.writestr(item, data)


def formulas(src):
    with zipfile.ZipFile(src) as z:
        for name in sorted(z.namelist()):
            if name.startswith("xl/worksheets/sheet"):
                for f in re.findall(rb"<f>([^<]*)</f>", z.read(name)):
                    print(json.dumps(f.decode("utf-8")))


def cached(src):
    with zipfile.ZipFile(src) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        names = [html.unescape(n) for n in re.findall(r'<sheet name="([^"]*)"', workbook)]
        out = {}
        for index, name in enumerate(names, start=1):
            xml = z.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")
            cells = re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*><f>[^<]*</f><v>([^<]*)</v>', xml)
            out[name] = dict(cells)
        print(json.dumps(out, ensure_ascii=False))


command, *args = sys.argv[1:]
{"strip": strip, "formulas": formulas, "cached": cached}[command](*args)
