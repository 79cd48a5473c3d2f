//! Reading document files from disk: the one place the CLI turns a path into a
//! `Plan`, an `Omstillingsplan` or either.

use std::path::Path;

use plan::handlingsplan::Plan;
use plan::omstillingsplan::Omstillingsplan;
use plan::{AnyDocument, Syntax};

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
    read_with(path, plan::handlingsplan::file::read)
}

/// Reads and parses the Omstillingsplan at `path` (`.json` or `.toml`).
pub fn read_omstillingsplan(path: &Path) -> Result<Omstillingsplan, InputError> {
    read_with(path, plan::omstillingsplan::file::read)
}

/// Reads a file of either kind, told apart by its `format`.
pub fn read_any(path: &Path) -> Result<AnyDocument, InputError> {
    read_with(path, plan::read_any)
}

/// Reads the text at `path` and parses it with `parse`; every failure is one line
/// naming the file.
fn read_with<T>(
    path: &Path,
    parse: impl FnOnce(&str, Syntax) -> Result<T, plan::ReadError>,
) -> Result<T, InputError> {
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
    parse(&text, syntax).map_err(|error| InputError(format!("kan ikke lese «{shown}», {error}")))
}
