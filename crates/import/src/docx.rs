//! WordprocessingML as it would print: the body's paragraphs and tables, with the text
//! of runs joined, tracked insertions in and deletions out, hidden text out, field
//! instructions out (their results in), soft line breaks as `\n`, tabs as `\t`,
//! merged cells kept as Word marks them (`w:gridSpan`, `w:vMerge`), tables inside cells
//! and text boxes kept. Streamed with `quick-xml`: no DTD, no entity is ever expanded,
//! and the nesting depth and the number of cells are bounded.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::ImportError;

/// The deepest element nesting accepted (Word's own documents stay far below).
const MAX_DEPTH: usize = 256;
/// The most table cells accepted in one document.
const MAX_CELLS: usize = 100_000;
/// The most paragraphs accepted in one document.
const MAX_PARAGRAPHS: usize = 200_000;

/// A paragraph or a table.
#[derive(Debug, Clone)]
pub enum Block {
    Para(Para),
    Table(Table),
}

/// A paragraph's printed text and what Word says about it.
#[derive(Debug, Clone, Default)]
pub struct Para {
    pub text: String,
    /// The style id (`Heading1`, `Overskrift2`, `TOC1`, `Caption` …).
    pub style: Option<String>,
    /// An outline level set directly on the paragraph.
    pub outline: Option<u8>,
    /// Inside a table of contents (a `TOC` field or a contents block).
    pub toc: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
}

/// Vertical merge as Word marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub blocks: Vec<Block>,
    /// Grid columns the cell spans (`w:gridSpan`), at least 1.
    pub span: usize,
    pub merge: Merge,
}

impl Cell {
    /// The cell's printed text: its paragraphs joined by `\n` (nested tables left out).
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut first = true;
        for block in &self.blocks {
            if let Block::Para(p) = block {
                if !first {
                    out.push('\n');
                }
                out.push_str(&p.text);
                first = false;
            }
        }
        out
    }
}

/// Parses `word/document.xml` into the body's blocks.
pub fn parse(xml: &str) -> Result<Vec<Block>, ImportError> {
    let mut parser = Parser {
        reader: Reader::from_str(xml),
        depth: 0,
        cells: 0,
        paragraphs: 0,
        fields: Vec::new(),
        fields_overflow: 0,
        toc_sdt: 0,
    };
    parser.reader.config_mut().check_end_names = true;
    loop {
        match parser.next()? {
            Event::Start(e) if e.local_name().as_ref() == "body" => {
                parser.depth += 1;
                return parser.blocks("body", None);
            }
            Event::Start(_) => parser.enter()?,
            Event::End(_) => parser.depth = parser.depth.saturating_sub(1),
            Event::Eof => {
                return Err(ImportError::Unreadable(
                    "Word-dokumentet har ingen brødtekst (w:body mangler)".into(),
                ));
            }
            _ => {}
        }
    }
}

#[derive(Debug)]
struct Field {
    instruction: String,
    /// Past `separate`: the field's result, which prints.
    result: bool,
}

#[derive(Debug, Default)]
struct CellProps {
    span: usize,
    merge: Merge,
}

struct Parser<'a> {
    reader: Reader<&'a [u8]>,
    depth: usize,
    cells: usize,
    paragraphs: usize,
    /// Complex fields open at this point (they may span paragraphs).
    fields: Vec<Field>,
    fields_overflow: usize,
    /// Open structured-document tags that are a table of contents.
    toc_sdt: usize,
}

