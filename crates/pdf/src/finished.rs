//! Finished PDFs kept for the next request of the same document.
//!
//! A PDF is a pure function of what goes into a compilation: the markup, the files it
//! reads (charts, logo), the date and the archive fields. Typst's memo cache already
//! answers the layout of a document it has seen, but its PDF export has no cache between
//! documents: exporting the Fjordvik plan again costs about 62 M instructions (7–8 ms)
//! even when nothing changed. A frozen version is asked for again and again (the board's
//! members, the council's case, the archive package), so the finished bytes are kept.
//!
//! The key is the whole input, compared in full ([`Input`] derives `Eq`): no hash stands
//! for it, so a different document can never get another's PDF. The cache is bounded by
//! [`MAX_ENTRIES`] and [`MAX_BYTES`] (inputs and PDFs counted together) and forgets the
//! least recently used first. Failed compilations are not kept.

use std::sync::{Mutex, PoisonError};

use crate::{Archive, Today};

/// At most this many finished PDFs are kept.
pub const MAX_ENTRIES: usize = 8;
/// At most this many bytes (markup, files and PDF of every entry) are kept.
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// Everything a compilation reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Input {
    pub markup: String,
    pub files: Vec<(String, Vec<u8>)>,
    pub today: Option<Today>,
    pub archive: Option<Archive>,
}

impl Input {
    fn size(&self) -> usize {
        let archive = self.archive.as_ref().map_or(0, |archive| {
            archive.description.len()
                + archive.author.len()
                + archive.ident.len()
                + archive.keywords.iter().map(String::len).sum::<usize>()
        });
        self.markup.len()
            + self
                .files
                .iter()
                .map(|(path, bytes)| path.len() + bytes.len())
                .sum::<usize>()
            + archive
    }
}

/// How the cache has been used since the process started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// PDFs kept now.
    pub entries: usize,
    /// Bytes kept now (inputs and PDFs).
    pub bytes: usize,
    /// Requests answered with a kept PDF.
    pub hits: u64,
    /// Requests that compiled.
    pub misses: u64,
}

/// A bounded list of finished PDFs, the most recently used first.
#[derive(Debug, Default)]
pub(crate) struct Finished {
    entries: Vec<(Input, Vec<u8>)>,
    hits: u64,
    misses: u64,
}

impl Finished {
    /// The PDF made from `input`, if kept; it becomes the most recently used.
    pub fn get(&mut self, input: &Input) -> Option<Vec<u8>> {
        match self.entries.iter().position(|(kept, _)| kept == input) {
            Some(index) => {
                self.hits += 1;
                let entry = self.entries.remove(index);
                let pdf = entry.1.clone();
                self.entries.insert(0, entry);
                Some(pdf)
            }
            None => {
                self.misses += 1;
                None
            }
        }
    }

    /// Keeps `pdf` as made from `input`, forgetting the least recently used PDFs until
    /// both bounds hold. An entry larger than [`MAX_BYTES`] alone is not kept.
    pub fn insert(&mut self, input: Input, pdf: Vec<u8>) {
        let size = input.size() + pdf.len();
        if size > MAX_BYTES {
            return;
        }
        self.entries.retain(|(kept, _)| *kept != input);
        while self.entries.len() >= MAX_ENTRIES || self.bytes() + size > MAX_BYTES {
            self.entries.pop();
        }
        self.entries.insert(0, (input, pdf));
    }

    /// The bytes kept: inputs and PDFs of every entry (a handful, so counted when asked).
    fn bytes(&self) -> usize {
        self.entries
            .iter()
            .map(|(input, pdf)| input.size() + pdf.len())
            .sum()
    }

    fn stats(&self) -> Stats {
        Stats {
            entries: self.entries.len(),
            bytes: self.bytes(),
            hits: self.hits,
            misses: self.misses,
        }
    }
}

static FINISHED: Mutex<Finished> = Mutex::new(Finished {
    entries: Vec::new(),
    hits: 0,
    misses: 0,
});

/// The process's cache. A panic while it was held cannot leave it inconsistent (each
/// method finishes its changes before it could panic), so a poisoned lock is used as is.
fn finished() -> std::sync::MutexGuard<'static, Finished> {
    FINISHED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The PDF of `input`: the kept one, or `compile`'s, which is then kept. The lock is
