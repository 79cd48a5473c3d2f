//! DOCX: a real Word document (WordprocessingML), written part by part from the
//! [`Document`] and zipped.
//!
//! Word styles (Normal as the default, Title, Subtitle, Heading 1–2, Caption, a note
//! style and the table style `Tabell`), a table-of-contents field, A4 pages with the
//! page number in the footer, header rows that repeat on every page (`w:tblHeader`),
//! vertically merged strategy cells, cell widths on every cell (LibreOffice ignores
//! grid widths alone) wide enough that no header breaks inside a word even in a
//! substituted font ([`widths`]), the title, description and language (nb-NO / nn-NO) in the
//! file's properties and the styles, and an optional logo with alt text on the front
//! page.
//!
//! The figures are native Word charts (DrawingML `c:chartSpace` parts, see [`charts`]):
//! Word and LibreOffice draw them from the values cached in the part, the board can
//! restyle or copy them, and each carries the figure's text alternative. Nothing is
//! rasterised, so a DOCX is a few string writes and one zip.
//!
//! Every text from the plan goes through [`Xml::text`] or [`Xml::attr`], which escape
//! `&`, `<`, `>`, quotes and drop the control characters XML 1.0 forbids; no plan text
//! is ever written as markup.

mod charts;
mod widths;

use std::fmt::Write as _;
use std::io::Write as _;

use crate::RenderError;
use crate::document::{
    Block, Cell, CellKind, Document, Figure, Heading, Paragraph as DocParagraph, ParagraphKind,
    Row, RowKind, Table,
};

/// A4 in twentieths of a point.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN: u32 = 1_134;
/// The width between the margins, in twips.
const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN as usize);
/// EMU (English Metric Units) per twip.
const EMU_PER_TWIP: u64 = 635;

const INK: &str = "1E2B3C";
const ACCENT: &str = "0062BA";
const MUTED: &str = "4B5563";
const HEAD_FILL: &str = "E8F1FB";
const SUM_FILL: &str = "F3F4F6";
const DRAFT: &str = "C01B1B";
const RULE: &str = "9AA3AE";

const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
const NS_C: &str = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// A logo: PNG bytes and the size in pixels.
#[derive(Debug, Clone, Copy)]
pub struct LogoImage<'a> {
    pub png: &'a [u8],
    pub width_px: u32,
    pub height_px: u32,
}

/// The document as DOCX bytes.
pub fn document(doc: &Document, logo: Option<LogoImage<'_>>) -> Result<Vec<u8>, RenderError> {
    let mut body = Body::new(doc);
    body.front_page(logo);
    body.contents();
    for block in &doc.blocks {
        match block {
            Block::Heading(heading) => body.heading(heading),
            Block::Paragraph(paragraph) => body.body_paragraph(paragraph),
            Block::NumberedList(items) => {
                for (i, item) in items.iter().enumerate() {
                    body.paragraph(
                        "Nummerliste",
                        Props::default().keep_lines(),
                        &format!("{}.\t{item}", i + 1),
                    );
                }
            }
            Block::LetteredList(items) => {
                for (letter, item) in items {
                    body.paragraph(
                        "Nummerliste",
                        Props::default().keep_lines(),
                        &format!("{letter}.\t{item}"),
                    );
                }
            }
            Block::Table(table) => body.table(table),
            Block::Figure(figure) => body.figure(figure),
        }
    }
    body.finish(logo)
}

/// Paragraph properties beyond the style.
#[derive(Default, Clone, Copy)]
struct Props {
    keep_next: bool,
    keep_lines: bool,
    page_break_before: bool,
    align: Option<&'static str>,
    /// Space before, in twips.
    before: Option<u32>,
}

impl Props {
    fn keep_next(mut self) -> Props {
        self.keep_next = true;
        self
    }

    fn keep_lines(mut self) -> Props {
        self.keep_lines = true;
        self
    }

    fn page_break_before(mut self) -> Props {
        self.page_break_before = true;
        self
    }

