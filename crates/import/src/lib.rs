//! Word import: a Handlingsplan filled in from Innovasjon Norge's template (or rendered
//! by this project) as DOCX bytes in, a [`Plan`] and the import findings out.
//!
//! ```text
//! bytes --package (zip, limits)--> document.xml --docx (quick-xml)--> blocks --read--> Plan + findings
//! ```
//!
//! Pure: no files, no clock. Hostile input (a zip bomb, deep nesting, entities, a huge
//! table) ends in [`ImportError::Unreadable`] with a Norwegian message, quickly and with
//! bounded memory. The contract is `spec/import.md`.

mod docx;
mod package;
mod read;
pub mod text;

pub use package::Limits;
use plan::{Plan, Severity};

/// What the import gave: the plan and what a person should look at.
#[derive(Debug, Clone)]
pub struct Import {
    pub plan: Plan,
    pub findings: Vec<ImportFinding>,
}

/// One import finding (spec §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportFinding {
    pub code: ImportCode,
    /// Where in the Word document: the heading, the table, the row and column.
    pub place: String,
    pub message: String,
}

impl ImportFinding {
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// The import finding codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportCode {
    SumDiffers,
    Number,
    Placeholder,
    Missing,
    AreaMismatch,
}

impl ImportCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportCode::SumDiffers => "import-sum-differs",
            ImportCode::Number => "import-number",
            ImportCode::Placeholder => "import-placeholder",
            ImportCode::Missing => "import-missing",
            ImportCode::AreaMismatch => "import-area-mismatch",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            ImportCode::Placeholder => Severity::Info,
            _ => Severity::Warning,
        }
    }
}

/// Why nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The bytes are not a readable DOCX (or break a limit); exit code 2.
    Unreadable(String),
    /// A Word document, but no Handlingsplan in it; exit code 1.
    NoPlan(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Unreadable(message) | ImportError::NoPlan(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ImportError {}

impl Import {
    /// The spec §1 JSON: `{ "plan": {…}, "findings": [ { "code", "severity", "where", "message" } ] }`.
    pub fn to_json(&self) -> serde_json::Value {
        let plan: serde_json::Value =
            serde_json::from_str(&plan::file::to_json(&self.plan)).unwrap_or_default();
        serde_json::json!({
            "plan": plan,
            "findings": self.findings.iter().map(|f| serde_json::json!({
                "code": f.code.as_str(),
                "severity": f.severity().as_str(),
                "where": f.place,
                "message": f.message,
            })).collect::<Vec<_>>(),
        })
    }
}

/// Imports a DOCX with the default [`Limits`].
pub fn import(bytes: &[u8]) -> Result<Import, ImportError> {
    import_with(bytes, &Limits::default())
}

/// Imports a DOCX under the given limits.
pub fn import_with(bytes: &[u8], limits: &Limits) -> Result<Import, ImportError> {
    let xml = package::main_document(bytes, limits)?;
    let blocks = docx::parse(&xml)?;
    read::interpret(&blocks)
}
