//! What is known of a table's cells before layout: which rows are one line, and which
//! cells have a word too long for their column.
//!
//! Typst lays out a table row of `auto` height twice: once to measure how tall its
//! cells are, once more at that height. Most rows of a plan's tables are one line in
//! every cell (a name, an amount, a share), and the height of such a row follows from the
//! font alone: the insets, and the cap height of the face at the table's text size
//! (Typst's line box runs from the cap height to the baseline). For those rows the
//! markup gives that height, and Typst lays them out once. Every other row stays `auto`.
//!
//! A cell counts as one line only when the sum of its characters' advance widths,
//! without kerning or ligatures (which in Noto Sans only ever narrow a text), is clearly
//! less than its column's inner width, and every character is in the face: a text that
//! might wrap, or would fall back to another font, leaves its row to Typst. The test
//! `rows_given_ahead_are_laid_out_as_typst_would` (crate `pdf`) renders every plan with
//! and without these heights and wants the same bytes.
//!
//! Table text wraps between words, as in Word; only a cell with a word that may be
//! wider than its column is hyphenated (a long Norwegian compound would otherwise run
//! into the next cell). Hyphenating every cell cost Typst 6 % of the whole render and
//! broke words that fit whole on the next line.

use render::document::{Cell, CellKind, Row, RowKind, Table};
use std::sync::LazyLock;

use typst::layout::Abs;
use typst::text::{FontInstance, FontStretch, FontStyle, FontVariant, FontVariations, FontWeight};

use crate::world;

/// The width of the text area of a page: A4 (210 mm) less the left and right margins.
pub const TEXT_WIDTH_PT: f64 = 595.275_590_551_181_1 - 2.0 * MARGIN_X_PT;
/// The left and right page margins (2.2 cm, as the preamble of [`crate::typeset`] sets them).
pub const MARGIN_X_PT: f64 = 2.2 / 2.54 * 72.0;
/// The text size in tables.
pub const TABLE_TEXT_PT: f64 = 9.0;
/// A table cell's inset, left and right.
pub const INSET_X_PT: f64 = 5.0;
/// A table cell's inset, top and bottom.
pub const INSET_Y_PT: f64 = 4.0;
/// The space between lines (`par(leading: …)`), in em of the text size.
pub const LEADING_EM: f64 = 0.6;

/// What a one-line cell may fill of its column's inner width, at most: a margin for
/// what the sum of advances does not see.
const FILL: f64 = 0.95;

/// How the rows of the tables are sized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// One-line rows get their height in the markup; the rest are `auto`.
    Measured,
    /// Every row is `auto` (Typst measures each).
    Auto,
}

/// The faces a table's text is set in: regular, and bold for headers and sums.
struct Faces {
    regular: Face,
    bold: Face,
}

/// What a row's height and a word's width need of one face at the table's size.
struct Face {
    /// The instance Typst shapes the table's text with (its memo cache gives both the
    /// same one).
    instance: FontInstance,
    /// The advance (in em) of every character below [`LATIN_END`], looked up once per
    /// process: almost every character of a plan.
    latin: Vec<Option<f64>>,
    /// The cap height, in em.
    cap_height: f64,
}

/// The end of the characters whose advances [`Face::latin`] holds (Latin-1 and Latin
/// Extended-A and -B).
const LATIN_END: u32 = 0x250;

impl Face {
    fn new(weight: FontWeight) -> Option<Face> {
        let variant = FontVariant::new(FontStyle::Normal, weight, FontStretch::NORMAL);
        let font = world::font_of("noto sans", variant)?;
        let instance =
            font.instantiate(variant, Abs::pt(TABLE_TEXT_PT), &FontVariations::default());
        let latin = (0..LATIN_END)
            .map(|code| char::from_u32(code).and_then(|c| advance(&instance, c)))
            .collect();
        let cap_height = instance.metrics().cap_height.get();
        Some(Face {
            instance,
            latin,
            cap_height,
        })
    }

    /// The advance of `c`, in em; `None` when the face lacks it.
    fn advance(&self, c: char) -> Option<f64> {
        match self.latin.get(c as usize) {
            Some(advance) => *advance,
            None => advance(&self.instance, c),
        }
    }
}

fn advance(instance: &FontInstance, c: char) -> Option<f64> {
    let glyph = instance.ttf().glyph_index(c)?;
    Some(instance.x_advance(glyph.0)?.get())
}

