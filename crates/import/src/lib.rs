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
use plan::Severity;
use plan::handlingsplan::Plan;

/// What the import gave: the plan and what a person should look at.
#[derive(Debug, Clone)]
pub struct Import {
    pub plan: Plan,
    pub findings: Vec<ImportFinding>,
    /// Every sum the document typed, beside what the imported figures give (spec §3's
    /// compared sums), in the order the document has them.
    pub sums: Vec<TypedSum>,
    /// The year the document's front page names (`Handlingsplan {year}`); `None` when it
    /// names none (the plan then has the programme period's first year, with a finding).
    pub document_year: Option<i32>,
}

/// A sum typed in the document and what the imported figures give for it: the
/// `import-sum-differs` findings are the ones where the two differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedSum {
    /// The table of the plan the sum belongs to.
    pub table: SumTable,
    /// What the sum is, in the document's language (`Sum innsatsområde «Reiseliv»`).
    pub label: String,
    /// Where in the Word document (as a finding's `where`).
    pub place: String,
    /// The number typed in the document.
    pub typed: i64,
    /// What the imported figures give; `None` when they give nothing to compare with
    /// (financing amounts when not every source has a share).
    pub computed: Option<i64>,
}

/// The plan's table a typed sum belongs to (spec `handlingsplan.md` §5's tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SumTable {
    /// The job-target table.
    JobTargets,
    /// The strategy table of the focus area with this index in `plan.focus_areas`.
    FocusArea(usize),
    /// Table 3.1, the programme's resources and costs.
    Resources,
    /// The financing table.
    Financing,
}

impl SumTable {
    /// The table's key in the API's JSON: `job_targets`, `focus_areas[1]`, `resources`,
    /// `financing`.
    pub fn key(self) -> String {
        match self {
            SumTable::JobTargets => "job_targets".to_owned(),
            SumTable::FocusArea(i) => format!("focus_areas[{i}]"),
            SumTable::Resources => "resources".to_owned(),
            SumTable::Financing => "financing".to_owned(),
        }
    }
}

impl TypedSum {
    /// Whether the typed number differs from the computed one.
    pub fn differs(&self) -> bool {
        self.computed.is_some_and(|computed| computed != self.typed)
    }
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
    /// The typed sums as JSON: `[ { "label", "where", "typed", "computed", "differs" } ]`.
    pub fn sums_json(&self) -> serde_json::Value {
        serde_json::Value::Array(
            self.sums
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "table": s.table.key(),
                        "label": s.label,
                        "where": s.place,
                        "typed": s.typed,
                        "computed": s.computed,
                        "differs": s.differs(),
                    })
                })
                .collect(),
        )
    }

    /// The spec §1 JSON: `{ "plan": {…}, "findings": [ { "code", "severity", "where", "message" } ] }`.
    pub fn to_json(&self) -> serde_json::Value {
        let plan: serde_json::Value =
            serde_json::from_str(&plan::handlingsplan::file::to_json(&self.plan))
                .unwrap_or_default();
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
