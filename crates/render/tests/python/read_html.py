"""Parses HTML with html5lib and prints what the Rust tests check, as JSON.

Usage: read_html.py FILE.html [--strict]
With --strict, any parse error is fatal (exit 1 and the error on stderr).
Prints {"lang", "text", "elements": {tag: count}, "th_scopes": [...], "captions": [...],
"links": [href], "ids": [id]}.
"""
import json
import sys

import html5lib

XHTML = "{http://www.w3.org/1999/xhtml}"


def main(path, strict):
    with open(path, "rb") as f:
        data = f.read()
    parser = html5lib.HTMLParser(strict=strict, namespaceHTMLElements=True)
    try:
        tree = parser.parse(data, transport_encoding="utf-8")
    except html5lib.html5parser.ParseError as error:
        print(f"html5lib: {error}", file=sys.stderr)
        sys.exit(1)
    counts = {}
    th_scopes = []
    captions = []
    links = []
    ids = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.split("}")[-1]
        counts[tag] = counts.get(tag, 0) + 1
        if tag == "th":
            th_scopes.append(element.get("scope"))
        if tag == "caption":
            captions.append("".join(element.itertext()))
        if tag == "a" and element.get("href") is not None:
            links.append(element.get("href"))
        if element.get("id") is not None:
            ids.append(element.get("id"))
    html = tree if tree.tag == XHTML + "html" else tree.find(XHTML + "html")
    body = tree.find(f"{XHTML}body") if html is None else html.find(f"{XHTML}body")
    root = body if body is not None else tree
    json.dump(
        {
            "lang": None if html is None else html.get("lang"),
            "text": "".join(root.itertext()),
            "elements": counts,
            "th_scopes": th_scopes,
            "captions": captions,
            "links": links,
            "ids": ids,
        },
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    main(sys.argv[1], "--strict" in sys.argv[2:])
