"""Reads an archive package back (issue #16) and prints what the tests check, as JSON.

Usage: inspect_archive.py PACKAGE.zip DIR

Unpacks PACKAGE.zip into DIR, then reports: the file names in order; whether
`sha256sum -c manifest-sha256.txt` verifies (run in DIR); the SHA-256 of every file;
metadata.xml: well-formed, its namespaces, the element order under each element, the
texts the spec names; document.pdf: the XMP's PDF/A and PDF/UA parts, its description
and keywords, /Lang, tagged (MarkInfo /Marked, StructTreeRoot), encryption, JavaScript,
transparency groups and output intents, and every font's embedding (`pdffonts`).
pikepdf comes with .ci/install.d/40-pdf.sh; sha256sum and pdffonts with coreutils and
poppler.
"""
import hashlib
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pikepdf

package, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(package) as z:
    names = z.namelist()
    infos = [(i.filename, i.date_time, i.external_attr >> 16) for i in z.infolist()]
    z.extractall(out)


def read(name):
    with open(f"{out}/{name}", "rb") as f:
        return f.read()


sha = {name: hashlib.sha256(read(name)).hexdigest() for name in names}
check = subprocess.run(
    ["sha256sum", "--strict", "-c", "manifest-sha256.txt"], cwd=out, capture_output=True, text=True
)

# --- metadata.xml --------------------------------------------------------------------
AM = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"
MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def short(tag):
    if tag.startswith("{" + AM + "}"):
        return tag[len(AM) + 2:]
    if tag.startswith("{" + MDK + "}"):
        return "n5mdk:" + tag[len(MDK) + 2:]
    return tag


metadata = {"well_formed": False}
try:
    root = ET.fromstring(read("metadata.xml"))
    metadata["well_formed"] = True
    metadata["root"] = root.tag

    def children(path):
        node = root if path == "" else root.find(path, {"a": AM, "m": MDK})
        return [short(c.tag) for c in node] if node is not None else None

    def text(path):
        node = root.find(path, {"a": AM, "m": MDK})
        return node.text if node is not None else None

    metadata["order"] = {
        "arkivmelding": children(""),
        "mappe": children("a:mappe"),
        "mappe/referanseEksternNoekkel": children("a:mappe/a:referanseEksternNoekkel"),
        "registrering": children("a:registrering"),
        "registrering/referanseForelderMappe": children("a:registrering/a:referanseForelderMappe"),
        "referanseForelderMappe/referanseEksternNoekkel": children(
            "a:registrering/a:referanseForelderMappe/m:referanseEksternNoekkel"),
        "dokumentbeskrivelse": children("a:registrering/a:dokumentbeskrivelse"),
        "dokumentobjekt": children("a:registrering/a:dokumentbeskrivelse/a:dokumentobjekt"),
        "dokumenttype": children("a:registrering/a:dokumentbeskrivelse/a:dokumenttype"),
        "journalposttype": children("a:registrering/a:journalposttype"),
    }
    metadata["types"] = {
        "mappe": root.find("a:mappe", {"a": AM}).get(f"{{{XSI}}}type"),
        "registrering": root.find("a:registrering", {"a": AM}).get(f"{{{XSI}}}type"),
    }
    obj = "a:registrering/a:dokumentbeskrivelse/a:dokumentobjekt/a:"
    metadata["text"] = {
        "system": text("a:system"),
        "antallFiler": text("a:antallFiler"),
        "mappe/tittel": text("a:mappe/a:tittel"),
        "mappe/noekkel": text("a:mappe/a:referanseEksternNoekkel/m:noekkel"),
        "forelder/noekkel": text(
            "a:registrering/a:referanseForelderMappe/m:referanseEksternNoekkel/m:noekkel"),
        "registrering/tittel": text("a:registrering/a:tittel"),
        "dokumentbeskrivelse/tittel": text("a:registrering/a:dokumentbeskrivelse/a:tittel"),
        "dokumenttype": text("a:registrering/a:dokumentbeskrivelse/a:dokumenttype/m:kode"),
        "dokumenttype/beskrivelse": text(
            "a:registrering/a:dokumentbeskrivelse/a:dokumenttype/m:beskrivelse"),
        "registrering/beskrivelse": text("a:registrering/a:beskrivelse"),
        "registrering/noekkel": text("a:registrering/a:referanseEksternNoekkel/m:noekkel"),
        "journalposttype": text("a:registrering/a:journalposttype/m:kode"),
        "dokumentetsDato": text("a:registrering/a:dokumentetsDato"),
        "dokumentstatus": text("a:registrering/a:dokumentbeskrivelse/a:dokumentstatus/m:kode"),
        "tilknyttetRegistreringSom": text(
            "a:registrering/a:dokumentbeskrivelse/a:tilknyttetRegistreringSom/m:kode"),
        "versjonsnummer": text(obj + "versjonsnummer"),
        "variantformat": text(obj + "variantformat/m:kode"),
        "format": text(obj + "format/m:kode"),
        "mimeType": text(obj + "mimeType"),
        "filnavn": text(obj + "filnavn"),
        "referanseDokumentfil": text(obj + "referanseDokumentfil"),
        "sjekksum": text(obj + "sjekksum"),
        "sjekksumAlgoritme": text(obj + "sjekksumAlgoritme"),
        "filstoerrelse": text(obj + "filstoerrelse"),
    }
