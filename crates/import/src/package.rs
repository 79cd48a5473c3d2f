//! The DOCX package: a ZIP archive whose main part (normally `word/document.xml`) holds
//! the text. Read with the `zip` crate under hard limits, so that a hostile file (a zip
//! bomb, thousands of entries) is refused quickly with bounded memory.

use std::io::{Cursor, Read};

use crate::ImportError;

/// Limits on what a package may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest DOCX file accepted, in bytes.
    pub max_file: usize,
    /// The most entries the archive may list.
    pub max_entries: usize,
    /// The largest decompressed size of one XML part read, in bytes.
    pub max_part: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file: 20 * 1024 * 1024,
            max_entries: 2_000,
            max_part: 32 * 1024 * 1024,
        }
    }
}

const MIB: f64 = 1024.0 * 1024.0;

/// The main document part's XML, as text.
pub fn main_document(bytes: &[u8], limits: &Limits) -> Result<String, ImportError> {
    if bytes.len() > limits.max_file {
        return Err(ImportError::Unreadable(format!(
            "fila er på {:.1} MB; største tillatte Word-fil er {:.0} MB",
            bytes.len() as f64 / MIB,
            limits.max_file as f64 / MIB
        )));
    }
    if !bytes.starts_with(b"PK") {
        return Err(ImportError::Unreadable(
            "fila er ikke et Word-dokument (DOCX): den er ikke en ZIP-pakke".into(),
        ));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ImportError::Unreadable(format!(
            "fila er ikke et lesbart Word-dokument (DOCX): ZIP-pakken er skadet ({e})"
        ))
    })?;
    if archive.len() > limits.max_entries {
        return Err(ImportError::Unreadable(format!(
            "Word-pakken har {} deler; et Word-dokument har langt færre (høyst {} godtas)",
            archive.len(),
            limits.max_entries
        )));
    }
    let target = main_part_name(&mut archive, limits)?;
    read_part(&mut archive, &target, limits)?.ok_or_else(|| {
        ImportError::Unreadable(format!(
            "fila er ikke et Word-dokument (DOCX): hoveddelen «{target}» mangler"
        ))
    })
}

/// The main part's name from `_rels/.rels` (the `officeDocument` relationship), or
/// `word/document.xml` when the package does not say.
fn main_part_name(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    limits: &Limits,
) -> Result<String, ImportError> {
    const DEFAULT: &str = "word/document.xml";
    let Some(rels) = read_part(archive, "_rels/.rels", limits)? else {
        return Ok(DEFAULT.to_owned());
    };
    let mut reader = quick_xml::Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let attribute = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == name)
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                };
                let is_main = attribute("Type")
                    .is_some_and(|t| t.ends_with("/officeDocument") && !t.contains("/package/"));
                if is_main && let Some(target) = attribute("Target") {
                    let target = target.trim_start_matches('/').to_owned();
                    if !target.is_empty() && !target.contains("..") {
                        return Ok(target);
                    }
                }
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return Ok(DEFAULT.to_owned()),
            Ok(_) => {}
        }
    }
}

/// One part as UTF-8 text, reading at most `limits.max_part` bytes; `None` when absent.
fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Option<String>, ImportError> {
    let Some(index) = archive.index_for_name(name) else {
        return Ok(None);
    };
    let file = archive.by_index(index).map_err(|e| {
        ImportError::Unreadable(format!(
            "kan ikke lese «{name}» i Word-pakken ({e}); fila kan være skadet eller kryptert"
        ))
    })?;
    if file.size() > limits.max_part {
        return Err(too_large(name, limits));
    }
    let mut data = Vec::new();
    // The declared size can lie: never read more than the limit, whatever it says.
    file.take(limits.max_part + 1)
        .read_to_end(&mut data)
        .map_err(|e| {
            ImportError::Unreadable(format!(
                "kan ikke pakke ut «{name}» i Word-pakken ({e}); fila er skadet"
            ))
        })?;
    if data.len() as u64 > limits.max_part {
        return Err(too_large(name, limits));
    }
    let data = data
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .map(<[u8]>::to_vec)
        .unwrap_or(data);
    String::from_utf8(data).map(Some).map_err(|_| {
        ImportError::Unreadable(format!(
            "«{name}» i Word-pakken er ikke UTF-8-tekst; lagre dokumentet på nytt i Word"
        ))
    })
}

fn too_large(name: &str, limits: &Limits) -> ImportError {
    ImportError::Unreadable(format!(
        "«{name}» i Word-pakken blir større enn {:.0} MB når den pakkes ut; \
         fila godtas ikke (det kan være en såkalt zip-bombe)",
        limits.max_part as f64 / MIB
    ))
}