/// The faces, once per process (`None` if Noto Sans were missing, which the tests rule
/// out: every row is then left to Typst, and every cell hyphenated).
fn faces() -> Option<&'static Faces> {
    static FACES: LazyLock<Option<Faces>> = LazyLock::new(|| {
        Some(Faces {
            regular: Face::new(FontWeight::REGULAR)?,
            bold: Face::new(FontWeight::BOLD)?,
        })
    });
    FACES.as_ref()
}

/// The width of every column of `table`, in points.
fn column_widths(table: &Table) -> Vec<f64> {
    let total: f64 = table
        .columns
        .iter()
        .map(|c| f64::from(c.width.max(1)))
        .sum();
    table
        .columns
        .iter()
        .map(|c| TEXT_WIDTH_PT * f64::from(c.width.max(1)) / total)
        .collect()
}

/// Every row of `table`, header rows first, with whether it is a header row.
fn all_rows(table: &Table) -> impl Iterator<Item = (&Row, bool)> {
    let header = table.header.iter().map(|row| (row, true));
    let body = table.body.iter().map(|row| (row, false));
    header.chain(body)
}

/// Whether a cell's text is set in bold: header rows, sums, totals and row headers (the
/// markup writes `strong(…)` by the same rule, so the widths are measured in its face).
pub(crate) fn is_bold(cell: &Cell, kind: RowKind, header: bool) -> bool {
    header || matches!(kind, RowKind::Sum | RowKind::Total) || cell.row_header
}

impl Faces {
    /// The face of `cell` in a row of `kind`.
    fn of(&self, cell: &Cell, kind: RowKind, header: bool) -> &Face {
        if is_bold(cell, kind, header) {
            &self.bold
        } else {
            &self.regular
        }
    }
}

/// Every cell of `row` with the inner width of the columns it spans (`None` when the
/// row has more cells than the table has columns).
fn cells_with_widths<'a>(
    row: &'a Row,
    widths: &'a [f64],
) -> impl Iterator<Item = (&'a Cell, Option<f64>)> {
    let mut column = 0;
    row.cells.iter().map(move |cell| {
        let span = cell.col_span.max(1);
        let width: Option<f64> = widths.get(column..column + span).map(|w| w.iter().sum());
        column += span;
        (cell, width.map(|width| width - 2.0 * INSET_X_PT))
    })
}

/// The height of every row of `table` (header rows first), in points, where it is
/// known ahead: `None` leaves a row to Typst.
pub fn heights(table: &Table, rows: Rows) -> Vec<Option<f64>> {
    let count = table.header.len() + table.body.len();
    let faces = match rows {
        Rows::Measured => faces(),
        Rows::Auto => None,
    };
    let Some(faces) = faces else {
        return vec![None; count];
    };
    let widths = column_widths(table);
    all_rows(table)
        .map(|(row, is_header)| row_height(row, is_header, &widths, faces))
        .collect()
}

/// For every row of `table` (header rows first) and every cell in it, whether the cell
/// is hyphenated: when one of its words may be wider than its column, or its width
/// cannot be told (a character Noto Sans lacks).
pub fn hyphenated(table: &Table) -> Vec<Vec<bool>> {
    let faces = faces();
    let widths = column_widths(table);
    all_rows(table)
        .map(|(row, header)| {
            cells_with_widths(row, &widths)
                .map(|(cell, inner)| {
                    let (Some(faces), Some(inner)) = (faces, inner) else {
                        return true;
                    };
                    let font = faces.of(cell, row.kind, header);
                    cell.text_with_marker()
                        .split_whitespace()
                        .any(|word| text_width(font, word).is_none_or(|w| w > inner * FILL))
                })
                .collect()
        })
        .collect()
}

/// The height of a row whose every cell's lines are known ahead, else `None`.
fn row_height(row: &Row, header: bool, widths: &[f64], faces: &Faces) -> Option<f64> {
    let mut content: f64 = 0.0;
    for (cell, inner) in cells_with_widths(row, widths) {
        if cell.kind == CellKind::Covered || cell.row_span > 1 {
            return None;
        }
        let inner = inner?;
        let text = cell.text_with_marker();
        if text.trim().is_empty() {
            // No line of its own: the row is as tall as its other cells.
            continue;
        }
        let font = faces.of(cell, row.kind, header);
        let lines = lines(font, &text, inner)?;
        // Typst stacks a cell's lines from the cap height to the baseline, `leading`
        // apart.
        let height = lines as f64 * font.cap_height * TABLE_TEXT_PT
            + (lines - 1) as f64 * LEADING_EM * TABLE_TEXT_PT;
        content = content.max(height);
    }
    // A row of empty cells only: left to Typst.
    (content > 0.0).then_some(content + 2.0 * INSET_Y_PT)
}

