//! DOCX: a real Word document built with `docx-rs`, walked from the [`Document`].
//!
//! Word styles (Normal as the default, Title, Subtitle, Heading 1–2, Caption, a note
//! style and the table style `Tabell`), a table-of-contents field, A4 pages with the
//! page number in the footer, header rows that repeat on every page, vertically
//! merged strategy cells, cell widths set on every cell (LibreOffice ignores grid
//! widths alone), the title, description and language (nb-NO / nn-NO) in the file's
//! properties, and an optional logo with alt text on the front page.
//!
//! `docx-rs` has no `w:lang`, no `w:tblHeader`, no image description and no
//! `w:default` on a style. [`patch`] adds them to the generated XML parts before they
//! are zipped; every insertion point is markup that `docx-rs` writes itself (plan text
//! is always escaped, so it can never look like one), and a missing insertion point is
//! an error, not a silently incomplete document.

use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, Hyperlink, HyperlinkType, InstrPAGEREF,
    InstrText, InstrToC, LineSpacing, LineSpacingType, NumPages, PageMargin, PageNum, Paragraph,
    Pic, Run, RunFonts, Shading, Style, StyleType, Tab, TabLeaderType, TabValueType,
    Table as DocxTable, TableBorder, TableBorderPosition, TableBorders, TableCell, TableLayoutType,
    TableRow, VAlignType, VMergeType, WidthType,
};

use crate::chart::Chart;
use crate::document::{
    Block, Cell, CellKind, Document, Figure, Heading, Paragraph as DocParagraph, ParagraphKind,
    Row, RowKind, Table,
};
use crate::{Charts, RenderError};

/// A4 in twentieths of a point.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_134;
/// The width between the margins.
const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN as usize);

const INK: &str = "1E2B3C";
const ACCENT: &str = "0062BA";
const MUTED: &str = "4B5563";
const HEAD_FILL: &str = "E8F1FB";
const SUM_FILL: &str = "F3F4F6";
const DRAFT: &str = "C01B1B";

/// A logo: PNG bytes and the size in pixels.
#[derive(Debug, Clone, Copy)]
pub struct LogoImage<'a> {
    pub png: &'a [u8],
    pub width_px: u32,
    pub height_px: u32,
}

