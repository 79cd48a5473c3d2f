"""Prints what the PDF tests check that poppler does not show, as JSON:
the catalogue's /Lang, /MarkInfo, /ViewerPreferences /DisplayDocTitle, the XMP
pdfuaid:part, the bookmark titles, the structure-tree roles in use, and every
figure's /Alt."""
import json
import sys

import pikepdf

pdf = pikepdf.open(sys.argv[1])
root = pdf.Root


def outline_titles(items, depth=0):
    out = []
    for item in items:
        out.append({"title": str(item.title), "depth": depth})
        out.extend(outline_titles(item.children, depth + 1))
    return out


with pdf.open_outline() as outline:
    bookmarks = outline_titles(outline.root)

roles = {}
figures = []
th_in_table = 0


def walk(node, parents):
    global th_in_table
    if isinstance(node, pikepdf.Array):
        for kid in node:
            walk(kid, parents)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    role = node.get("/S")
    if role is not None:
        role = str(role)[1:]
        roles[role] = roles.get(role, 0) + 1
        if role == "Figure":
            alt = node.get("/Alt")
            figures.append(str(alt) if alt is not None else None)
        if role == "TH" and "Table" in parents:
            th_in_table += 1
        parents = parents + [role]
    kids = node.get("/K")
    if kids is not None:
        walk(kids, parents)


tree = root.get("/StructTreeRoot")
if tree is not None:
    walk(tree.get("/K"), [])

metadata = bytes(root.Metadata.read_bytes()).decode("utf-8", "replace") if "/Metadata" in root else ""
viewer = root.get("/ViewerPreferences")
print(json.dumps({
    "lang": str(root.get("/Lang")) if "/Lang" in root else None,
    "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)) if "/MarkInfo" in root else False,
    "display_doc_title": bool(viewer.get("/DisplayDocTitle", False)) if viewer is not None else False,
    "pdfua_part": "pdfuaid:part" in metadata,
    "title": str(pdf.docinfo.get("/Title", "")),
    "bookmarks": bookmarks,
    "roles": roles,
    "figure_alts": figures,
    "th_in_table": th_in_table,
}, ensure_ascii=False))
