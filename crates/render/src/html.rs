//! HTML: one self-contained file (inline CSS, the logo as a data URI, no external
//! resources), and the same body as a fragment for the web app's preview.
//!
//! Every text from the plan goes through [`escape`]; nothing from the plan can become
//! markup. Semantic structure: the front page is a `<header>`, the contents a `<nav>`
//! with links, numbered headings `<h2>`/`<h3>` with stable ids, tables with `<caption>`,
//! `<th scope>` and right-aligned number cells. A print stylesheet lays it out on A4.

use std::fmt::Write as _;

use crate::Charts;
use crate::document::{
    Block, Cell, CellKind, Document, Figure, FrontPage, Heading, Paragraph, ParagraphKind, Row,
    RowKind, Table,
};

/// The stylesheet of the document, for pages that show [`fragment`].
pub const CSS: &str = r#"
.handlingsplan{--ink:#1e2b3c;--muted:#4b5563;--accent:#0062ba;--line:#c7ccd3;--head:#e8f1fb;--sum:#f3f4f6;
 font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--ink);line-height:1.5;
 max-width:52rem;margin:0 auto;padding:1rem;font-size:1rem;overflow-wrap:anywhere}
.handlingsplan h1,.handlingsplan h2,.handlingsplan h3{line-height:1.25;color:var(--ink)}
.handlingsplan h2{font-size:1.5rem;margin:2.5rem 0 .75rem;border-bottom:2px solid var(--accent);padding-bottom:.25rem}
.handlingsplan h3{font-size:1.2rem;margin:2rem 0 .5rem}
.handlingsplan .number{color:var(--accent);margin-right:.5rem}
.handlingsplan .front{border-bottom:4px solid var(--accent);padding:2rem 0 1.5rem;margin-bottom:2rem}
.handlingsplan .front h1{font-size:2.5rem;margin:0 0 .25rem}
.handlingsplan .front .subtitle{font-size:1.5rem;margin:0 0 1.5rem}
.handlingsplan .front .vision{font-size:1.15rem;font-style:italic;margin:0 0 1.5rem}
.handlingsplan .front .approval{margin:.25rem 0;color:var(--muted)}
.handlingsplan .front .logo{max-width:12rem;max-height:6rem;display:block;margin-bottom:1.5rem}
.handlingsplan .draft{display:inline-block;border:2px solid #c01b1b;color:#c01b1b;font-weight:700;padding:.25rem .75rem;margin:0 0 1rem;border-radius:4px}
.handlingsplan .draft.plain{border-color:var(--muted);color:var(--muted)}
.handlingsplan nav ol{list-style:none;padding-left:0}
.handlingsplan ul.lettered{list-style:none;padding-left:0}
.handlingsplan ul.lettered li{margin:.3rem 0 .3rem 1.6rem;text-indent:-1.6rem}
.handlingsplan ul.lettered .letter{display:inline-block;width:1.6rem;text-indent:0;font-weight:700}
.handlingsplan nav ol ol{padding-left:1.5rem}
.handlingsplan nav a{color:var(--accent)}
.handlingsplan a:focus-visible{outline:3px solid #ffda06;outline-offset:2px}
.handlingsplan .placeholder{color:var(--muted);font-style:italic}
.handlingsplan .table-wrap{overflow-x:auto;margin:1rem 0 .5rem;
 background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0)) left/2.5rem 100% no-repeat local,
 linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) right/2.5rem 100% no-repeat local,
 radial-gradient(farthest-side at 0 50%,rgba(30,43,60,.35),rgba(30,43,60,0)) left/.9rem 100% no-repeat scroll,
 radial-gradient(farthest-side at 100% 50%,rgba(30,43,60,.35),rgba(30,43,60,0)) right/.9rem 100% no-repeat scroll}