/// The document as DOCX bytes.
pub fn document(
    doc: &Document,
    logo: Option<LogoImage<'_>>,
    charts: &Charts,
) -> Result<Vec<u8>, RenderError> {
    // The text alternative of every image, in the order the images are added.
    let mut images: Vec<(&str, &str)> = Vec::new();
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(567)
                .footer(567),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri")
                .east_asia("Calibri"),
        )
        .default_size(22)
        .default_line_spacing(
            LineSpacing::new()
                .after(120)
                .line(264)
                .line_rule(LineSpacingType::Auto),
        )
        .title_pg();
    for style in styles() {
        docx = docx.add_style(style);
    }

    // Front page.
    let front = &doc.front;
    if let (Some(logo), Some(_)) = (logo, &front.logo_alt) {
        // At most 6 cm wide and 3 cm high, keeping the aspect ratio.
        let (max_w, max_h) = (2_160_000u64, 1_080_000u64);
        let (w, h) = (
            u64::from(logo.width_px).max(1),
            u64::from(logo.height_px).max(1),
        );
        let scale_w = max_w * 1000 / w;
        let scale_h = max_h * 1000 / h;
        let scale = scale_w.min(scale_h);
        let (emu_w, emu_h) = ((w * scale / 1000) as u32, (h * scale / 1000) as u32);
        let pic = Pic::new_with_dimensions(logo.png.to_vec(), logo.width_px, logo.height_px)
            .size(emu_w, emu_h);
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic)));
        images.push(("Logo", front.logo_alt.as_deref().unwrap_or_default()));
    }
    docx = docx.add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().before(2400)));
    if let Some(draft) = &front.draft {
        let color = if front.has_errors { DRAFT } else { MUTED };
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Utkast")
                .add_run(Run::new().add_text(clean(draft)).color(color)),
        );
    }
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(clean(&front.title))),
    );
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Subtitle")
            .add_run(Run::new().add_text(clean(&front.subtitle))),
    );
    if let Some(vision) = &front.vision {
        docx = docx.add_paragraph(text_paragraph(vision, Some("Visjon")));
    }
    docx = docx.add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().before(1200)));
    for approval in &front.approvals {
        docx = docx.add_paragraph(text_paragraph(approval, Some("Godkjenning")));
    }
    docx = docx.add_paragraph(page_break());

    // Contents: a real TOC field over Heading 1–2, pre-filled by docx-rs.
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Innholdstittel")
            .add_run(Run::new().add_text(clean(&doc.contents.title))),
    );
    for paragraph in contents(doc) {
        docx = docx.add_paragraph(paragraph);
    }
    docx = docx.add_paragraph(page_break());

    // Body.
    let mut bookmark = 1usize;
    for block in &doc.blocks {
        match block {
            Block::Heading(heading) => {
                docx = docx.add_paragraph(heading_paragraph(heading, bookmark));
                bookmark += 1;
            }
            Block::Paragraph(paragraph) => docx = docx.add_paragraph(body_paragraph(paragraph)),
            Block::NumberedList(items) => {
                for (i, item) in items.iter().enumerate() {
                    docx = docx.add_paragraph(
                        text_paragraph(&format!("{}.\t{item}", i + 1), Some("Nummerliste"))
                            .keep_lines(true),
                    );
                }
            }
            Block::Table(table) => {
                docx = docx.add_paragraph(
                    Paragraph::new()
                        .style("Caption")
                        .keep_next(true)
                        .add_run(Run::new().add_text(clean(&table.caption))),
                );
                docx = docx.add_table(docx_table(table));
                for note in &table.notes {
                    docx = docx.add_paragraph(text_paragraph(
                        &format!("{} {}", note.marker, note.text),
                        Some("Merknad"),
                    ));
                }
                docx = docx.add_paragraph(Paragraph::new().style("Mellomrom"));
            }
            Block::Figure(figure) => {
                let chart = charts.get(&figure.id);
                docx = add_figure(docx, figure, chart)?;
                if chart.is_some() {
                    images.push(("Diagram", figure.alt.as_str()));
                }
            }
        }
    }

    docx = docx.footer(
        Footer::new().add_paragraph(
            Paragraph::new()
                .style("Footer")
                .add_run(
                    Run::new().add_text(clean(&format!("{}\t{} ", doc.footer, doc.page_label.0))),
                )
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(format!(" {} ", doc.page_label.1)))
                .add_num_pages(NumPages::new()),
        ),
    );
    docx = docx.first_footer(Footer::new().add_paragraph(Paragraph::new()));

    let mut xml = docx.build();
    patch(&mut xml, doc, &images)?;
    let mut out = std::io::Cursor::new(Vec::with_capacity(64 * 1024));
    xml.pack(&mut out)
        .map_err(|e| RenderError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// The table-of-contents field over Heading 1–2. Its cached result lists every heading
/// with a link to its bookmark and a PAGEREF field for the page, left empty: the page
/// numbers are only known after layout, so Word fills them in when it updates the
/// fields on opening (`w:updateFields`), and LibreOffice when it lays the document out.
fn contents(doc: &Document) -> Vec<Paragraph> {
    let entries = &doc.contents.entries;
    let mut out = Vec::with_capacity(entries.len() + 1);
    for (i, heading) in entries.iter().enumerate() {
        let style = if heading.level == 1 { "TOC1" } else { "TOC2" };
        let bookmark = bookmark_name(heading);
        // No dot leader: until Word updates the field there is no page number to lead to.
        let mut paragraph = Paragraph::new().style(style).add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .leader(TabLeaderType::None)
                .pos(TEXT_WIDTH),
        );
        if i == 0 {
            paragraph = paragraph
                .add_run(Run::new().add_field_char(FieldCharType::Begin, true))
                .add_run(Run::new().add_instr_text(InstrText::TOC(
                    InstrToC::new().heading_styles_range(1, 2).hyperlink(),
                )))
                .add_run(Run::new().add_field_char(FieldCharType::Separate, false));
        }
        let link = Hyperlink::new(&bookmark, HyperlinkType::Anchor)
            .add_run(Run::new().add_text(clean(&heading.numbered_text())))
            .add_run(Run::new().add_tab())
            .add_run(Run::new().add_field_char(FieldCharType::Begin, true))
            .add_run(
                Run::new()
                    .add_instr_text(InstrText::PAGEREF(InstrPAGEREF::new(&bookmark).hyperlink())),
            )
            .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
            .add_run(Run::new().add_field_char(FieldCharType::End, false));
        paragraph = paragraph.add_hyperlink(link);
        out.push(paragraph);
    }
    out.push(Paragraph::new().add_run(Run::new().add_field_char(FieldCharType::End, false)));
    out
}