/// How many lines Typst breaks `text` into in a column of inner width `inner`, when
/// that is sure: `None` when a break might fall elsewhere, or the text has a line
/// break of its own.
///
/// One line when the whole text clearly fits. Over more lines only for the plainest
/// texts, where Typst can break at the spaces alone (words of Latin letters and digits,
/// a few punctuation marks at their ends, one space apart, no word too wide for the
/// column), and only when every line either clearly holds its next word or clearly does
/// not (5 % to spare either way): Typst fills each line with as many words as fit.
fn lines(font: &Face, text: &str, inner: f64) -> Option<usize> {
    if text_width(font, text).is_some_and(|width| width <= inner * FILL) {
        return Some(1);
    }
    segment_lines(font, text, inner)
}

/// The lines of one line of text (between line breaks), by words.
fn segment_lines(font: &Face, segment: &str, inner: f64) -> Option<usize> {
    if segment.is_empty() || segment.starts_with(' ') || segment.ends_with(' ') {
        return None;
    }
    let space = font.advance(' ')? * TABLE_TEXT_PT;
    let mut lines = 1;
    let mut line: Option<f64> = None;
    for word in segment.split(' ') {
        if !plain_word(word) {
            return None;
        }
        let width = text_width(font, word)?;
        if width > inner * FILL {
            return None;
        }
        line = Some(match line {
            None => width,
            Some(taken) => {
                let with = taken + space + width;
                if with <= inner * FILL {
                    with
                } else if with * FILL > inner {
                    lines += 1;
                    width
                } else {
                    return None;
                }
            }
        });
    }
    Some(lines)
}

/// A word Typst breaks around only at the spaces beside it: Latin letters and digits
/// (no-break spaces inside), an opening parenthesis only first, and closing
/// parentheses and `.,:;*` only after a letter or digit.
fn plain_word(word: &str) -> bool {
    let mut chars = word.chars().peekable();
    if chars.peek() == Some(&'(') {
        chars.next();
    }
    let mut seen = false;
    for c in chars {
        let letter = c.is_alphanumeric() && (c as u32) < LATIN_END;
        let inside = matches!(c, '\u{a0}' | '\u{202f}');
        let after = matches!(c, ')' | '.' | ',' | ':' | ';' | '*');
        if letter || inside && seen || after && seen {
            seen = true;
        } else {
            return false;
        }
    }
    seen
}