.handlingsplan .table-wrap:focus-visible{outline:3px solid #ffda06}
.handlingsplan table{border-collapse:collapse;width:100%;min-width:min(34rem,100%);font-size:.9rem;overflow-wrap:normal}
.handlingsplan caption{text-align:left;font-weight:600;padding:.25rem 0 .5rem;caption-side:top}
.handlingsplan th,.handlingsplan td{border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;text-align:left;hyphens:manual}
.handlingsplan thead th.num{white-space:normal}
.handlingsplan thead th{background:var(--head)}
.handlingsplan tbody th{font-weight:400}
.handlingsplan .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.handlingsplan .dash{text-align:center}
.handlingsplan tr.sum>*{background:var(--sum);font-weight:600}
.handlingsplan tr.total>*{background:var(--head);font-weight:700;border-top:2px solid var(--ink)}
.handlingsplan .note{font-size:.85rem;color:var(--muted);margin:.25rem 0}
.handlingsplan figure{margin:1.5rem 0}
.handlingsplan figcaption{font-weight:600}
.handlingsplan .figure-text{font-size:.9rem;color:var(--muted)}
.handlingsplan .figure-art svg{max-width:100%;height:auto}
.handlingsplan .doc-footer{margin-top:3rem;border-top:1px solid var(--line);color:var(--muted);font-size:.85rem;padding-top:.5rem}
@media (max-width:40rem){.handlingsplan{padding:.75rem}.handlingsplan .front h1{font-size:2rem}.handlingsplan table{font-size:.8rem}
 .handlingsplan .figure-art{overflow-x:auto}.handlingsplan .figure-art svg{max-width:none;width:36rem}
 .handlingsplan #figur-arshjul .figure-art svg{width:50rem}}
@media print{
 @page{size:A4;margin:20mm 18mm 22mm}
 .handlingsplan{max-width:none;padding:0;font-size:10.5pt}
 .handlingsplan .front{min-height:240mm;border:0;display:flex;flex-direction:column;justify-content:center;break-after:page}
 .handlingsplan nav{break-after:page}
 .handlingsplan h2,.handlingsplan h3{break-after:avoid}
 .handlingsplan .table-wrap{overflow:visible;background:none}
 .handlingsplan table{min-width:0}
 .handlingsplan thead{display:table-header-group}
 .handlingsplan tr,.handlingsplan figure{break-inside:avoid}
 .handlingsplan a{color:inherit;text-decoration:none}
}
"#;

/// The whole HTML file.
pub fn document(doc: &Document, logo_png: Option<&[u8]>, charts: &Charts) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let lang = doc.language.code();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<meta name=\"description\" content=\"{}\">\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape(&doc.title),
        escape(&doc.description),
    );
    write_body(&mut out, doc, logo_png, charts, true);
    out.push_str("</body>\n</html>\n");
    out
}

/// The document without `<html>`, `<head>` and stylesheet, for a page that includes
/// [`CSS`] itself (the web app's preview). Wrapped in `<article class="handlingsplan">`.
pub fn fragment(doc: &Document, logo_png: Option<&[u8]>, charts: &Charts) -> String {
    let mut out = String::with_capacity(64 * 1024);
    write_body(&mut out, doc, logo_png, charts, false);
    out
}