/// The bookmark of a heading: its id with `_` for `-` (Word's bookmark names).
fn bookmark_name(heading: &Heading) -> String {
    heading.id.replace('-', "_")
}

fn styles() -> Vec<Style> {
    let paragraph = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .q_format(true)
    };
    vec![
        paragraph("Title", "Title")
            .size(60)
            .bold()
            .color(INK)
            .line_spacing(LineSpacing::new().after(120)),
        paragraph("Subtitle", "Subtitle")
            .size(36)
            .color(ACCENT)
            .line_spacing(LineSpacing::new().after(600)),
        paragraph("Heading1", "heading 1")
            .next("Normal")
            .size(32)
            .bold()
            .color(ACCENT)
            .outline_lvl(0)
            .line_spacing(LineSpacing::new().before(360).after(160)),
        paragraph("Heading2", "heading 2")
            .next("Normal")
            .size(26)
            .bold()
            .color(INK)
            .outline_lvl(1)
            .line_spacing(LineSpacing::new().before(280).after(120)),
        paragraph("Caption", "caption")
            .size(20)
            .bold()
            .color(INK)
            .line_spacing(LineSpacing::new().before(200).after(80)),
        paragraph("Visjon", "Visjon").size(28).italic().color(INK),
        paragraph("Godkjenning", "Godkjenning")
            .size(22)
            .color(MUTED)
            .line_spacing(LineSpacing::new().after(60)),
        paragraph("Utkast", "Utkast")
            .size(32)
            .bold()
            .line_spacing(LineSpacing::new().after(240)),
        paragraph("Innholdstittel", "TOC Heading")
            .size(32)
            .bold()
            .color(ACCENT)
            .line_spacing(LineSpacing::new().after(240)),
        paragraph("Merknad", "Merknad")
            .size(18)
            .color(MUTED)
            .line_spacing(LineSpacing::new().before(40).after(40)),
        paragraph("Plassholder", "Plassholder")
            .italic()
            .color(MUTED),
        paragraph("Nummerliste", "Nummerliste")
            .indent(
                Some(567),
                Some(docx_rs::SpecialIndentType::Hanging(340)),
                None,
                None,
            )
            .line_spacing(LineSpacing::new().after(40)),
        paragraph("Tabelltekst", "Tabelltekst")
            .size(18)
            .line_spacing(
                LineSpacing::new()
                    .before(20)
                    .after(20)
                    .line(240)
                    .line_rule(LineSpacingType::Auto),
            ),
        paragraph("Figurtekst", "Figurtekst").size(19).color(MUTED),
        paragraph("Mellomrom", "Mellomrom").size(8).line_spacing(
            LineSpacing::new()
                .after(0)
                .line(120)
                .line_rule(LineSpacingType::Auto),
        ),
        paragraph("Footer", "footer").size(18).color(MUTED),
        paragraph("TOC1", "toc 1")
            .bold()
            .line_spacing(LineSpacing::new().before(120).after(40)),
        paragraph("TOC2", "toc 2")
            .indent(Some(340), None, None, None)
            .line_spacing(LineSpacing::new().after(40)),
        Style::new("Tabell", StyleType::Table)
            .name("Tabell")
            .set_borders(table_borders()),
    ]
}

fn table_borders() -> TableBorders {
    let line = |position| {
        TableBorder::new(position)
            .size(4)
            .color("9AA3AE")
            .border_type(docx_rs::BorderType::Single)
    };
    TableBorders::new()
        .set(line(TableBorderPosition::Top))
        .set(line(TableBorderPosition::Bottom))
        .set(line(TableBorderPosition::Left))
        .set(line(TableBorderPosition::Right))
        .set(line(TableBorderPosition::InsideH))
        .set(line(TableBorderPosition::InsideV))
}

fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

/// Text with `\n` as line breaks, in runs.
fn add_text_runs(mut paragraph: Paragraph, text: &str, bold: bool) -> Paragraph {
    for (i, line) in text.split('\n').enumerate() {
        let mut run = Run::new();
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(clean(line));
        if bold {
            run = run.bold();
        }
        paragraph = paragraph.add_run(run);
    }
    paragraph
}

