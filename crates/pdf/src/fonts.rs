//! The fonts compiled into the binary, and their font book made ahead of time.
//!
//! Typst chooses a face through the [`FontBook`](typst::text::FontBook): for every face,
//! its family, variant and the characters it covers. Working that out means parsing
//! every face and walking its character map, about 10 MB of fonts here, on every start
//! of the process, though a plan uses only the four Noto Sans faces. So the book is
//! written once into `font-book.json` beside this file (the test `font_book_is_current`
//! fails when it no longer matches the fonts, and rewrites it with
//! `UPDATE_FONT_BOOK=1`), read at start, and a face is parsed only when Typst first
//! asks for it.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};

/// Noto Sans (SIL Open Font License 1.1), the body face, shared with the charts.
const NOTO_SANS: [&[u8]; 4] = render::chart::FONTS;

/// The font files compiled into the binary: Noto Sans, then Typst's own fonts
/// (Libertinus Serif, New Computer Modern and its maths face, DejaVu Sans Mono), which
/// stay as the fallback for characters Noto Sans lacks.
pub fn sources() -> impl Iterator<Item = &'static [u8]> {
    NOTO_SANS.into_iter().chain(typst_assets::fonts())
}

/// One face of one font file.
#[derive(Debug, Clone, Copy)]
pub struct Face {
    data: &'static [u8],
    index: u32,
}

impl Face {
    /// Parses the face (done once per face and process, by the world's font slots).
    pub fn font(&self) -> Option<Font> {
        Font::new(Bytes::new(self.data), self.index)
    }
}

/// The font book file: which faces there are, and what Typst needs to know of each.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct BookFile {
    /// The byte length of every font file of [`sources`], in order: a cheap check
    /// that the book was made from these files.
    pub sources: Vec<usize>,
    pub faces: Vec<BookFace>,
}

/// One face in the font book file.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct BookFace {
    /// The position of its file in [`sources`].
    pub source: usize,
    /// The face's index within its file.
    pub index: u32,
    pub info: FontInfo,
}

/// The book as written into the binary.
const BOOK_JSON: &str = include_str!("font-book.json");

/// The font book made from the font files themselves (what `font-book.json` holds).
pub fn book_file() -> BookFile {
    let files: Vec<&'static [u8]> = sources().collect();
    let mut faces = Vec::new();
    for (source, data) in files.iter().enumerate() {
        for font in Font::iter(Bytes::new(*data)) {
            faces.push(BookFace {
                source,
                index: font.index(),
                info: font.info().clone(),
            });
        }
    }
    BookFile {
        sources: files.iter().map(|data| data.len()).collect(),
        faces,
    }
}

/// The faces and the book, from `font-book.json` when it matches the font files (it
/// always does in a tested build), else worked out from the files.
static BOOK: LazyLock<(Vec<Face>, Vec<FontInfo>)> = LazyLock::new(|| {
    let files: Vec<&'static [u8]> = sources().collect();
    let lengths: Vec<usize> = files.iter().map(|data| data.len()).collect();
    let book = match serde_json::from_str::<BookFile>(BOOK_JSON) {
        Ok(book)
            if book.sources == lengths
                && book.faces.iter().all(|face| face.source < files.len()) =>
        {
            book
        }
        _ => book_file(),
    };
    book.faces
        .into_iter()
        .map(|face| {
            let slot = Face {
                data: files[face.source],
                index: face.index,
            };
            (slot, face.info)
        })
        .unzip()
});

/// Every face, in the order of the book.
pub fn faces() -> &'static [Face] {
    &BOOK.0
}

/// What the font book holds of every face, in the order of [`faces`].
pub fn infos() -> Vec<FontInfo> {
    BOOK.1.clone()
}