/// The width of `text` in `font` at the table's size, as the sum of its characters'
/// advances; `None` when it has a line break (a control character, or the line and
/// paragraph separators U+2028 and U+2029, which Typst also breaks at) or a character
/// the face lacks.
fn text_width(font: &Face, text: &str) -> Option<f64> {
    let mut em = 0.0;
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            return None;
        }
        em += font.advance(c)?;
    }
    Some(em * TABLE_TEXT_PT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use render::document::Column;

    fn cell(text: &str) -> Cell {
        Cell::text(text)
    }

    fn table(columns: &[u16], rows: Vec<Row>) -> Table {
        Table {
            id: "tabell-1".into(),
            caption: "Tabell".into(),
            role: render::document::TableRole::Strategies,
            columns: columns
                .iter()
                .map(|&width| Column {
                    width,
                    numeric: false,
                })
                .collect(),
            header: Vec::new(),
            body: rows,
            notes: Vec::new(),
            sheet: None,
        }
    }

    #[test]
    fn a_row_of_short_texts_gets_the_height_of_one_line() {
        let short = table(
            &[1, 1],
            vec![Row::new(
                RowKind::Body,
                vec![cell("Reiseliv"), cell("1 250 000")],
            )],
        );
        let heights = heights(&short, Rows::Measured);
        let one_line = heights[0].expect("one line");
        // Noto Sans: cap height 714 of 1000 units, at 9 pt, and 4 pt above and below.
        assert!((one_line - (0.714 * 9.0 + 8.0)).abs() < 1e-9, "{one_line}");
        assert_eq!(super::heights(&short, Rows::Auto), vec![None]);
    }

    #[test]
    fn a_text_that_may_wrap_leaves_its_row_to_typst() {
        let word = "Leverandørutviklingsprogrammetsstyringsgruppe";
        let narrow = table(
            &[1, 5],
            vec![Row::new(RowKind::Body, vec![cell(word), cell("x")])],
        );
        assert_eq!(heights(&narrow, Rows::Measured), vec![None]);
        for broken in ["a\nb", "a\u{2028}b", "a\u{2029}b", "a\u{b}b"] {
            let lines = table(&[1], vec![Row::new(RowKind::Body, vec![cell(broken)])]);
            assert_eq!(heights(&lines, Rows::Measured), vec![None], "{broken:?}");
        }
        // A character Noto Sans lacks would be set in a fallback face.
        let cjk = table(&[1], vec![Row::new(RowKind::Body, vec![cell("漢字")])]);
        assert_eq!(heights(&cjk, Rows::Measured), vec![None]);
    }

    #[test]
    fn plain_texts_are_counted_in_lines_by_their_words() {
        let face = &faces().expect("Noto Sans").regular;
        let width = |text: &str| text_width(face, text).expect("measurable");
        let (nye, arbeidsplasser) = (width("Nye"), width("arbeidsplasser"));
        let both = width("Nye arbeidsplasser");
        // Clearly room for the second word, clearly not, and too close to call.
        assert_eq!(lines(face, "Nye arbeidsplasser", both / FILL), Some(1));
        let narrow = arbeidsplasser / FILL;
        assert!(
            both * FILL > narrow,
            "the example needs a column too narrow for both"
        );
        assert_eq!(lines(face, "Nye arbeidsplasser", narrow), Some(2));
        assert_eq!(lines(face, "Nye arbeidsplasser", both * 1.01), None);
        // A line break of its own is left to Typst too.
        assert_eq!(lines(face, "Nye\narbeidsplasser", narrow), None);
        // A word too wide for the column, and texts Typst may break elsewhere than at
        // their spaces, are left to Typst.
        assert_eq!(lines(face, "Nye arbeidsplasser", nye), None);
        for text in [
            "sjø- og landbasert",
            "CO2/år og mer",
            "«Sum» av alt",
            "a ) b",
            "to  mellomrom",
            "Reiseliv – opplevelser",
        ] {
            assert_eq!(lines(face, text, width(text) / 2.0), None, "{text}");
        }
        assert!(plain_word("(kr)") && plain_word("Sum*") && plain_word("1\u{a0}250\u{a0}000"));
        assert!(!plain_word("%") && !plain_word(")") && !plain_word("a(b") && !plain_word("漢字"));
    }

    #[test]
    fn a_row_of_two_line_cells_is_as_tall_as_two_lines_and_their_leading() {
        let face = &faces().expect("Noto Sans").bold;
        // The narrow column of two (2 : 8) holds one word a line.
        let narrow = TEXT_WIDTH_PT / 5.0 - 2.0 * INSET_X_PT;
        let width = |text: &str| text_width(face, text).expect("width");
        assert!(width("arbeidsplasser") < narrow * FILL);
        assert!(width("Sikrede arbeidsplasser") * FILL > narrow);
        let mut header = table(&[2, 8], Vec::new());
        header.header = vec![Row::new(
            RowKind::Header,
            vec![cell("Sikrede arbeidsplasser"), cell("Mål")],
        )];
        let height = heights(&header, Rows::Measured)[0].expect("two lines");
        let expected = 2.0 * face.cap_height * 9.0 + 0.6 * 9.0 + 8.0;
        assert!(
            (height - expected).abs() < 1e-9,
            "{height} against {expected}"
        );
    }

    #[test]
    fn only_a_cell_with_a_word_wider_than_its_column_is_hyphenated() {
        let word = "Leverandørutviklingsprogrammetsstyringsgruppe";
        let narrow = table(
            &[1, 5],
            vec![
                Row::new(RowKind::Body, vec![cell(word), cell(word)]),
                Row::new(
                    RowKind::Body,
                    vec![cell("Et kort ord og enda et"), cell("漢字")],
                ),
            ],
        );
        // The compound is wider than the narrow column, not than the wide one; a text
        // in a face we cannot measure is hyphenated as before.
        assert_eq!(
            hyphenated(&narrow),
            vec![vec![true, false], vec![false, true]]
        );
    }

    #[test]
    fn rows_under_a_row_span_stay_auto() {
        let mut spanning = cell("Industri");
        spanning.row_span = 2;
        let mut covered = cell("");
        covered.kind = CellKind::Covered;
        let spanned = table(
            &[1, 1],
            vec![
                Row::new(RowKind::Body, vec![spanning, cell("1")]),
                Row::new(RowKind::Body, vec![covered, cell("2")]),
                Row::new(RowKind::Body, vec![cell("Sum"), cell("3")]),
            ],
        );
        let heights = heights(&spanned, Rows::Measured);
        assert_eq!(heights[..2], [None, None]);
        assert!(heights[2].is_some());
    }
}