fn text_paragraph(text: &str, style: Option<&str>) -> Paragraph {
    let mut paragraph = Paragraph::new();
    if let Some(style) = style {
        paragraph = paragraph.style(style);
    }
    add_text_runs(paragraph, text, false)
}

fn heading_paragraph(heading: &Heading, bookmark: usize) -> Paragraph {
    let style = if heading.level == 1 {
        "Heading1"
    } else {
        "Heading2"
    };
    Paragraph::new()
        .style(style)
        .keep_next(true)
        .add_bookmark_start(bookmark, bookmark_name(heading))
        .add_run(Run::new().add_text(clean(&heading.numbered_text())))
        .add_bookmark_end(bookmark)
}

fn body_paragraph(paragraph: &DocParagraph) -> Paragraph {
    let style = match paragraph.kind {
        ParagraphKind::Body => "Normal",
        ParagraphKind::Placeholder => "Plassholder",
    };
    let mut out = Paragraph::new().style(style);
    if let Some(label) = &paragraph.label {
        out = out.add_run(Run::new().add_text(clean(&format!("{label}: "))).bold());
    }
    add_text_runs(out, &paragraph.text, false)
}

fn docx_table(table: &Table) -> DocxTable {
    let widths: Vec<usize> = table
        .columns
        .iter()
        .map(|c| TEXT_WIDTH * usize::from(c.width) / 100)
        .collect();
    let mut rows = Vec::with_capacity(table.header.len() + table.body.len());
    for row in &table.header {
        // cant_split marks the header rows; `patch` adds w:tblHeader beside it.
        rows.push(TableRow::new(docx_cells(table, row, &widths, true)).cant_split());
    }
    for row in &table.body {
        rows.push(TableRow::new(docx_cells(table, row, &widths, false)));
    }
    DocxTable::new(rows)
        .style("Tabell")
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

fn docx_cells(table: &Table, row: &Row, widths: &[usize], header: bool) -> Vec<TableCell> {
    let mut cells = Vec::with_capacity(row.cells.len());
    let mut column = 0usize;
    for cell in &row.cells {
        let span = cell.col_span.max(1);
        let width: usize = widths.iter().skip(column).take(span).sum();
        let numeric = cell.kind == CellKind::Number
            || table.columns.get(column).is_some_and(|c| c.numeric) && cell.kind != CellKind::Text;
        column += span;
        cells.push(docx_cell(cell, row.kind, width, header, numeric));
    }
    cells
}

fn docx_cell(cell: &Cell, kind: RowKind, width: usize, header: bool, numeric: bool) -> TableCell {
    let bold = header || matches!(kind, RowKind::Sum | RowKind::Total);
    let mut paragraph = Paragraph::new().style("Tabelltekst");
    if numeric {
        paragraph = paragraph.align(AlignmentType::Right);
    } else if cell.kind == CellKind::Dash {
        paragraph = paragraph.align(AlignmentType::Center);
    }
    if cell.kind != CellKind::Covered {
        paragraph = add_text_runs(paragraph, &cell.text, bold);
        if let Some(marker) = &cell.marker {
            let mut run = Run::new().add_text(clean(marker));
            if bold {
                run = run.bold();
            }
            paragraph = paragraph.add_run(run);
        }
    }
    let mut out = TableCell::new()
        .add_paragraph(paragraph)
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Top);
    if cell.col_span > 1 {
        out = out.grid_span(cell.col_span);
    }
    if cell.row_span > 1 {
        out = out.vertical_merge(VMergeType::Restart);
    } else if cell.kind == CellKind::Covered {
        out = out.vertical_merge(VMergeType::Continue);
    }
    let fill = if header || kind == RowKind::Total {
        Some(HEAD_FILL)
    } else if kind == RowKind::Sum {
        Some(SUM_FILL)
    } else {
        None
    };
    if let Some(fill) = fill {
        out = out.shading(Shading::new().fill(fill).color("auto"));
    }
    out
}