except ET.ParseError as error:
    metadata["error"] = str(error)

# --- document.pdf --------------------------------------------------------------------
path = f"{out}/document.pdf"
pdf = pikepdf.open(path)
root = pdf.Root
xmp = bytes(root.Metadata.read_bytes()).decode("utf-8", "replace") if "/Metadata" in root else ""
meta = pdf.open_metadata()


def m(key):
    value = meta.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (list, set, tuple)):
        return [str(v) for v in value]
    return str(value)


def walk_objects():
    for obj in pdf.objects:
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            yield obj


javascript = "/JavaScript" in root.get("/Names", {})
groups = []
for obj in walk_objects():
    d = obj if isinstance(obj, pikepdf.Dictionary) else obj.stream_dict
    if d.get("/S") == pikepdf.Name("/JavaScript") or "/JS" in d:
        javascript = True
    group = d.get("/Group")
    if isinstance(group, pikepdf.Dictionary) and group.get("/S") == pikepdf.Name("/Transparency"):
        groups.append({"cs": "/CS" in group, "page": d.get("/Type") == pikepdf.Name("/Page")})

intents = [str(i.get("/S")) for i in root.get("/OutputIntents", [])]
fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True)
font_rows = [line.split() for line in fonts.stdout.splitlines()[2:] if line.strip()]

print(json.dumps({
    "names": names,
    "infos": infos,
    "manifest_ok": check.returncode == 0,
    "manifest_output": check.stdout + check.stderr,
    "manifest": read("manifest-sha256.txt").decode(),
    "sha256": sha,
    "check_json": json.loads(read("check.json")),
    "sizes": {name: len(read(name)) for name in names},
    "metadata": metadata,
    "pdf": {
        "header": read("document.pdf")[:8].decode("latin-1"),
        "pdfa_part": m("pdfaid:part"),
        "pdfa_conformance": m("pdfaid:conformance"),
        "pdfua_part": m("pdfuaid:part"),
        "description": m("dc:description"),
        "keywords": m("pdf:Keywords"),
        "creator": m("dc:creator"),
        "create_date": m("xmp:CreateDate"),
        "lang": str(root.get("/Lang")) if "/Lang" in root else None,
        "marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)) if "/MarkInfo" in root else False,
        "struct_tree": "/StructTreeRoot" in root,
        "encrypted": pdf.is_encrypted or "/Encrypt" in pdf.trailer,
        "javascript": javascript,
        "transparency_groups": groups,
        "output_intents": intents,
        "fonts": [{"name": row[0], "emb": row[-5]} for row in font_rows],
        "pdffonts_ok": fonts.returncode == 0,
    },
}, ensure_ascii=False))