    fn align(mut self, align: &'static str) -> Props {
        self.align = Some(align);
        self
    }

    fn before(mut self, twips: u32) -> Props {
        self.before = Some(twips);
        self
    }
}

/// An XML text buffer with escaping writers.
struct Xml(String);

impl Xml {
    fn raw(&mut self, markup: &str) {
        self.0.push_str(markup);
    }

    /// Character data: `&`, `<`, `>` escaped, forbidden control characters dropped.
    fn text(&mut self, text: &str) {
        escape_into(&mut self.0, text, false);
    }

    /// An attribute value (inside double quotes).
    fn attr(&mut self, text: &str) {
        escape_into(&mut self.0, text, true);
    }
}

fn escape_into(out: &mut String, text: &str, attribute: bool) {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if attribute => "&quot;",
            '\n' if attribute => "&#10;",
            '\t' if attribute => "&#9;",
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => "",
            '\u{FFFE}' | '\u{FFFF}' => "",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        start = i + c.len_utf8();
    }
    out.push_str(&text[start..]);
}

/// `document.xml`'s body and what it refers to.
struct Body<'a> {
    doc: &'a Document,
    xml: Xml,
    /// The next `wp:docPr` id (unique per document).
    next_drawing: u32,
    /// The next bookmark id.
    next_bookmark: u32,
    /// Chart parts, in order (`word/charts/chartN.xml`).
    charts: Vec<String>,
    /// The text size (half-points) of the table being written, when it is smaller
    /// than `Tabelltekst`'s.
    table_text_size: Option<usize>,
    /// How many main chapters (level-1 headings) have been written.
    chapters: usize,
}

