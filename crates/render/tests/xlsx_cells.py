"""Helpers for the XLSX tests, stdlib only.

`strip IN OUT`: copies the workbook with every formula's cached value removed, so
whatever LibreOffice shows afterwards it computed itself.
`formulas IN`: prints every formula in the workbook, one per line, as JSON strings.
`cached IN`: prints {sheet name: {cell: cached value}} for every formula, as JSON.
`layout IN`: prints, per sheet, its page setup, whether it fits to pages, its column
widths, its row heights, its merged ranges, its print titles and every cell's shown
text or number, as JSON.
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


def layout(src):
    import xml.etree.ElementTree as ET

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(src) as z:
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        names = [s.get("name") for s in workbook.find("m:sheets", ns)]
        titles = {}
        defined = workbook.find("m:definedNames", ns)
        for d in defined if defined is not None else []:
            if d.get("name") == "_xlnm.Print_Titles":
                titles[int(d.get("localSheetId"))] = d.text
        strings = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
                strings.append("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
        out = {}
        for index, name in enumerate(names):
            root = ET.fromstring(z.read(f"xl/worksheets/sheet{index + 1}.xml"))
            setup = root.find("m:pageSetup", ns)
            props = root.find("m:sheetPr/m:pageSetUpPr", ns)
            cols = [
                {
                    "min": int(c.get("min")),
                    "max": int(c.get("max")),
                    "width": float(c.get("width")),
                    "hidden": c.get("hidden") == "1",
                }
                for c in root.iter(f"{{{ns['m']}}}col")
            ]
            rows, cells = {}, []
            for row in root.iter(f"{{{ns['m']}}}row"):
                if row.get("ht"):
                    rows[row.get("r")] = float(row.get("ht"))
                for c in row.findall("m:c", ns):
                    v = c.find("m:v", ns)
                    if v is None:
                        continue
                    if c.get("t") == "s":
                        cells.append({"ref": c.get("r"), "text": strings[int(v.text)]})
                    elif c.get("t") in (None, "n"):
                        cells.append({"ref": c.get("r"), "number": float(v.text)})
                    else:
                        cells.append({"ref": c.get("r"), "text": v.text or ""})
            merges = [m.get("ref") for m in root.iter(f"{{{ns['m']}}}mergeCell")]
            out[name] = {
                "page": dict(setup.attrib) if setup is not None else {},
                "fit_to_page": props is not None and props.get("fitToPage") == "1",
                "cols": cols,
                "rows": rows,
                "merges": merges,
                "print_titles": titles.get(index),
                "cells": cells,
            }
        print(json.dumps(out, ensure_ascii=False))


command, *args = sys.argv[1:]
{"strip": strip, "formulas": formulas, "cached": cached, "layout": layout}[command](*args)
