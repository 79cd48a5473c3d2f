//! GitHub-flavoured Markdown with pipe tables.
//!
//! Every text from the plan is escaped by [`escape`] (inline) or [`escape_block`]
//! (a paragraph, which also guards line starts like `#`, `>`, `-`, `1.`), so that
//! nothing a user writes becomes a heading, a list, a link, emphasis, HTML or a table
//! column. Markdown has no row spans: the cells under a strategy are left empty, and
//! a cell spanning columns is followed by empty cells.

use std::fmt::Write as _;

use crate::document::{Block, Cell, CellKind, Document, Heading, ParagraphKind, Table};

/// The whole document as Markdown.
pub fn document(doc: &Document) -> String {
    let mut out = String::with_capacity(32 * 1024);
    let front = &doc.front;
    if let Some(draft) = &front.draft {
        let _ = writeln!(out, "> **{}**\n", escape(draft));
    }
    let _ = writeln!(out, "# {}\n", escape(&front.title));
    let _ = writeln!(out, "**{}**\n", escape(&front.subtitle));
    if let Some(vision) = &front.vision {
        let _ = writeln!(out, "{}\n", escape_block(vision));
    }
    for approval in &front.approvals {
        let _ = writeln!(out, "{}  ", escape(approval));
    }
    if !front.approvals.is_empty() {
        out.push('\n');
    }

    let _ = writeln!(out, "## {}\n", escape(&doc.contents.title));
    for entry in &doc.contents.entries {
        let indent = if entry.level == 1 { "" } else { "  " };
        let _ = writeln!(
            out,
            "{indent}- [{} {}](#{})",
            escape(&entry.number),
            escape(&entry.text),
            entry.id
        );
    }
    out.push('\n');

    for block in &doc.blocks {
        match block {
            Block::Heading(heading) => write_heading(&mut out, heading),
            Block::Paragraph(paragraph) => {
                let text = escape_block(&paragraph.text);
                let text = match paragraph.kind {
                    ParagraphKind::Body => text,
                    ParagraphKind::Placeholder => format!("*{text}*"),
                };
                match &paragraph.label {
                    Some(label) => {
                        let _ = writeln!(out, "**{}:** {text}\n", escape(label));
                    }
                    None => {
                        let _ = writeln!(out, "{text}\n");
                    }
                }
            }
            Block::NumberedList(items) => {
                for (i, item) in items.iter().enumerate() {
                    let _ = writeln!(out, "{}. {}", i + 1, escape(item).replace('\n', " "));
                }
                out.push('\n');
            }
            Block::LetteredList(items) => {
                for (letter, item) in items {
                    let _ = writeln!(
                        out,
                        "- **{}.** {}",
                        escape(letter),
                        escape(item).replace('\n', " ")
                    );
                }
                out.push('\n');
            }
            Block::Table(table) => write_table(&mut out, table),
            Block::Figure(figure) => {
                let _ = writeln!(
                    out,
                    "**{}**\n\n{}\n",
                    escape(&figure.caption),
                    escape_block(&figure.alt)
                );
            }
        }
    }
    let _ = writeln!(out, "---\n\n{}", escape(&doc.footer));
    out
}

/// One table with its caption and notes.
pub fn table(table: &Table) -> String {
    let mut out = String::new();
    write_table(&mut out, table);
    out
}

fn write_heading(out: &mut String, heading: &Heading) {
    let hashes = if heading.level == 1 { "##" } else { "###" };
    let _ = writeln!(
        out,
        "<a id=\"{}\"></a>\n\n{hashes} {} {}\n",
        heading.id,
        escape(&heading.number),
        escape(&heading.text)
    );
}

fn write_table(out: &mut String, table: &Table) {
    let _ = writeln!(out, "*{}*\n", escape(&table.caption));
    let columns = table.columns.len();
    let mut header_rows = table.header.iter();
    let first = header_rows.next();
    let header_cells: Vec<String> = match first {
        Some(row) => row_texts(&row.cells, columns),
        None => vec![String::new(); columns],
    };
    let _ = writeln!(out, "| {} |", header_cells.join(" | "));
    let rule: Vec<&str> = table
        .columns
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in header_rows.chain(&table.body) {
        let mut cells = row_texts(&row.cells, columns);
        if matches!(
            row.kind,
            crate::document::RowKind::Sum | crate::document::RowKind::Total
        ) {
            for cell in &mut cells {
                if !cell.is_empty() {
                    *cell = format!("**{cell}**");
                }
            }
        }
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
    for note in &table.notes {
        let _ = writeln!(
            out,
            "{} {}\n",
            escape(&note.marker),
            escape_block(&note.text)
        );
    }
}

/// One string per grid column; spans are padded with empty cells.
fn row_texts(cells: &[Cell], columns: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(columns);
    for cell in cells {
        let mut text = match cell.kind {
            CellKind::Covered => String::new(),
            _ => escape(&cell.text).replace('\n', "<br>"),
        };
        if let Some(marker) = &cell.marker {
            text.push_str(&escape(marker));
        }
        out.push(text);
        for _ in 1..cell.col_span {
            out.push(String::new());
        }
    }
    out.resize(columns.max(out.len()), String::new());
    out
}

/// Escapes inline text: every ASCII character that can start Markdown or HTML markup
/// gets a backslash, so the text reads back literally. Line breaks stay as they are.
///
/// `:` and `@` are escaped too, and the `.` after `www`, so that GFM's autolinks do not
/// turn a written address into a link.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut previous: [char; 3] = [' '; 3];
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' | '$'
            | ':' | '@' => {
                out.push('\\');
                out.push(c);
            }
            '.' if previous.iter().all(|p| p.eq_ignore_ascii_case(&'w')) => out.push_str("\\."),
            '\t' => out.push(' '),
            _ => out.push(c),
        }
        previous = [previous[1], previous[2], c];
    }
    out
}

/// Escapes a paragraph of plan text: inline escaping, and line starts that would make
/// a heading, list, quote, rule or code block are neutralised; line breaks become hard
/// breaks (`\` at the end of the line).
pub fn escape_block(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let line = line.trim_start();
            let escaped = escape(line);
            escape_line_start(&escaped)
        })
        .collect();
    lines.join("\\\n")
}

fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    match first {
        Some('-' | '+' | '=' | '>' | '#' | ':') => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            match line[digits..].chars().next() {
                Some('.' | ')') => format!("{}\\{}", &line[..digits], &line[digits..]),
                _ => line.to_owned(),
            }
        }
        _ => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape("<script>alert(1)</script> & \"Ørsta\" ]]>"),
            "\\<script\\>alert(1)\\</script\\> \\& \"Ørsta\" \\]\\]\\>"
        );
        assert_eq!(escape("a | b *c*"), "a \\| b \\*c\\*");
        assert_eq!(
            escape("https://x.no www.x.no a@b.no"),
            "https\\://x.no www\\.x.no a\\@b.no"
        );
    }

    #[test]
    fn line_starts_are_neutralised() {
        assert_eq!(
            escape_block("# a\n1. b\n- c\n  > d\n12) e\n2027 er året"),
            "\\# a\\\n1\\. b\\\n\\- c\\\n\\> d\\\n12\\) e\\\n2027 er året"
        );
    }
}