/// not held while compiling, so other documents are not kept waiting.
pub(crate) fn get_or_compile<E>(
    input: Input,
    compile: impl FnOnce(&Input) -> Result<Vec<u8>, E>,
) -> Result<Vec<u8>, E> {
    if let Some(pdf) = finished().get(&input) {
        return Ok(pdf);
    }
    let pdf = compile(&input)?;
    finished().insert(input, pdf.clone());
    Ok(pdf)
}

/// How the process's cache of finished PDFs has been used.
pub fn stats() -> Stats {
    finished().stats()
}

/// Forgets every finished PDF (the counts of hits and misses stay): the next request
/// of any document compiles it again.
pub fn clear() {
    finished().entries.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(markup: &str) -> Input {
        Input {
            markup: markup.to_owned(),
            files: vec![("/charts/jobs.svg".into(), b"<svg/>".to_vec())],
            today: None,
            archive: None,
        }
    }

    #[test]
    fn a_kept_pdf_answers_only_the_same_input() {
        let mut cache = Finished::default();
        cache.insert(input("= A"), b"%PDF a".to_vec());
        assert_eq!(cache.get(&input("= A")), Some(b"%PDF a".to_vec()));
        assert_eq!(cache.get(&input("= B")), None);

        let mut other_file = input("= A");
        other_file.files[0].1 = b"<svg></svg>".to_vec();
        assert_eq!(cache.get(&other_file), None);
        let mut other_date = input("= A");
        other_date.today = Some(Today {
            year: 2026,
            month: 12,
            day: 4,
        });
        assert_eq!(cache.get(&other_date), None);
        let mut archived = input("= A");
        archived.archive = Some(Archive {
            date: Today {
                year: 2026,
                month: 12,
                day: 4,
            },
            description: String::new(),
            author: "Fjordvik".into(),
            keywords: Vec::new(),
            ident: "fjordvik/2027/1".into(),
        });
        assert_eq!(cache.get(&archived), None);
        assert_eq!(
            cache.stats(),
            Stats {
                entries: 1,
                bytes: input("= A").size() + 6,
                hits: 1,
                misses: 4
            }
        );
    }

    #[test]
    fn the_least_recently_used_pdf_goes_first() {
        let mut cache = Finished::default();
        for n in 0..MAX_ENTRIES {
            cache.insert(input(&format!("= {n}")), vec![n as u8]);
        }
        // Using the oldest makes the second oldest the one to go.
        assert!(cache.get(&input("= 0")).is_some());
        cache.insert(input("= new"), vec![0xff]);
        assert_eq!(cache.stats().entries, MAX_ENTRIES);
        assert!(cache.get(&input("= 1")).is_none());
        assert!(cache.get(&input("= 0")).is_some());
        assert!(cache.get(&input("= new")).is_some());
        // Every entry kept but "= 1", and "= new"; each PDF one byte.
        let bytes: usize = (0..MAX_ENTRIES)
            .filter(|n| *n != 1)
            .map(|n| input(&format!("= {n}")).size() + 1)
            .sum::<usize>()
            + input("= new").size()
            + 1;
        assert_eq!(cache.stats().bytes, bytes);
    }

    #[test]
    fn the_bytes_kept_stay_under_the_bound() {
        let mut cache = Finished::default();
        let big = vec![0u8; MAX_BYTES / 3];
        for n in 0..5 {
            cache.insert(input(&format!("= {n}")), big.clone());
            assert!(cache.stats().bytes <= MAX_BYTES);
        }
        assert_eq!(cache.stats().entries, 2);
        assert!(cache.get(&input("= 4")).is_some());
        assert!(cache.get(&input("= 3")).is_some());
        assert!(cache.get(&input("= 2")).is_none());

        // Too large to keep at all: nothing kept is forgotten for it.
        cache.insert(input("= huge"), vec![0u8; MAX_BYTES + 1]);
        assert!(cache.get(&input("= huge")).is_none());
        assert_eq!(cache.stats().entries, 2);
    }

    #[test]
    fn the_same_input_again_replaces_its_entry() {
        let mut cache = Finished::default();
        cache.insert(input("= A"), b"old".to_vec());
        cache.insert(input("= A"), b"newer".to_vec());
        assert_eq!(cache.stats().entries, 1);
        assert_eq!(cache.stats().bytes, input("= A").size() + 5);
        assert_eq!(cache.get(&input("= A")), Some(b"newer".to_vec()));
    }
}
