//! Reading a plan file from disk: the one place the CLI turns a path into a `Plan`.

use std::path::Path;

use plan::{Plan, Syntax};

/// Why a plan file could not be read; printed as one line on stderr, exit code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

/// Reads and parses the plan at `path` (`.json` or `.toml`).
pub fn read_plan(path: &Path) -> Result<Plan, InputError> {
    let (text, syntax, shown) = read_text(path)?;
    plan::file::read(&text, syntax)
        .map_err(|error| InputError(format!("kan ikke lese «{shown}», {error}")))
}

/// Reads and parses the file at `path` (`.json` or `.toml`) as the kind its `format`
/// names: a Handlingsplan or an Omstillingsplan.
pub fn read_document(path: &Path) -> Result<plan::AnyDocument, InputError> {
    let (text, syntax, shown) = read_text(path)?;
    plan::read_any(&text, syntax)
        .map_err(|error| InputError(format!("kan ikke lese «{shown}», {error}")))
}

/// The file's text, its syntax (by extension) and its name as shown in messages.
fn read_text(path: &Path) -> Result<(String, Syntax, String), InputError> {
    let shown = path.display().to_string();
    let syntax = Syntax::from_path(&shown).ok_or_else(|| {
        InputError(format!(
            "kan ikke lese «{shown}»: ukjent filtype; planen må være en .json- eller .toml-fil"
        ))
    })?;
    let bytes = std::fs::read(path).map_err(|error| {
        let why = match error.kind() {
            std::io::ErrorKind::NotFound => "filen finnes ikke".to_string(),
            std::io::ErrorKind::PermissionDenied => "mangler tilgang til filen".to_string(),
            std::io::ErrorKind::IsADirectory => "dette er en mappe, ikke en fil".to_string(),
            _ => format!("{error}"),
        };
        InputError(format!("kan ikke lese «{shown}»: {why}"))
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        InputError(format!(
            "kan ikke lese «{shown}»: filen er ikke UTF-8-tekst"
        ))
    })?;
    Ok((text, syntax, shown))
}