fn add_figure(docx: Docx, figure: &Figure, chart: Option<&Chart>) -> Result<Docx, RenderError> {
    let mut docx = docx.add_paragraph(
        Paragraph::new()
            .style("Caption")
            .keep_next(true)
            .add_run(Run::new().add_text(clean(&figure.caption))),
    );
    if let Some(chart) = chart {
        // Rasterised at twice its CSS size, shown at most as wide as the text.
        let png = crate::chart::png(chart, 2.0)?;
        let (width_px, height_px) = (chart.width.max(1) * 2, chart.height.max(1) * 2);
        let emu_per_css_px = 9_525u64;
        let max_width = TEXT_WIDTH as u64 * 635; // twips to EMU
        let mut emu_w = u64::from(chart.width) * emu_per_css_px;
        let mut emu_h = u64::from(chart.height) * emu_per_css_px;
        if emu_w > max_width {
            emu_h = emu_h * max_width / emu_w;
            emu_w = max_width;
        }
        let pic =
            Pic::new_with_dimensions(png, width_px, height_px).size(emu_w as u32, emu_h as u32);
        docx = docx.add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .align(AlignmentType::Center)
                .add_run(Run::new().add_image(pic)),
        );
    }
    Ok(docx.add_paragraph(text_paragraph(&figure.alt, Some("Figurtekst"))))
}

/// Adds what `docx-rs` cannot write: the default style, the language, repeating
/// header rows, the title and language in the properties, and the logo's alt text.
fn patch(
    xml: &mut docx_rs::XMLDocx,
    doc: &Document,
    images: &[(&str, &str)],
) -> Result<(), RenderError> {
    let tag = doc.language.tag();

    let styles = take_utf8(&mut xml.styles)?;
    let styles = replace_once(
        &styles,
        "<w:style w:type=\"paragraph\" w:styleId=\"Normal\">",
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">",
    )?;
    let styles = replace_once(
        &styles,
        "</w:rPr></w:rPrDefault>",
        &format!(
            "<w:lang w:val=\"{tag}\" w:eastAsia=\"{tag}\" w:bidi=\"ar-SA\" /></w:rPr></w:rPrDefault>"
        ),
    )?;
    xml.styles = styles.into_bytes();

    let document = take_utf8(&mut xml.document)?;
    let mut document = document.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />");
    // docx-rs gives every image the same `docPr`; number them and add their alt text.
    const DOC_PR: &str = "<wp:docPr id=\"1\" name=\"Figure\" />";
    let found = document.matches(DOC_PR).count();
    if found != images.len() {
        return Err(RenderError::Docx(format!(
            "fant {found} bilder i XML-en fra docx-rs, ventet {}",
            images.len()
        )));
    }
    for (i, (name, alt)) in images.iter().enumerate() {
        document = replace_once(
            &document,
            DOC_PR,
            &format!(
                "<wp:docPr id=\"{}\" name=\"{name} {}\" descr=\"{}\" />",
                i + 1,
                i + 1,
                xml_escape(alt)
            ),
        )?;
    }
    xml.document = document.into_bytes();

    // Word updates the fields (the contents' page numbers) when it opens the file.
    let settings = take_utf8(&mut xml.settings)?;
    let settings = replace_once(
        &settings,
        "<w:compat>",
        "<w:updateFields w:val=\"true\" /><w:compat>",
    )?;
    xml.settings = settings.into_bytes();

    let core = take_utf8(&mut xml.doc_props.core)?;
    let core = replace_once(
        &core,
        "</cp:coreProperties>",
        &format!(
            "<dc:title>{}</dc:title><dc:description>{}</dc:description><dc:language>{tag}</dc:language></cp:coreProperties>",
            xml_escape(&doc.title),
            xml_escape(&doc.description)
        ),
    )?;
    xml.doc_props.core = core.into_bytes();
    Ok(())
}

fn take_utf8(bytes: &mut Vec<u8>) -> Result<String, RenderError> {
    String::from_utf8(std::mem::take(bytes))
        .map_err(|e| RenderError::Docx(format!("XML er ikke UTF-8: {e}")))
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String, RenderError> {
    match text.find(from) {
        Some(at) => {
            let mut out = String::with_capacity(text.len() + to.len());
            out.push_str(&text[..at]);
            out.push_str(to);
            out.push_str(&text[at + from.len()..]);
            Ok(out)
        }
        None => Err(RenderError::Docx(format!(
            "fant ikke «{from}» i XML-en fra docx-rs"
        ))),
    }
}

/// Text without the control characters XML 1.0 forbids (a plan may hold them).
fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| (*c as u32) >= 0x20 || *c == '\t')
        .collect()
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            _ => out.push(c),
        }
    }
    out
}
