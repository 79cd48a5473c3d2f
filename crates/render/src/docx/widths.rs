//! The widths of a table's columns in the DOCX, in twips.
//!
//! The builder gives each column a share of the page ([`Column::width`]); here those
//! shares are corrected so that every column is at least as wide as its longest header
//! word and its widest number (they must never break), and, where the page allows, its
//! longest body word. A table too wide for that at 9 pt is set at 8 or 7 pt. Text is measured with deliberately wide per-character widths:
//! the document asks for Calibri, but a reader without it substitutes another font
//! (LibreOffice on Linux often uses DejaVu Sans, the widest of the usual ones), and a
//! header must not break inside a word in any of them.
//!
//! [`Column::width`]: crate::document::Column::width

use crate::document::{Cell, CellKind, RowKind, Table};

/// The table text's size in half-points (`Tabelltekst`: 9 pt).
pub const TABLE_TEXT_HALF_POINTS: usize = 18;
/// A cell's left and right margin (0.1 cm), in twips; set on every table.
pub const CELL_MARGIN: usize = 57;
/// The cell's margins together and a little slack for rounding, in twips.
const CELL_PADDING: usize = 2 * CELL_MARGIN + 60;

/// How a table is set: its column widths in twips and its text size in half-points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLayout {
    pub widths: Vec<usize>,
    pub half_points: usize,
}

/// The sizes a table's text may take, largest first: a table whose headers and numbers
/// do not fit the page at 9 pt is set at 8 or 7 pt rather than breaking a word.
const SIZES: [usize; 3] = [TABLE_TEXT_HALF_POINTS, 16, 14];

/// The column widths of `table` across `total` twips, and the size of its text.
pub fn layout(table: &Table, total: usize) -> TableLayout {
    let wanted: Vec<usize> = table
        .columns
        .iter()
        .map(|c| total * usize::from(c.width) / 100)
        .collect();
    for half_points in SIZES {
        let (must, should) = minimums(table, half_points);
        let with_body: Vec<usize> = must.iter().zip(&should).map(|(m, s)| *m.max(s)).collect();
        let widths = if with_body.iter().sum::<usize>() <= total {
            distribute(&wanted, &with_body, total)
        } else if must.iter().sum::<usize>() <= total {
            distribute(&wanted, &must, total)
        } else {
            continue;
        };
        return TableLayout {
            widths,
            half_points,
        };
    }
    // Not even the smallest size fits: the page's width in proportion to the needs.
    let half_points = SIZES[SIZES.len() - 1];
    let (must, _) = minimums(table, half_points);
    let sum = must.iter().sum::<usize>().max(1);
    TableLayout {
        widths: must.iter().map(|m| total * m / sum).collect(),
        half_points,
    }
}

/// Per column at `half_points`: the width it must have (header words, numbers) and the
/// width its body words would like.
fn minimums(table: &Table, half_points: usize) -> (Vec<usize>, Vec<usize>) {
    let columns = table.columns.len();
    let mut must = vec![0usize; columns];
    let mut should = vec![0usize; columns];
    for (row, header) in table
        .header
        .iter()
        .map(|r| (r, true))
        .chain(table.body.iter().map(|r| (r, false)))
    {
        let bold = header || matches!(row.kind, RowKind::Sum | RowKind::Total);
        let mut column = 0usize;
        for cell in &row.cells {
            let span = cell.col_span.max(1);
            if span == 1 && column < columns && cell.kind != CellKind::Covered {
                let (unbreakable, breakable) = needs(cell, header, bold, half_points);
                must[column] = must[column].max(unbreakable);
                should[column] = should[column].max(breakable);
            }
            column += span;
        }
    }
    (must, should)
}

/// What a cell needs: (the width it must have, the width its words would like).
fn needs(cell: &Cell, header: bool, bold: bool, half_points: usize) -> (usize, usize) {
    let text = match &cell.marker {
        Some(marker) => format!("{}{marker}", cell.text),
        None => cell.text.clone(),
    };
    let widest_word = text
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .map(|word| word_twips(word, bold, half_points))
        .max()
        .unwrap_or(0)
        + CELL_PADDING;
    let unbreakable = header || cell.kind == CellKind::Number || cell.value.is_some();
    if unbreakable {
        (widest_word, 0)
    } else {
        (0, widest_word)
    }
}

/// Columns at their wanted widths, except that none is narrower than its minimum: the
/// twips a too-narrow column gets are taken from the others in proportion to their
/// wanted widths, never below their own minimum.
fn distribute(wanted: &[usize], minimum: &[usize], total: usize) -> Vec<usize> {
    let mut fixed: Vec<Option<usize>> = vec![None; wanted.len()];
    loop {
        let fixed_sum: usize = fixed.iter().flatten().sum();
        let free_wanted: usize = wanted
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| f.is_none())
            .map(|(w, _)| *w)
            .sum::<usize>()
            .max(1);
        let budget = total.saturating_sub(fixed_sum);
        let mut changed = false;
        for (i, slot) in fixed.iter_mut().enumerate() {
            if slot.is_none() && budget * wanted[i] / free_wanted < minimum[i] {
                *slot = Some(minimum[i]);
                changed = true;
            }
        }
        if !changed {
            return wanted
                .iter()
                .zip(&fixed)
                .map(|(w, f)| f.unwrap_or(budget * w / free_wanted))
                .collect();
        }
    }
}

/// A word's width in twips at `half_points`, measured generously (see the module).
fn word_twips(word: &str, bold: bool, half_points: usize) -> usize {
    let thousandths: usize = word.chars().map(char_width).sum();
    let thousandths = if bold {
        thousandths * 108 / 100
    } else {
        thousandths
    };
    // em/1000 × size in points × 20 twips per point.
    thousandths * half_points * 10 / 1000
}

/// A character's advance in thousandths of an em, at least as wide as DejaVu Sans
/// (regular), the widest common substitute for Calibri.
fn char_width(c: char) -> usize {
    match c {
        'i' | 'j' | 'l' | 'I' | 'J' | '.' | ',' | ':' | ';' | '!' | '\'' | '|' | ' ' => 360,
        '\u{a0}' => 330,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 480,
        'm' | 'w' | 'M' | 'W' | 'æ' | 'Æ' | 'œ' | 'Œ' | '%' | '…' => 1000,
        c if c.is_ascii_digit() => 640,
        c if c.is_uppercase() => 780,
        _ => 650,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_too_narrow_for_its_header_takes_from_the_others() {
        let widths = distribute(&[2000, 2000, 6000], &[2500, 0, 1000], 10_000);
        assert_eq!(widths[0], 2500);
        assert!((9_998..=10_000).contains(&widths.iter().sum::<usize>()));
        assert!(widths[1] < 2000 && widths[2] < 6000);
        assert_eq!(distribute(&[5000, 5000], &[0, 0], 10_000), vec![5000, 5000]);
    }

    #[test]
    fn bold_words_are_measured_wider() {
        let word = "Prosjektkostnader";
        assert!(word_twips(word, true, 18) > word_twips(word, false, 18));
        // DejaVu Sans Bold at 9 pt draws it 93 pt (1 866 twips) wide.
        assert!(word_twips(word, true, 18) > 1_866);
    }
}