impl<'a> Body<'a> {
    fn new(doc: &'a Document) -> Body<'a> {
        Body {
            doc,
            xml: Xml(String::with_capacity(96 * 1024)),
            next_drawing: 1,
            next_bookmark: 1,
            charts: Vec::new(),
            table_text_size: None,
            chapters: 0,
        }
    }

    fn open_paragraph(&mut self, style: &str, props: Props) {
        let x = &mut self.xml;
        x.raw("<w:p><w:pPr><w:pStyle w:val=\"");
        x.raw(style);
        x.raw("\"/>");
        if props.keep_next {
            x.raw("<w:keepNext/>");
        }
        if props.keep_lines {
            x.raw("<w:keepLines/>");
        }
        if props.page_break_before {
            x.raw("<w:pageBreakBefore/>");
        }
        if let Some(before) = props.before {
            let _ = write!(x.0, "<w:spacing w:before=\"{before}\"/>");
        }
        if let Some(align) = props.align {
            let _ = write!(x.0, "<w:jc w:val=\"{align}\"/>");
        }
        x.raw("</w:pPr>");
    }

    /// Text as runs, `\n` as line breaks.
    fn runs(&mut self, text: &str, bold: bool, color: Option<&str>) {
        for (i, line) in text.split('\n').enumerate() {
            self.xml.raw("<w:r>");
            if bold || color.is_some() || self.table_text_size.is_some() {
                self.xml.raw("<w:rPr>");
                if bold {
                    self.xml.raw("<w:b/><w:bCs/>");
                }
                if let Some(color) = color {
                    let _ = write!(self.xml.0, "<w:color w:val=\"{color}\"/>");
                }
                if let Some(size) = self.table_text_size {
                    let _ = write!(
                        self.xml.0,
                        "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"
                    );
                }
                self.xml.raw("</w:rPr>");
            }
            if i > 0 {
                self.xml.raw("<w:br/>");
            }
            self.xml.raw("<w:t xml:space=\"preserve\">");
            self.xml.text(line);
            self.xml.raw("</w:t></w:r>");
        }
    }

    fn paragraph(&mut self, style: &str, props: Props, text: &str) {
        self.open_paragraph(style, props);
        self.runs(text, false, None);
        self.xml.raw("</w:p>");
    }

    fn empty_paragraph(&mut self, style: &str, props: Props) {
        self.open_paragraph(style, props);
        self.xml.raw("</w:p>");
    }

    fn page_break(&mut self) {
        self.xml
            .raw("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
    }

    fn front_page(&mut self, logo: Option<LogoImage<'_>>) {
        let front = &self.doc.front;
        if let (Some(logo), Some(alt)) = (logo, front.logo.as_ref().map(|l| &l.alt)) {
            // At most 6 cm wide and 3 cm high, keeping the aspect ratio.
            let (max_w, max_h) = (2_160_000u64, 1_080_000u64);
            let (w, h) = (
                u64::from(logo.width_px).max(1),
                u64::from(logo.height_px).max(1),
            );
            let scale = (max_w * 1000 / w).min(max_h * 1000 / h);
            let (cx, cy) = (w * scale / 1000, h * scale / 1000);
            self.open_paragraph("Normal", Props::default());
            self.xml.raw("<w:r>");
            self.inline_open(cx, cy, "Logo", alt);
            let _ = write!(
                self.xml.0,
                "<a:graphic xmlns:a=\"{NS_A}\"><a:graphicData uri=\"{NS_PIC}\"><pic:pic xmlns:pic=\"{NS_PIC}\"><pic:nvPicPr><pic:cNvPr id=\"0\" name=\"logo.png\" descr=\""
            );
            self.xml.attr(alt);
            let _ = write!(
                self.xml.0,
                "\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdLogo\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
            );
        }
        self.empty_paragraph("Normal", Props::default().before(2400));
        if let Some(draft) = &front.draft {
            let color = if front.has_errors { DRAFT } else { MUTED };
            self.open_paragraph("Utkast", Props::default());
            self.runs(draft, false, Some(color));
            self.xml.raw("</w:p>");
        }
        self.paragraph("Title", Props::default(), &front.title);
        self.paragraph("Subtitle", Props::default(), &front.subtitle);
        if let Some(vision) = &front.vision {
            self.paragraph("Visjon", Props::default(), vision);
        }
        self.empty_paragraph("Normal", Props::default().before(1200));
        for approval in &front.approvals {
            self.paragraph("Godkjenning", Props::default(), approval);
        }
        self.page_break();
    }

    /// The table-of-contents field over Heading 1–2. Its cached result lists every
    /// heading with a link to its bookmark and a PAGEREF field for the page, left
    /// empty: the page numbers are only known after layout, so Word fills them in when
    /// it updates the fields on opening (`w:updateFields`).
    fn contents(&mut self) {
        let doc = self.doc;
        self.paragraph("Innholdstittel", Props::default(), &doc.contents.title);
        for (i, heading) in doc.contents.entries.iter().enumerate() {
            let style = if heading.level == 1 { "TOC1" } else { "TOC2" };
            self.open_paragraph(style, Props::default());
            if i == 0 {
                self.xml.raw(
                    "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r><w:r><w:instrText xml:space=\"preserve\">TOC \\o \"1-2\" \\h \\z \\u</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>",
                );
            }
            let bookmark = bookmark_name(heading);
            let _ = write!(
                self.xml.0,
                "<w:hyperlink w:anchor=\"{bookmark}\" w:history=\"1\">"
            );
            self.runs(&heading.numbered_text(), false, None);
            let _ = write!(
                self.xml.0,
                "<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGEREF {bookmark} \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:hyperlink></w:p>"
            );
        }
        self.xml
            .raw("<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>");
        self.page_break();
    }

    fn heading(&mut self, heading: &Heading) {
        let style = if heading.level == 1 {
            "Heading1"
        } else {
            "Heading2"
        };
        let mut props = Props::default().keep_next();
        if heading.level == 1 {
            // The first chapter follows the contents' page break already.
            if self.chapters > 0 && self.doc.chapters_on_new_pages {
                props = props.page_break_before();
            }
            self.chapters += 1;
        }
        self.open_paragraph(style, props);
        let id = self.next_bookmark;
        self.next_bookmark += 1;
        let _ = write!(
            self.xml.0,
            "<w:bookmarkStart w:id=\"{id}\" w:name=\"{}\"/>",
            bookmark_name(heading)
        );
        self.runs(&heading.numbered_text(), false, None);
        let _ = write!(self.xml.0, "<w:bookmarkEnd w:id=\"{id}\"/></w:p>");
    }

    fn body_paragraph(&mut self, paragraph: &DocParagraph) {
        let style = match paragraph.kind {
            ParagraphKind::Body => "Normal",
            ParagraphKind::Placeholder => "Plassholder",
        };
        self.open_paragraph(style, Props::default());
        if let Some(label) = &paragraph.label {
            self.runs(&format!("{label}: "), true, None);
        }
        self.runs(&paragraph.text, false, None);
        self.xml.raw("</w:p>");
    }

    fn table(&mut self, table: &Table) {
        self.paragraph("Caption", Props::default().keep_next(), &table.caption);
        let layout = widths::layout(table, TEXT_WIDTH);
        let widths = layout.widths;
        self.table_text_size =
            (layout.half_points != widths::TABLE_TEXT_HALF_POINTS).then_some(layout.half_points);
        let margin = widths::CELL_MARGIN;
        let _ = write!(
            self.xml.0,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"Tabell\"/><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"{margin}\" w:type=\"dxa\"/><w:right w:w=\"{margin}\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        );
        for width in &widths {
            let _ = write!(self.xml.0, "<w:gridCol w:w=\"{width}\"/>");
        }
        self.xml.raw("</w:tblGrid>");
        for row in &table.header {
            // Header rows repeat on every page and never split.
            self.xml
                .raw("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
            self.cells(table, row, &widths, true);
            self.xml.raw("</w:tr>");
        }
        for row in &table.body {
            self.xml.raw("<w:tr>");
            self.cells(table, row, &widths, false);
            self.xml.raw("</w:tr>");
        }
        self.xml.raw("</w:tbl>");
        self.table_text_size = None;
        for note in &table.notes {
            self.paragraph(
                "Merknad",
                Props::default(),
                &format!("{} {}", note.marker, note.text),
            );
        }
        self.empty_paragraph("Mellomrom", Props::default());
    }

    fn cells(&mut self, table: &Table, row: &Row, widths: &[usize], header: bool) {
        let mut column = 0usize;
        for cell in &row.cells {
            let span = cell.col_span.max(1);
            let width: usize = widths.iter().skip(column).take(span).sum();
            let numeric = cell.kind == CellKind::Number
                || table.columns.get(column).is_some_and(|c| c.numeric)
                    && cell.kind != CellKind::Text;
            column += span;
            self.cell(cell, row.kind, width, header, numeric);
        }
    }

    fn cell(&mut self, cell: &Cell, kind: RowKind, width: usize, header: bool, numeric: bool) {
        let bold = header || matches!(kind, RowKind::Sum | RowKind::Total);
        let _ = write!(
            self.xml.0,
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
        );
        if cell.col_span > 1 {
            let _ = write!(self.xml.0, "<w:gridSpan w:val=\"{}\"/>", cell.col_span);
        }
        if cell.row_span > 1 {
            self.xml.raw("<w:vMerge w:val=\"restart\"/>");
        } else if cell.kind == CellKind::Covered {
            self.xml.raw("<w:vMerge/>");
        }
        let fill = if header || kind == RowKind::Total {
            Some(HEAD_FILL)
        } else if kind == RowKind::Sum {
            Some(SUM_FILL)
        } else {
            None
        };
        if let Some(fill) = fill {
            let _ = write!(
                self.xml.0,
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"
            );
        }
        self.xml.raw("</w:tcPr>");
        let mut props = Props::default();
        if numeric {
            props = props.align("right");
        } else if cell.kind == CellKind::Dash {
            props = props.align("center");
        }
        self.open_paragraph("Tabelltekst", props);
        if cell.kind != CellKind::Covered {
            self.runs(&cell.text, bold, None);
            if let Some(marker) = &cell.marker {
                self.runs(marker, bold, None);
            }
        }
        self.xml.raw("</w:p></w:tc>");
    }

    fn figure(&mut self, figure: &Figure) {
        self.paragraph("Caption", Props::default().keep_next(), &figure.caption);
        let chart = charts::chart_space(figure, self.doc.language);
        self.charts.push(chart.xml);
        let number = self.charts.len();
        let cx = TEXT_WIDTH as u64 * EMU_PER_TWIP;
        let cy = cx * u64::from(chart.height_per_mille) / 1000;
        self.open_paragraph("Normal", Props::default().keep_next().align("center"));
        self.xml.raw("<w:r>");
        self.inline_open(cx, cy, "Diagram", &figure.alt);
        let _ = write!(
            self.xml.0,
            "<a:graphic xmlns:a=\"{NS_A}\"><a:graphicData uri=\"{NS_C}\"><c:chart xmlns:c=\"{NS_C}\" r:id=\"rIdChart{number}\"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        );
        self.paragraph("Figurtekst", Props::default(), &figure.alt);
    }

    /// Opens `<w:drawing><wp:inline>` up to and including `wp:cNvGraphicFramePr`.
    fn inline_open(&mut self, cx: u64, cy: u64, name: &str, alt: &str) {
        let id = self.next_drawing;
        self.next_drawing += 1;
        let _ = write!(
            self.xml.0,
            "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{id}\" name=\"{name} {id}\" descr=\""
        );
        self.xml.attr(alt);
        let _ = write!(
            self.xml.0,
            "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"{NS_A}\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
        );
    }

    /// The whole package.
    fn finish(self, logo: Option<LogoImage<'_>>) -> Result<Vec<u8>, RenderError> {
        let doc = self.doc;
        let tag = doc.language.tag();
        let logo = logo.filter(|_| doc.front.logo.is_some());

        let mut document = String::with_capacity(self.xml.0.len() + 1024);
        document.push_str(XML_HEAD);
        let _ = write!(
            document,
            "<w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\" xmlns:wp=\"{NS_WP}\"><w:body>"
        );
        document.push_str(&self.xml.0);
        let _ = write!(
            document,
            "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:footerReference w:type=\"first\" r:id=\"rIdFooterFirst\"/><w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\"/><w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr></w:body></w:document>"
        );

        let mut types = String::from(XML_HEAD);
        types.push_str(
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
        );
        for n in 1..=self.charts.len() {
            let _ = write!(
                types,
                "<Override PartName=\"/word/charts/chart{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
            );
        }
        types.push_str("</Types>");

        let mut rels = String::from(XML_HEAD);
        let _ = write!(
            rels,
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"{REL}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdSettings\" Type=\"{REL}/settings\" Target=\"settings.xml\"/><Relationship Id=\"rIdFooter\" Type=\"{REL}/footer\" Target=\"footer1.xml\"/><Relationship Id=\"rIdFooterFirst\" Type=\"{REL}/footer\" Target=\"footer2.xml\"/>"
        );
        if logo.is_some() {
            let _ = write!(
                rels,
                "<Relationship Id=\"rIdLogo\" Type=\"{REL}/image\" Target=\"media/logo.png\"/>"
            );
        }
        for n in 1..=self.charts.len() {
            let _ = write!(
                rels,
                "<Relationship Id=\"rIdChart{n}\" Type=\"{REL}/chart\" Target=\"charts/chart{n}.xml\"/>"
            );
        }
        rels.push_str("</Relationships>");

        let mut package_rels = String::from(XML_HEAD);
        let _ = write!(
            package_rels,
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>"
        );

        let mut core = Xml(String::from(XML_HEAD));
        core.raw("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
        core.text(&doc.title);
        core.raw("</dc:title><dc:description>");
        core.text(&doc.description);
        let _ = write!(
            core.0,
            "</dc:description><dc:language>{tag}</dc:language><dc:creator>omstilling</dc:creator></cp:coreProperties>"
        );

        let app = format!(
            "{XML_HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>omstilling</Application></Properties>"
        );

        let mut footer = Xml(String::from(XML_HEAD));
        let _ = write!(
            footer.0,
            "<w:ftr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t xml:space=\"preserve\">"
        );
        footer.text(&doc.footer);
        footer.raw("</w:t></w:r><w:r><w:tab/><w:t xml:space=\"preserve\">");
        footer.text(&doc.page_label.0);
        footer.raw(" </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> ");
        footer.text(&doc.page_label.1);
        footer.raw(" </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:ftr>");
        let first_footer = format!(
            "{XML_HEAD}<w:ftr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr></w:p></w:ftr>"
        );

        let settings = format!(
            "{XML_HEAD}<w:settings xmlns:w=\"{NS_W}\"><w:defaultTabStop w:val=\"709\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:updateFields w:val=\"true\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"{tag}\"/></w:settings>"
        );

        let mut zip = Zip::new(document.len() + 64 * 1024);
        zip.file("[Content_Types].xml", types.as_bytes())?;
        zip.file("_rels/.rels", package_rels.as_bytes())?;
        zip.file("docProps/core.xml", core.0.as_bytes())?;
        zip.file("docProps/app.xml", app.as_bytes())?;
        zip.file("word/document.xml", document.as_bytes())?;
        zip.file("word/_rels/document.xml.rels", rels.as_bytes())?;
        zip.file("word/styles.xml", styles(tag).as_bytes())?;
        zip.file("word/settings.xml", settings.as_bytes())?;
        zip.file("word/footer1.xml", footer.0.as_bytes())?;
        zip.file("word/footer2.xml", first_footer.as_bytes())?;
        for (i, chart) in self.charts.iter().enumerate() {
            zip.file(&format!("word/charts/chart{}.xml", i + 1), chart.as_bytes())?;
        }
        if let Some(logo) = logo {
            // PNG is compressed already.
            zip.stored("word/media/logo.png", logo.png)?;
        }
        zip.finish()
    }
}

/// The bookmark of a heading: its id with `_` for `-` (Word's bookmark names).
fn bookmark_name(heading: &Heading) -> String {
    heading.id.replace('-', "_")
}

/// `styles.xml`: document defaults in the plan's language, the paragraph styles and
/// the table style.
fn styles(tag: &str) -> String {
    let mut out = String::with_capacity(8 * 1024);
    out.push_str(XML_HEAD);
    let _ = write!(
        out,
        "<w:styles xmlns:w=\"{NS_W}\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"{tag}\" w:eastAsia=\"{tag}\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    );
    out.push_str("<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>");
    // (id, name, next, paragraph properties, run properties)
    let paragraph_styles: [(&str, &str, &str, String, String); 18] = [
        (
            "Title",
            "Title",
            "",
            "<w:spacing w:after=\"120\"/>".into(),
            format!(
                "<w:b/><w:bCs/><w:color w:val=\"{INK}\"/><w:sz w:val=\"60\"/><w:szCs w:val=\"60\"/>"
            ),
        ),
        (
            "Subtitle",
            "Subtitle",
            "",
            "<w:spacing w:after=\"600\"/>".into(),
            format!("<w:color w:val=\"{ACCENT}\"/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/>"),
        ),
        (
            "Heading1",
            "heading 1",
            "Normal",
            "<w:keepNext/><w:spacing w:before=\"360\" w:after=\"160\"/><w:outlineLvl w:val=\"0\"/>"
                .into(),
            format!(
                "<w:b/><w:bCs/><w:color w:val=\"{ACCENT}\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"
            ),
        ),
        (
            "Heading2",
            "heading 2",
            "Normal",
            "<w:keepNext/><w:spacing w:before=\"280\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/>"
                .into(),
            format!(
                "<w:b/><w:bCs/><w:color w:val=\"{INK}\"/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/>"
            ),
        ),
        (
            "Caption",
            "caption",
            "",
            "<w:keepNext/><w:spacing w:before=\"200\" w:after=\"80\"/>".into(),
            format!(
                "<w:b/><w:bCs/><w:color w:val=\"{INK}\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/>"
            ),
        ),
        (
            "Visjon",
            "Visjon",
            "",
            String::new(),
            format!(
                "<w:i/><w:iCs/><w:color w:val=\"{INK}\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>"
            ),
        ),
        (
            "Godkjenning",
            "Godkjenning",
            "",
            "<w:spacing w:after=\"60\"/>".into(),
            format!("<w:color w:val=\"{MUTED}\"/>"),
        ),
        (
            "Utkast",
            "Utkast",
            "",
            "<w:spacing w:after=\"240\"/>".into(),
            "<w:b/><w:bCs/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>".into(),
        ),
        (
            "Innholdstittel",
            "TOC Heading",
            "Normal",
            "<w:spacing w:after=\"240\"/>".into(),
            format!(
                "<w:b/><w:bCs/><w:color w:val=\"{ACCENT}\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"
            ),
        ),
        (
            "Merknad",
            "Merknad",
            "",
            "<w:spacing w:before=\"40\" w:after=\"40\"/>".into(),
            format!("<w:color w:val=\"{MUTED}\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>"),
        ),
        (
            "Plassholder",
            "Plassholder",
            "",
            String::new(),
            format!("<w:i/><w:iCs/><w:color w:val=\"{MUTED}\"/>"),
        ),
        (
            "Nummerliste",
            "Nummerliste",
            "",
            "<w:spacing w:after=\"40\"/><w:ind w:left=\"567\" w:hanging=\"340\"/>".into(),
            String::new(),
        ),
        (
            "Tabelltekst",
            "Tabelltekst",
            "",
            "<w:spacing w:before=\"20\" w:after=\"20\" w:line=\"240\" w:lineRule=\"auto\"/>".into(),
            format!(
                "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>",
                size = widths::TABLE_TEXT_HALF_POINTS
            ),
        ),
        (
            "Figurtekst",
            "Figurtekst",
            "",
            "<w:spacing w:before=\"80\"/>".into(),
            format!("<w:color w:val=\"{MUTED}\"/><w:sz w:val=\"19\"/><w:szCs w:val=\"19\"/>"),
        ),
        (
            "Mellomrom",
            "Mellomrom",
            "",
            "<w:spacing w:after=\"0\" w:line=\"120\" w:lineRule=\"auto\"/>".into(),
            "<w:sz w:val=\"8\"/><w:szCs w:val=\"8\"/>".into(),
        ),
        (
            "Footer",
            "footer",
            "",
            format!(
                "<w:tabs><w:tab w:val=\"right\" w:pos=\"{TEXT_WIDTH}\"/></w:tabs><w:spacing w:after=\"0\"/>"
            ),
            format!("<w:color w:val=\"{MUTED}\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>"),
        ),
        (
            "TOC1",
            "toc 1",
            "Normal",
            format!(
                "<w:tabs><w:tab w:val=\"right\" w:leader=\"none\" w:pos=\"{TEXT_WIDTH}\"/></w:tabs><w:spacing w:before=\"120\" w:after=\"40\"/>"
            ),
            "<w:b/><w:bCs/>".into(),
        ),
        (
            "TOC2",
            "toc 2",
            "Normal",
            format!(
                "<w:tabs><w:tab w:val=\"right\" w:leader=\"none\" w:pos=\"{TEXT_WIDTH}\"/></w:tabs><w:spacing w:after=\"40\"/><w:ind w:left=\"340\"/>"
            ),
            String::new(),
        ),
    ];
    for (id, name, next, ppr, rpr) in &paragraph_styles {
        let _ = write!(
            out,
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/>"
        );
        if !next.is_empty() {
            let _ = write!(out, "<w:next w:val=\"{next}\"/>");
        }
        out.push_str("<w:qFormat/>");
        if !ppr.is_empty() {
            let _ = write!(out, "<w:pPr>{ppr}</w:pPr>");
        }
        if !rpr.is_empty() {
            let _ = write!(out, "<w:rPr>{rpr}</w:rPr>");
        }
        out.push_str("</w:style>");
    }
    let _ = write!(
        out,
        "<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"{ACCENT}\"/><w:u w:val=\"single\"/></w:rPr></w:style>"
    );
    out.push_str("<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{RULE}\"/>")
    };
    let _ = write!(
        out,
        "<w:style w:type=\"table\" w:styleId=\"Tabell\"><w:name w:val=\"Tabell\"/><w:basedOn w:val=\"TableNormal\"/><w:qFormat/><w:tblPr><w:tblBorders>{}{}{}{}{}{}</w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"80\" w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style></w:styles>",
        border("top"),
        border("left"),
        border("bottom"),
        border("right"),
        border("insideH"),
        border("insideV"),
    );
    out
}

/// A zip archive in memory; XML parts deflated at the fastest level.
struct Zip {
    writer: zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
}

impl Zip {
    fn new(capacity: usize) -> Zip {
        Zip {
            writer: zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(capacity / 4))),
        }
    }

    fn file(&mut self, name: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        self.add(name, bytes, options)
    }

    fn stored(&mut self, name: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        self.add(name, bytes, options)
    }

    fn add(
        &mut self,
        name: &str,
        bytes: &[u8],
        options: zip::write::SimpleFileOptions,
    ) -> Result<(), RenderError> {
        // A fixed time stamp: the same plan gives the same bytes.
        let options = options.last_modified_time(zip::DateTime::default());
        self.writer
            .start_file(name, options)
            .and_then(|()| self.writer.write_all(bytes).map_err(Into::into))
            .map_err(|e| RenderError::Docx(e.to_string()))
    }

    fn finish(self) -> Result<Vec<u8>, RenderError> {
        self.writer
            .finish()
            .map(std::io::Cursor::into_inner)
            .map_err(|e| RenderError::Docx(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_drops_forbidden_characters_and_escapes_markup() {
        let mut out = String::new();
        escape_into(&mut out, "a<b>&\"c\u{1}\td\n]]>", false);
        assert_eq!(out, "a&lt;b&gt;&amp;\"c\td\n]]&gt;");
        let mut out = String::new();
        escape_into(&mut out, "«x» \"y\"\n", true);
        assert_eq!(out, "«x» &quot;y&quot;&#10;");
    }

    /// `word/document.xml` of the document's DOCX.
    fn document_xml(doc: &Document) -> String {
        use std::io::Read;
        let bytes = document(doc, None).expect("docx");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        archive
            .by_name("word/document.xml")
            .expect("document part")
            .read_to_string(&mut xml)
            .expect("utf-8");
        xml
    }

    #[test]
    fn a_handlingsplan_starts_every_chapter_after_the_first_on_a_new_page() {
        let path = format!(
            "{}/../../../shared/fixtures/valid/minimal.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("fixture readable");
        let plan = plan::handlingsplan::file::read(&text, plan::Syntax::Json).expect("reads");
        let evaluation = plan::handlingsplan::evaluate(&plan);
        let mut doc =
            crate::handlingsplan::document(&plan, &evaluation, &crate::Options::default());
        let chapters = doc
            .blocks
            .iter()
            .filter(|block| matches!(block, Block::Heading(h) if h.level == 1))
            .count();
        assert!(chapters >= 4);
        let xml = document_xml(&doc);
        // The first chapter follows the contents' page break.
        assert_eq!(xml.matches("<w:pageBreakBefore/>").count(), chapters - 1);
        let first = xml
            .find("<w:pStyle w:val=\"Heading1\"/>")
            .expect("a chapter");
        let break_before = xml.find("<w:pageBreakBefore/>").expect("a break");
        assert!(first < break_before, "no break before the first chapter");

        doc.chapters_on_new_pages = false;
        assert_eq!(
            document_xml(&doc).matches("<w:pageBreakBefore/>").count(),
            0
        );
    }
}
