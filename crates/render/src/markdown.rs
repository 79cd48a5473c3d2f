//! GitHub-flavoured Markdown with pipe tables.
//!
//! Every text from the plan is escaped by [`escape`] (inline), [`escape_line`] (text
//! that begins a line) or [`escape_block`] (a paragraph; both also guard line starts like
//! `#`, `>`, `-`, `1.`), so that nothing a user writes becomes a heading, a list, a link,
//! emphasis, HTML or a table column, and nothing else gets a backslash. Markdown has no row spans: the cells under a strategy are left empty, and
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
        let _ = writeln!(out, "{}  ", escape_line(approval));
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
                    let _ = writeln!(out, "{}. {}", i + 1, escape_line(&item.replace('\n', " ")));
                }
                out.push('\n');
            }
            Block::LetteredList(items) => {
                for (letter, item) in items {
                    let _ = writeln!(
                        out,
                        "- **{}.** {}",
                        escape(letter),
                        escape(&item.replace('\n', " "))
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
    let _ = writeln!(out, "---\n\n{}", escape_line(&doc.footer));
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
            escape_line(&note.marker),
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

/// Escapes inline text: a backslash goes before each character that CommonMark or GitHub
/// would read as markup here, and before nothing else, so the text reads back
/// literally and the Markdown stays readable (`kl. 10:00`, `Ørsta–Volda`, `3.1` keep
/// their characters). Line breaks stay as they are.
///
/// Escaped: `` ` ``, `[`, `]`, `<`, `|` (a table column), `~` (strike-through), `$`
/// (GitHub's math); `*` unless it stands alone between spaces; `_` unless inside a word (`snake_case` is no emphasis); `\` before
/// punctuation or at a line end; `&` before a name or `#` (an entity); `#` that would
/// close a heading; the `:` that opens an emoji code (`:smile:`); and what GitHub turns
/// into links by itself: the `:` of `http://`, `mailto:`, `xmpp:`, the `@` of an
/// address, the `.` after `www`.
pub fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, &c) in chars.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let before = |n: usize| -> String {
            chars[i.saturating_sub(n)..i]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase()
        };
        let markup = match c {
            '`' | '[' | ']' | '<' | '|' | '~' | '$' => true,
            '*' => {
                !(previous.is_some_and(char::is_whitespace)
                    && next.is_some_and(char::is_whitespace))
            }
            '_' => {
                !(previous.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            '\\' => next.is_none_or(|n| n == '\n' || n.is_ascii_punctuation()),
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '#' => closes_heading(&chars, i),
            ':' => {
                chars[i + 1..].starts_with(&['/', '/'])
                    || emoji_follows(&chars[i + 1..])
                    || ["mailto", "xmpp"].iter().any(|scheme| {
                        let b = before(scheme.len());
                        b == *scheme
                    })
            }
            '@' => {
                previous.is_some_and(|p| p.is_alphanumeric() || "._+-".contains(p))
                    && next.is_some_and(char::is_alphanumeric)
            }
            '.' => before(3) == "www",
            _ => false,
        };
        if markup {
            out.push('\\');
        }
        out.push(if c == '\t' { ' ' } else { c });
    }
    out
}

/// Whether `rest`, just after a `:`, is an emoji's short code and its closing colon
/// (`smile:` in `:smile:`).
fn emoji_follows(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
        .count();
    name > 0 && rest.get(name) == Some(&':')
}

/// Whether the `#` at `at` begins a run of `#` that, preceded by a space and followed
/// only by spaces to the line end, would be read as a heading's closing sequence.
fn closes_heading(chars: &[char], at: usize) -> bool {
    let starts_run = at == 0 || chars[at - 1] != '#';
    let after_space = at == 0 || chars[at - 1] == ' ' || chars[at - 1] == '\t';
    if !(starts_run && after_space) {
        return false;
    }
    chars[at..]
        .iter()
        .skip_while(|c| **c == '#')
        .take_while(|c| **c != '\n')
        .all(|c| *c == ' ' || *c == '\t')
}

/// Escapes text that begins a line (an approval, a list item, the footer): inline
/// escaping, and a start that would make a heading, list, quote, rule or code block is
/// neutralised.
pub fn escape_line(text: &str) -> String {
    escape_line_start(&escape(text.trim_start()))
}

/// Escapes a paragraph of plan text: inline escaping, and line starts that would make
/// a heading, list, quote, rule or code block are neutralised; line breaks become hard
/// breaks (`\` at the end of the line).
pub fn escape_block(text: &str) -> String {
    let lines: Vec<String> = text.split('\n').map(escape_line).collect();
    lines.join("\\\n")
}

fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    match first {
        Some('-' | '+' | '=' | '>' | '#') => format!("\\{line}"),
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
            escape("<script>alert(1)</script> & \"Ørsta\" ]]> &amp;"),
            "\\<script>alert(1)\\</script> & \"Ørsta\" \\]\\]> \\&amp;"
        );
        assert_eq!(
            escape("a | b *c* _d_ e_f `g` ~~h~~"),
            "a \\| b \\*c\\* \\_d\\_ e_f \\`g\\` \\~\\~h\\~\\~"
        );
        assert_eq!(
            escape("https://x.no www.x.no a@b.no mailto:a xmpp:b"),
            "https\\://x.no www\\.x.no a\\@b.no mailto\\:a xmpp\\:b"
        );
        assert_eq!(escape("a\\*b \\ c\\"), "a\\\\\\*b \\ c\\\\");
        assert_eq!(escape("Tittel #"), "Tittel \\#");
        assert_eq!(escape("nr. #3 og C#"), "nr. #3 og C#");
        assert_eq!(escape("status :ok: kl. 10:00"), "status \\:ok: kl. 10:00");
    }

    #[test]
    fn plain_punctuation_stays_as_written() {
        for text in [
            "Mål: 12 nye arbeidsplasser. Frist: 1. mars",
            "Ørsta-Volda, kl. 10:00 - 12:00",
            "Tabell 3.1 Søkbare midler (50 %) ! ? ' \" , ; ( ) { } + = / %",
            "a > b, 5 * 3 er ikke markup i følge meg? Nei",
        ] {
            assert_eq!(escape(text), text);
            assert_eq!(escape_block(text), text);
        }
    }

    #[test]
    fn line_starts_are_neutralised() {
        assert_eq!(
            escape_block("# a\n1. b\n- c\n  > d\n12) e\n2027 er året\n: f"),
            "\\# a\\\n1\\. b\\\n\\- c\\\n\\> d\\\n12\\) e\\\n2027 er året\\\n: f"
        );
        assert_eq!(escape_line("  + punkt"), "\\+ punkt");
    }
}
