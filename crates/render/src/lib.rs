//! Pure renderers of the programme's documents: the nb/nn text catalogue ([`text`]),
//! the format-neutral document ([`document`]), one builder per kind of document
//! ([`handlingsplan`], [`omstillingsplan`]) and the writers built on the document.
//!
//! ```text
//! (&Plan, &Evaluation, &Options) --handlingsplan::document--> Document --docx/html/markdown/xlsx--> bytes
//! (&Omstillingsplan, …)          --omstillingsplan::document-/                 (pdf: crates/pdf)
//! ```
//!
//! Every format walks the same [`Document`], so the content is identical everywhere; a
//! writer and the charts never see a plan, only the document and its figures' own data.
//! This crate never touches the world: no files, no network, no clock. Renderers return
//! bytes or strings; the CLI and the web app write them.

pub mod chart;
pub(crate) mod compose;
pub mod document;
pub mod docx;
pub mod handlingsplan;
pub mod html;
pub mod markdown;
pub mod omstillingsplan;
pub mod overview;
pub mod results;
pub mod text;
pub mod xlsx;

pub use document::{Document, Logo, Options};

/// The charts of a document's figures, drawn by [`chart`] from their data, by figure id.
#[derive(Debug, Clone, Default)]
pub struct Charts(Vec<(String, chart::Chart)>);

impl Charts {
    /// Draws the chart of every figure in `doc`.
    pub fn draw(doc: &Document) -> Charts {
        Charts(
            doc.figures()
                .filter_map(|figure| {
                    chart::for_figure(figure, doc.language).map(|c| (figure.id.clone(), c))
                })
                .collect(),
        )
    }

    /// The chart of the figure with this id.
    pub fn get(&self, figure_id: &str) -> Option<&chart::Chart> {
        self.0
            .iter()
            .find(|(id, _)| id == figure_id)
            .map(|(_, chart)| chart)
    }
}

/// The document as a Word file (DOCX).
pub fn docx(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let logo = match &doc.front.logo {
        Some(logo) => {
            let (width_px, height_px) = png_size(&logo.png)?;
            Some(docx::LogoImage {
                png: &logo.png,
                width_px,
                height_px,
            })
        }
        None => None,
    };
    docx::document(doc, logo)
}

/// The document as one self-contained HTML file (UTF-8).
pub fn html(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let logo = checked_logo(doc)?;
    let charts = Charts::draw(doc);
    Ok(html::document(doc, logo, &charts).into_bytes())
}

/// The document body as an HTML fragment (`<article class="handlingsplan">…`), for a
/// page that includes [`html::CSS`]; the web app shows it as a preview.
pub fn html_fragment(doc: &Document) -> Result<String, RenderError> {
    let logo = checked_logo(doc)?;
    let charts = Charts::draw(doc);
    Ok(html::fragment(doc, logo, &charts))
}

/// The document as GitHub-flavoured Markdown (UTF-8). The logo is not included.
pub fn markdown(doc: &Document) -> Result<Vec<u8>, RenderError> {
    Ok(markdown::document(doc).into_bytes())
}

/// The file name of the document: its kind's stem and the extension
/// (`handlingsplan-2027-fjordvik-kommune.docx`).
pub fn file_name(doc: &Document, extension: &str) -> String {
    file_name_of(&doc.file_stem, extension)
}

/// The logo's PNG, after checking that it is a PNG with a size.
fn checked_logo(doc: &Document) -> Result<Option<&[u8]>, RenderError> {
    match &doc.front.logo {
        Some(logo) => {
            png_size(&logo.png)?;
            Ok(Some(&logo.png))
        }
        None => Ok(None),
    }
}

/// Width and height in pixels from a PNG's IHDR chunk.
pub fn png_size(png: &[u8]) -> Result<(u32, u32), RenderError> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    if png.len() < 24 || png[..8] != SIGNATURE || &png[12..16] != b"IHDR" {
        return Err(RenderError::Logo("fila er ikke et PNG-bilde".into()));
    }
    let word = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    let (width, height) = (word(16), word(20));
    if width == 0 || height == 0 || width > 20_000 || height > 20_000 {
        return Err(RenderError::Logo(format!(
            "urimelig bildestørrelse {width}×{height}"
        )));
    }
    Ok((width, height))
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The logo is not a PNG image we can place.
    #[error("logoen er ikke et PNG-bilde som kan brukes: {0}")]
    Logo(String),
    /// A chart could not be drawn as an image.
    #[error("kunne ikke tegne diagrammet: {0}")]
    Chart(#[from] chart::ChartError),
    /// Packing the DOCX archive failed.
    #[error("kunne ikke lage DOCX-fila: {0}")]
    Docx(String),
}

pub(crate) fn file_name_of(stem: &str, extension: &str) -> String {
    format!("{stem}.{}", extension.trim_start_matches('.'))
}

/// `{kind}-{key}-{area slug}` (`handlingsplan-2027-fjordvik-kommune`); without the
/// area when its slug is empty. The area becomes an ASCII slug (æ→ae, ø→o, å→a; other
/// letters lose their accents).
pub(crate) fn stem(kind: &str, key: &str, area: &str) -> String {
    let slug = slug(area);
    if slug.is_empty() {
        format!("{kind}-{key}")
    } else {
        format!("{kind}-{key}-{slug}")
    }
}

/// Lower-case ASCII letters and digits separated by single hyphens.
fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut pending_hyphen = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let ascii: &str = match c {
            'a'..='z' | '0'..='9' => {
                if pending_hyphen && !out.is_empty() {
                    out.push('-');
                }
                pending_hyphen = false;
                out.push(c);
                continue;
            }
            'æ' | 'ä' => "ae",
            'ø' | 'ö' | 'ó' | 'ò' | 'ô' => "o",
            'å' | 'á' | 'à' | 'â' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'ü' | 'ú' | 'ù' | 'û' => "u",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ç' => "c",
            'ñ' => "n",
            'š' => "s",
            'ž' => "z",
            'č' => "c",
            'đ' => "d",
            'ŋ' => "n",
            'ŧ' => "t",
            _ => {
                pending_hyphen = true;
                continue;
            }
        };
        if pending_hyphen && !out.is_empty() {
            out.push('-');
        }
        pending_hyphen = false;
        out.push_str(ascii);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Fjordvik kommune"), "fjordvik-kommune");
        assert_eq!(slug("Ærøy – Bø og Å"), "aeroy-bo-og-a");
        assert_eq!(slug("  Indre Havbygd!! "), "indre-havbygd");
        assert_eq!(slug("Kárášjohka"), "karasjohka");
        assert_eq!(slug("<script>"), "script");
        assert_eq!(slug("漢字"), "");
    }
}
