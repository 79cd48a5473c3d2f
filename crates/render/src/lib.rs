//! Pure renderers of a Handlingsplan: the nb/nn text catalogue ([`text`]), the
//! format-neutral document ([`document`]) and the formats built from it.
//!
//! ```text
//! (&Plan, &Evaluation, &Options) --document::build--> Document --docx/html/markdown--> bytes
//! ```
//!
//! Every format walks the same [`Document`], so the content is identical everywhere.
//! This crate never touches the world: no files, no network, no clock. Renderers return
//! bytes or strings; the CLI and the web app write them.

pub mod document;
pub mod text;

pub use document::{Document, Logo, Options};

use plan::Plan;

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The logo is not a PNG image we can place.
    #[error("logoen er ikke et PNG-bilde som kan brukes: {0}")]
    Logo(String),
    /// Packing the DOCX archive failed.
    #[error("kunne ikke lage DOCX-fila: {0}")]
    Docx(String),
}

/// The file name for a plan's document: `handlingsplan-2027-fjordvik-kommune.docx`.
/// The area becomes an ASCII slug (æ→ae, ø→o, å→a; other letters lose their accents).
pub fn file_name(plan: &Plan, extension: &str) -> String {
    let slug = slug(&plan.programme.area);
    let extension = extension.trim_start_matches('.');
    if slug.is_empty() {
        format!("handlingsplan-{}.{extension}", plan.year)
    } else {
        format!("handlingsplan-{}-{slug}.{extension}", plan.year)
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