fn malformed(e: impl std::fmt::Display, position: u64) -> ImportError {
    ImportError::Unreadable(format!(
        "Word-dokumentets XML er ugyldig ved tegn {position}: {e}"
    ))
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// `w:val` read as a boolean toggle (absent means on).
fn toggle(e: &BytesStart<'_>) -> bool {
    !matches!(
        attribute(e, "val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

impl<'a> Parser<'a> {
    fn next(&mut self) -> Result<Event<'a>, ImportError> {
        let event = self
            .reader
            .read_event()
            .map_err(|e| malformed(e, self.reader.error_position()))?;
        if let Event::DocType(_) = event {
            return Err(ImportError::Unreadable(
                "Word-dokumentet har en DTD (<!DOCTYPE>), noe Word aldri skriver; \
                 fila godtas ikke"
                    .into(),
            ));
        }
        Ok(event)
    }

    fn enter(&mut self) -> Result<(), ImportError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ImportError::Unreadable(format!(
                "Word-dokumentet er nøstet dypere enn {MAX_DEPTH} nivåer; fila godtas ikke"
            )));
        }
        Ok(())
    }

    fn skip(&mut self, e: &BytesStart<'_>) -> Result<(), ImportError> {
        let name = e.name().as_ref().to_owned();
        self.reader
            .read_to_end(quick_xml::name::QName(&name))
            .map_err(|e| malformed(e, self.reader.error_position()))?;
        Ok(())
    }

    /// Block content (body, cell, text box, content control) up to the end of `end`.
    fn blocks(
        &mut self,
        end: &str,
        mut cell: Option<&mut CellProps>,
    ) -> Result<Vec<Block>, ImportError> {
        let mut out = Vec::new();
        let base = self.depth;
        // A paragraph whose mark was deleted as a tracked change joins the next one.
        let mut joined: Option<Para> = None;
        let mut toc_here = false;
        loop {
            match self.next()? {
                Event::Start(e) => {
                    let name = e.local_name();
                    match name.as_ref() {
                        "p" => {
                            self.enter()?;
                            let (mut para, nested, mark_deleted) = self.paragraph()?;
                            out.extend(nested);
                            if let Some(previous) = joined.take() {
                                para.text = previous.text + &para.text;
                                para.style = para.style.or(previous.style);
                            }
                            if mark_deleted {
                                joined = Some(para);
                            } else {
                                out.push(Block::Para(para));
                            }
                        }
                        "tbl" => {
                            self.enter()?;
                            let table = self.table()?;
                            out.push(Block::Table(table));
                        }
                        "tcPr" if cell.is_some() => {
                            self.enter()?;
                            if let Some(props) = cell.as_deref_mut() {
                                self.cell_props(props)?;
                            }
                        }
                        "del" | "moveFrom" | "sectPr" | "Fallback" | "tblPr" | "sdtEndPr" => {
                            self.skip(&e)?
                        }
                        // A content control: its own level, so that a table-of-contents
                        // mark in its properties ends with it.
                        "sdt" => {
                            self.enter()?;
                            let inner = self.blocks("sdt", None)?;
                            out.extend(inner);
                        }
                        "sdtPr" => {
                            self.enter()?;
                            if self.sdt_props_toc()? && !toc_here {
                                toc_here = true;
                                self.toc_sdt += 1;
                            }
                        }
                        _ => self.enter()?,
                    }
                }
                Event::Empty(e) if e.local_name().as_ref() == "p" => {
                    let para = joined.take().unwrap_or_else(|| Para {
                        toc: self.in_toc(),
                        ..Para::default()
                    });
                    self.count_paragraph()?;
                    out.push(Block::Para(para));
                }
                Event::End(e) => {
                    if self.depth == base && e.local_name().as_ref() == end {
                        self.depth -= 1;
                        if toc_here {
                            self.toc_sdt -= 1;
                        }
                        if let Some(para) = joined.take() {
                            out.push(Block::Para(para));
                        }
                        return Ok(out);
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                Event::Eof => return Err(unexpected_end()),
                _ => {}
            }
        }
    }

    /// Reads a `w:sdtPr` to its end: whether it marks a table of contents.
    fn sdt_props_toc(&mut self) -> Result<bool, ImportError> {
        let base = self.depth;
        let mut toc = false;
        loop {
            match self.next()? {
                Event::Start(e) => {
                    toc |= is_toc_gallery(&e);
                    self.enter()?;
                }
                Event::Empty(e) => toc |= is_toc_gallery(&e),
                Event::End(_) => {
                    if self.depth == base {
                        self.depth -= 1;
                        return Ok(toc);
                    }
                    self.depth -= 1;
                }
                Event::Eof => return Err(unexpected_end()),
                _ => {}
            }
        }
    }

    fn in_toc(&self) -> bool {
        self.toc_sdt > 0
            || self.fields.iter().any(|f| {
                f.instruction
                    .trim_start()
                    .get(..3)
                    .is_some_and(|s| s.eq_ignore_ascii_case("toc"))
            })
    }

    fn count_paragraph(&mut self) -> Result<(), ImportError> {
        self.paragraphs += 1;
        if self.paragraphs > MAX_PARAGRAPHS {
            return Err(ImportError::Unreadable(format!(
                "Word-dokumentet har mer enn {MAX_PARAGRAPHS} avsnitt; fila godtas ikke"
            )));
        }
        Ok(())
    }

    fn cell_props(&mut self, props: &mut CellProps) -> Result<(), ImportError> {
        let base = self.depth;
        loop {
            match self.next()? {
                Event::Start(e) => {
                    self.apply_cell_prop(&e, props);
                    self.enter()?;
                }
                Event::Empty(e) => self.apply_cell_prop(&e, props),
                Event::End(_) => {
                    if self.depth == base {
                        self.depth -= 1;
                        return Ok(());
                    }
                    self.depth -= 1;
                }
                Event::Eof => return Err(unexpected_end()),
                _ => {}
            }
        }
    }

    fn apply_cell_prop(&self, e: &BytesStart<'_>, props: &mut CellProps) {
        match e.local_name().as_ref() {
            "gridSpan" => {
                props.span = attribute(e, "val")
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .filter(|n| (1..=64).contains(n))
                    .unwrap_or(1);
            }
            "vMerge" => {
                props.merge = match attribute(e, "val").as_deref() {
                    Some("restart") => Merge::Restart,
                    _ => Merge::Continue,
                };
            }
            _ => {}
        }
    }

    fn table(&mut self) -> Result<Table, ImportError> {
        let base = self.depth;
        let mut table = Table::default();
        loop {
            match self.next()? {
                Event::Start(e) => match e.local_name().as_ref() {
                    "tr" => {
                        self.enter()?;
                        if let Some(row) = self.row()? {
                            table.rows.push(row);
                        }
                    }
                    "tblPr" | "tblGrid" | "del" | "moveFrom" | "sdtPr" | "sdtEndPr" | "tblPrEx" => {
                        self.skip(&e)?
                    }
                    _ => self.enter()?,
                },
                Event::End(e) => {
                    if self.depth == base && e.local_name().as_ref() == "tbl" {
                        self.depth -= 1;
                        return Ok(table);
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                Event::Eof => return Err(unexpected_end()),
                _ => {}
            }
        }
    }

    /// A row, or `None` when the row itself was deleted as a tracked change.
    fn row(&mut self) -> Result<Option<Row>, ImportError> {
        let base = self.depth;
        let mut row = Row::default();
        let mut deleted = false;
        loop {
            match self.next()? {
                Event::Start(e) => match e.local_name().as_ref() {
                    "tc" => {
                        self.enter()?;
                        self.cells += 1;
                        if self.cells > MAX_CELLS {
                            return Err(ImportError::Unreadable(format!(
                                "tabellene i Word-dokumentet har mer enn {MAX_CELLS} celler \
                                 til sammen; fila godtas ikke"
                            )));
                        }
                        let mut props = CellProps {
                            span: 1,
                            merge: Merge::None,
                        };
                        let blocks = self.blocks("tc", Some(&mut props))?;
                        row.cells.push(Cell {
                            blocks,
                            span: props.span.max(1),
                            merge: props.merge,
                        });
                    }
                    "trPr" => {
                        self.enter()?;
                        deleted |= self.row_deleted()?;
                    }
                    "tblPrEx" | "del" | "moveFrom" | "sdtPr" => self.skip(&e)?,
                    _ => self.enter()?,
                },
                Event::Empty(e) if e.local_name().as_ref() == "tc" => {
                    row.cells.push(Cell {
                        blocks: Vec::new(),
                        span: 1,
                        merge: Merge::None,
                    });
                }
                Event::End(e) => {
                    if self.depth == base && e.local_name().as_ref() == "tr" {
                        self.depth -= 1;
                        return Ok((!deleted).then_some(row));
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                Event::Eof => return Err(unexpected_end()),
                _ => {}
            }
        }
    }

    fn row_deleted(&mut self) -> Result<bool, ImportError> {
        let base = self.depth;
        let mut deleted = false;
        loop {
            match self.next()? {
                Event::Start(e) => {
                    deleted |= e.local_name().as_ref() == "del";
                    self.enter()?;
                }
                Event::Empty(e) => deleted |= e.local_name().as_ref() == "del",
                Event::End(_) => {
                    if self.depth == base {
                        self.depth -= 1;
                        return Ok(deleted);
                    }
                    self.depth -= 1;
                }
                Event::Eof => return Err(unexpected_end()),
                _ => {}
            }
        }
    }

    /// A paragraph: its text, the blocks of text boxes anchored in it, and whether its
    /// mark was deleted (tracked), which joins it to the next paragraph.
    fn paragraph(&mut self) -> Result<(Para, Vec<Block>, bool), ImportError> {
        self.count_paragraph()?;
        let base = self.depth;
        let mut para = Para {
            toc: self.in_toc(),
            ..Para::default()
        };
        let mut nested = Vec::new();
        let mut mark_deleted = false;
        // Element path inside the paragraph, by local name, for context.
        let mut in_text = false;
        let mut in_instruction = false;
        let mut hidden = false;
        let mut in_ppr = 0usize;
        let mut in_rpr = 0usize;
        loop {
            let event = self.next()?;
            match event {
                Event::Start(e) => {
                    let local = e.local_name();
                    match local.as_ref() {
                        "del" | "moveFrom" | "Fallback" | "delText" | "delInstrText" => {
                            if in_ppr > 0 && local.as_ref() == "del" {
                                mark_deleted = true;
                            }
                            self.skip(&e)?;
                        }
                        "txbxContent" => {
                            self.enter()?;
                            let blocks = self.blocks("txbxContent", None)?;
                            nested.extend(blocks);
                        }
                        "pPr" => {
                            self.enter()?;
                            in_ppr += 1;
                        }
                        "rPr" => {
                            self.enter()?;
                            in_rpr += 1;
                        }
                        "r" => {
                            self.enter()?;
                            hidden = false;
                        }
                        "t" if is_w(&e) => {
                            self.enter()?;
                            in_text = in_ppr == 0;
                        }
                        "instrText" => {
                            self.enter()?;
                            in_instruction = true;
                        }
                        _ => {
                            self.enter()?;
                            self.empty_in_paragraph(
                                &e,
                                &mut para,
                                in_ppr,
                                in_rpr,
                                &mut hidden,
                                &mut mark_deleted,
                            );
                        }
                    }
                }
                Event::Empty(e) => self.empty_in_paragraph(
                    &e,
                    &mut para,
                    in_ppr,
                    in_rpr,
                    &mut hidden,
                    &mut mark_deleted,
                ),
                Event::Text(t) => {
                    let text: &str = t.as_ref();
                    if in_instruction {
                        if let Some(field) = self.fields.last_mut()
                            && field.instruction.len() < 1024
                        {
                            field.instruction.push_str(text);
                        }
                    } else if in_text && !hidden && self.visible() {
                        para.text.push_str(text);
                    }
                }
                Event::GeneralRef(r) => {
                    let c = if r.is_char_ref() {
                        r.resolve_char_ref()
                            .map_err(|e| malformed(e, self.reader.error_position()))?
                    } else {
                        let name: &str = r.as_ref();
                        quick_xml::escape::resolve_predefined_entity(name)
                            .and_then(|s| s.chars().next())
                            .map(Some)
                            .ok_or_else(|| {
                                ImportError::Unreadable(format!(
                                    "Word-dokumentet bruker entiteten «&{name};», som ikke \
                                     finnes i XML uten DTD; fila godtas ikke"
                                ))
                            })?
                    };
                    if let Some(c) = c
                        && in_text
                        && !in_instruction
                        && !hidden
                        && self.visible()
                    {
                        para.text.push(c);
                    }
                }
                Event::CData(c) if in_text && !hidden && self.visible() => {
                    para.text.push_str(c.as_ref());
                }
                Event::End(e) => {
                    if self.depth == base && e.local_name().as_ref() == "p" {
                        self.depth -= 1;
                        return Ok((para, nested, mark_deleted));
                    }
                    self.depth = self.depth.saturating_sub(1);
                    match e.local_name().as_ref() {
                        "t" => in_text = false,
                        "instrText" => in_instruction = false,
                        "pPr" => in_ppr = in_ppr.saturating_sub(1),
                        "rPr" => in_rpr = in_rpr.saturating_sub(1),
                        _ => {}
                    }
                }
                Event::Eof => return Err(unexpected_end()),
                _ => {}
            }
        }
    }

    /// Whether text at this point prints: not inside a field's instruction part.
    fn visible(&self) -> bool {
        self.fields.iter().all(|f| f.result)
    }

    fn empty_in_paragraph(
        &mut self,
        e: &BytesStart<'_>,
        para: &mut Para,
        in_ppr: usize,
        in_rpr: usize,
        hidden: &mut bool,
        mark_deleted: &mut bool,
    ) {
        let local = e.local_name();
        if in_ppr > 0 {
            match local.as_ref() {
                "pStyle" if in_rpr == 0 => para.style = attribute(e, "val"),
                "outlineLvl" => {
                    para.outline = attribute(e, "val").and_then(|v| v.parse().ok());
                }
                "del" if in_rpr > 0 => *mark_deleted = true,
                _ => {}
            }
            return;
        }
        if in_rpr > 0 {
            if matches!(local.as_ref(), "vanish" | "specVanish") && toggle(e) {
                *hidden = true;
            }
            return;
        }
        let printing = !*hidden && self.visible();
        match local.as_ref() {
            "tab" | "ptab" if printing => para.text.push('\t'),
            "br" if printing => match attribute(e, "type").as_deref() {
                Some("page" | "column") => para.text.push(' '),
                _ => para.text.push('\n'),
            },
            "cr" if printing => para.text.push('\n'),
            "noBreakHyphen" if printing => para.text.push('-'),
            "fldChar" => match attribute(e, "fldCharType").as_deref() {
                // Nesting beyond 64 fields is counted, not kept (a real document nests 2 or 3).
                Some("begin") if self.fields.len() >= 64 => self.fields_overflow += 1,
                Some("begin") => self.fields.push(Field {
                    instruction: String::new(),
                    result: false,
                }),
                Some("separate") => {
                    if let Some(field) = self.fields.last_mut() {
                        field.result = true;
                    }
                }
                Some("end") if self.fields_overflow > 0 => self.fields_overflow -= 1,
                Some("end") => {
                    self.fields.pop();
                    if self.in_toc() {
                        para.toc = true;
                    }
                }
                _ => {}
            },
            _ => {}
        }
        if self.in_toc() {
            para.toc = true;
        }
    }
}

/// `t` in the WordprocessingML namespace (not DrawingML's `a:t` or math's `m:t`).
fn is_w(e: &BytesStart<'_>) -> bool {
    e.name().prefix().is_none()
        || e.name()
            .prefix()
            .is_some_and(|p| p.as_ref() == "w" || p.as_ref() == "w14")
}

fn is_toc_gallery(e: &BytesStart<'_>) -> bool {
    e.local_name().as_ref() == "docPartGallery"
        && attribute(e, "val").is_some_and(|v| v.to_lowercase().contains("table of contents"))
}

fn unexpected_end() -> ImportError {
    ImportError::Unreadable("Word-dokumentets XML slutter midt i et element".into())
}
