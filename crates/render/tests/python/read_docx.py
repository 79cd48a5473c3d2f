"""Reads a DOCX with python-docx and prints what the Rust tests check, as JSON.

Usage: read_docx.py FILE.docx
Prints {"properties": {...}, "styles": [...], "default_style": ..., "tables": [[[cell text]]],
"header_rows": [count per table], "paragraphs": [text], "merged": [...]}.
"""
import json
import sys

import docx
from docx.oxml.ns import qn


def main(path):
    document = docx.Document(path)
    props = document.core_properties
    tables = []
    header_rows = []
    vmerge = []
    for table in document.tables:
        rows = []
        for row in table.rows:
            rows.append([cell.text for cell in row.cells])
        tables.append(rows)
        header_rows.append(
            sum(1 for tr in table._tbl.tr_lst if tr.find(qn("w:trPr")) is not None
                and tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None)
        )
        vmerge.append(len(table._tbl.xpath(".//w:vMerge")))
    styles_el = document.styles.element
    default = None
    for style in styles_el.findall(qn("w:style")):
        if style.get(qn("w:default")) in ("1", "true") and style.get(qn("w:type")) == "paragraph":
            default = style.get(qn("w:styleId"))
    lang = styles_el.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang")
    body = document.element.body
    instr = [t.text for t in body.iter(qn("w:instrText"))]
    out = {
        "properties": {"title": props.title, "language": props.language},
        "default_style": default,
        "default_lang": lang[0].get(qn("w:val")) if lang else None,
        "styles": [s.name for s in document.styles],
        "paragraph_styles": [p.style.name for p in document.paragraphs],
        "paragraphs": [p.text for p in document.paragraphs],
        "tables": tables,
        "header_rows": header_rows,
        "vmerge": vmerge,
        "instr": instr,
        "section": {
            "width": document.sections[0].page_width,
            "height": document.sections[0].page_height,
            "footer": [p.text for p in document.sections[0].footer.paragraphs],
        },
        "images": [
            {"descr": d.get("descr")} for d in body.iter(
                "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
        ],
    }
    out["charts"] = charts(document)
    json.dump(out, sys.stdout, ensure_ascii=False)


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def charts(document):
    """Every chart the body refers to, in order: its kind and series (name, categories, values)."""
    from lxml import etree

    found = []
    for ref in document.element.body.iter(C + "chart"):
        part = document.part.related_parts[ref.get(R_ID)]
        root = etree.fromstring(part.blob)
        plot = root.find(C + "chart").find(C + "plotArea")
        series = []
        kinds = []
        for group in plot:
            tag = etree.QName(group).localname
            if not tag.endswith("Chart"):
                continue
            kinds.append(tag)
            for ser in group.findall(C + "ser"):
                series.append({
                    "kind": tag,
                    "name": "".join(v.text or "" for v in ser.find(C + "tx").iter(C + "v")),
                    "categories": [v.text for v in ser.find(C + "cat").iter(C + "v")],
                    "values": [float(v.text) for v in ser.find(C + "val").iter(C + "v")],
                })
        found.append({"content_type": part.content_type, "kinds": kinds, "series": series})
    return found


if __name__ == "__main__":
    main(sys.argv[1])