/// One table as the document shows it (caption, header, rows and notes).
pub fn table(table: &Table) -> String {
    let mut out = String::with_capacity(4096);
    write_table(&mut out, table);
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escaped text with line breaks as `<br>`.
fn escape_lines(text: &str) -> String {
    escape(text).replace('\n', "<br>")
}

fn write_body(
    out: &mut String,
    doc: &Document,
    logo_png: Option<&[u8]>,
    charts: &Charts,
    full_page: bool,
) {
    let lang = doc.language.code();
    let _ = writeln!(out, "<article class=\"handlingsplan\" lang=\"{lang}\">");
    write_front(out, &doc.front, logo_png);
    if full_page {
        out.push_str("<main>\n");
    }
    write_contents(out, doc);
    for block in &doc.blocks {
        match block {
            Block::Heading(heading) => write_heading(out, heading),
            Block::Paragraph(paragraph) => write_paragraph(out, paragraph),
            Block::NumberedList(items) => {
                out.push_str("<ol>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", escape_lines(item));
                }
                out.push_str("</ol>\n");
            }
            Block::LetteredList(items) => {
                out.push_str("<ul class=\"lettered\">\n");
                for (letter, item) in items {
                    let _ = writeln!(
                        out,
                        "<li><span class=\"letter\">{}.</span> {}</li>",
                        escape(letter),
                        escape_lines(item)
                    );
                }
                out.push_str("</ul>\n");
            }
            Block::Table(table) => write_table(out, table),
            Block::Figure(figure) => write_figure(out, figure, charts),
        }
    }
    if full_page {
        out.push_str("</main>\n");
    }
    let _ = writeln!(
        out,
        "<footer class=\"doc-footer\"><p>{}</p></footer>\n</article>",
        escape(&doc.footer)
    );
}

fn write_front(out: &mut String, front: &FrontPage, logo_png: Option<&[u8]>) {
    out.push_str("<header class=\"front\" id=\"forside\">\n");
    if let (Some(png), Some(alt)) = (logo_png, front.logo.as_ref().map(|l| &l.alt)) {
        let _ = writeln!(
            out,
            "<img class=\"logo\" src=\"data:image/png;base64,{}\" alt=\"{}\">",
            base64(png),
            escape(alt)
        );
    }
    if let Some(draft) = &front.draft {
        let class = if front.has_errors {
            "draft"
        } else {
            "draft plain"
        };
        let _ = writeln!(
            out,
            "<p class=\"{class}\" role=\"note\">{}</p>",
            escape(draft)
        );
    }
    let _ = writeln!(out, "<h1>{}</h1>", escape(&front.title));
    let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", escape(&front.subtitle));
    if let Some(vision) = &front.vision {
        let _ = writeln!(out, "<p class=\"vision\">{}</p>", escape_lines(vision));
    }
    for approval in &front.approvals {
        let _ = writeln!(out, "<p class=\"approval\">{}</p>", escape(approval));
    }
    out.push_str("</header>\n");
}

