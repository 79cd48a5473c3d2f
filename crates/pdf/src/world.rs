//! The Typst [`World`] the PDF renderer compiles in: embedded fonts, one main
//! source and a few in-memory files (the charts), all under fixed paths.
//!
//! It never reads the file system, the network or the clock: fonts are compiled
//! into the binary, the date comes from the caller, and package imports fail.
//! File ids are interned forever by Typst, so only the fixed paths below are
//! ever used; a long-running server can render any number of plans.

use std::sync::{LazyLock, Mutex, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontVariant};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

use crate::fonts;

/// The fixed path of the generated main source.
const MAIN_PATH: &str = "/main.typ";

/// The main source of the last compilation that ended. When the next one's markup is
/// the same text (the same document again, as a server is asked for it), it is used as
/// it is: no parse, and its hash, which Typst's memo cache asks for, is already known.
/// Other markup is parsed afresh, never as an edit of this one: a fresh parse numbers
/// the syntax nodes by position alone, so a render never depends on the one before it,
/// and a changed number elsewhere leaves the spans of the rest, and so the memo cache's
/// answers for them, as they were.
static LAST_MAIN: Mutex<Option<Source>> = Mutex::new(None);

/// The main source for `markup` (a compilation running at the same time parses its own).
fn main_source(markup: String) -> Source {
    let last = LAST_MAIN.lock().ok().and_then(|mut slot| slot.take());
    match last {
        Some(source) if source.text() == markup => source,
        _ => Source::new(file_id(MAIN_PATH), markup),
    }
}

/// The fonts and the standard library, built once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    /// One slot per face of [`fonts::faces`], parsed the first time Typst asks for it.
    fonts: Vec<OnceLock<Option<Font>>>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    // `a11y-extras` gives `pdf.header-cell(scope: "row")` for row headers.
    let library = Library::builder()
        .with_features([Feature::A11yExtras].into_iter().collect())
        .build();
    Shared {
        library: LazyHash::new(library),
        book: LazyHash::new(FontBook::from_infos(fonts::infos())),
        fonts: fonts::faces().iter().map(|_| OnceLock::new()).collect(),
    }
});

/// Builds the font book and the library now, so the first render does not pay for it.
pub fn warm_up() {
    LazyLock::force(&SHARED);
}

/// How many faces this process has parsed so far (a document parses only those it uses).
pub fn parsed_faces() -> usize {
    SHARED
        .fonts
        .iter()
        .filter(|slot| slot.get().is_some())
        .count()
}

/// The names of the font families compiled into the binary.
pub fn font_families() -> Vec<String> {
    SHARED
        .book
        .families()
        .map(|(name, _)| name.to_string())
        .collect()
}

/// The face at `index` of the book, parsed once per process.
fn font(index: usize) -> Option<Font> {
    let face = fonts::faces().get(index)?;
    SHARED.fonts.get(index)?.get_or_init(|| face.font()).clone()
}

/// The face Typst would choose for `family` (lowercase) in `variant`: the same parsed
/// face the compilation uses.
pub fn font_of(family: &str, variant: FontVariant) -> Option<Font> {
    font(SHARED.book.select(family, variant)?)
}

/// A file id for a fixed path in the project root.
pub fn file_id(path: &str) -> FileId {
    // The paths used here are constants starting with `/`; they always parse.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable_path(path));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

fn unreachable_path(path: &str) -> VirtualPath {
    // Never reached for the constant paths of this crate; keeps the code free of panics.
    VirtualPath::new("/invalid").unwrap_or_else(|_| panic!("invalid fixed path {path:?}"))
}

/// One compilation: the generated markup and the files it may read.
pub struct RenderWorld {
    main: Source,
    files: Vec<(FileId, Bytes)>,
    today: Option<Datetime>,
}

impl std::fmt::Debug for RenderWorld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderWorld")
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

impl RenderWorld {
    /// A world whose main file is `markup`, with `files` readable under their
    /// fixed paths (e.g. `/charts/jobs.svg`) and `today` as the current date.
    pub fn new(markup: String, files: Vec<(&str, Vec<u8>)>, today: Option<Datetime>) -> Self {
        let main = main_source(markup);
        let files = files
            .into_iter()
            .map(|(path, data)| (file_id(path), Bytes::new(data)))
            .collect();
        RenderWorld { main, files, today }
    }
}

impl Drop for RenderWorld {
    fn drop(&mut self) {
        if let Ok(mut slot) = LAST_MAIN.lock() {
            *slot = Some(self.main.clone());
        }
    }
}

impl World for RenderWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .iter()
            .find(|(file, _)| *file == id)
            .map(|(_, data)| data.clone())
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.get().vpath().get_without_slash().into())
}