fn write_contents(out: &mut String, doc: &Document) {
    let _ = writeln!(
        out,
        "<nav aria-labelledby=\"innhold\">\n<h2 id=\"innhold\">{}</h2>\n<ol>",
        escape(&doc.contents.title)
    );
    let mut open_sub = false;
    for (i, entry) in doc.contents.entries.iter().enumerate() {
        if entry.level == 1 {
            if open_sub {
                out.push_str("</ol></li>\n");
                open_sub = false;
            } else if i > 0 {
                out.push_str("</li>\n");
            }
        } else if !open_sub {
            out.push_str("<ol>\n");
            open_sub = true;
        }
        let _ = write!(
            out,
            "<li><a href=\"#{}\">{} {}</a>",
            entry.id,
            escape(&entry.number),
            escape(&entry.text)
        );
        if entry.level != 1 {
            out.push_str("</li>\n");
        }
    }
    if open_sub {
        out.push_str("</ol></li>\n");
    } else if !doc.contents.entries.is_empty() {
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</nav>\n");
}

fn write_heading(out: &mut String, heading: &Heading) {
    let tag = if heading.level == 1 { "h2" } else { "h3" };
    let _ = writeln!(
        out,
        "<{tag} id=\"{}\"><span class=\"number\">{}</span>{}</{tag}>",
        heading.id,
        escape(&heading.number),
        escape(&heading.text)
    );
}

fn write_paragraph(out: &mut String, paragraph: &Paragraph) {
    let class = match paragraph.kind {
        ParagraphKind::Body => "",
        ParagraphKind::Placeholder => " class=\"placeholder\"",
    };
    match &paragraph.label {
        Some(label) => {
            let _ = writeln!(
                out,
                "<p><strong>{}:</strong> <span{class}>{}</span></p>",
                escape(label),
                escape_lines(&paragraph.text)
            );
        }
        None => {
            let _ = writeln!(out, "<p{class}>{}</p>", escape_lines(&paragraph.text));
        }
    }
}

fn write_table(out: &mut String, table: &Table) {
    let caption_id = format!("{}-tittel", table.id);
    let _ = writeln!(
        out,
        "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"{caption_id}\" tabindex=\"0\">\n\
         <table id=\"{}\">\n<caption id=\"{caption_id}\">{}</caption>",
        table.id,
        escape(&table.caption)
    );
    out.push_str("<colgroup>");
    for column in &table.columns {
        let _ = write!(out, "<col width=\"{}%\">", column.width);
    }
    out.push_str("</colgroup>\n<thead>\n");
    for row in &table.header {
        write_row(out, row, true);
    }
    out.push_str("</thead>\n<tbody>\n");
    for row in &table.body {
        write_row(out, row, false);
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    for note in &table.notes {
        let _ = writeln!(
            out,
            "<p class=\"note\"><sup>{}</sup> {}</p>",
            escape(&note.marker),
            escape_lines(&note.text)
        );
    }
}

fn write_row(out: &mut String, row: &Row, header: bool) {
    let class = match row.kind {
        RowKind::Sum => " class=\"sum\"",
        RowKind::Total => " class=\"total\"",
        RowKind::Header | RowKind::Body => "",
    };
    let _ = write!(out, "<tr{class}>");
    for cell in &row.cells {
        write_cell(out, cell, header);
    }
    out.push_str("</tr>\n");
}

fn write_cell(out: &mut String, cell: &Cell, header: bool) {
    if cell.kind == CellKind::Covered {
        return;
    }
    let (tag, scope) = if header {
        ("th", if cell.col_span > 1 { "colgroup" } else { "col" })
    } else if cell.row_header {
        ("th", if cell.row_span > 1 { "rowgroup" } else { "row" })
    } else {
        ("td", "")
    };
    let _ = write!(out, "<{tag}");
    if !scope.is_empty() {
        let _ = write!(out, " scope=\"{scope}\"");
    }
    match cell.kind {
        CellKind::Number => out.push_str(" class=\"num\""),
        CellKind::Dash => out.push_str(" class=\"dash\""),
        CellKind::Text | CellKind::Covered => {}
    }
    if cell.row_span > 1 {
        let _ = write!(out, " rowspan=\"{}\"", cell.row_span);
    }
    if cell.col_span > 1 {
        let _ = write!(out, " colspan=\"{}\"", cell.col_span);
    }
    let _ = write!(out, ">{}", escape_lines(&cell.text));
    if let Some(marker) = &cell.marker {
        let _ = write!(out, "<sup>{}</sup>", escape(marker));
    }
    let _ = write!(out, "</{tag}>");
}

/// The chart's SVG (drawn by [`crate::chart`], which escapes every plan text in it) is
/// hidden from screen readers: the visible text under it states the same data.
fn write_figure(out: &mut String, figure: &Figure, charts: &Charts) {
    let _ = writeln!(
        out,
        "<figure id=\"{}\">\n<figcaption>{}</figcaption>",
        figure.id,
        escape(&figure.caption)
    );
    if let Some(chart) = charts.get(&figure.id) {
        let _ = writeln!(
            out,
            "<div class=\"figure-art\" aria-hidden=\"true\">{}</div>",
            chart.svg.trim()
        );
    }
    let _ = writeln!(
        out,
        "<p class=\"figure-text\">{}</p>\n</figure>",
        escape(&figure.alt)
    );
}

/// Standard base64 with padding, for the logo's data URI.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>alert(1)</script> & \"Ørsta\" ]]>"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ørsta&quot; ]]&gt;"
        );
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
