//! Findings, shared by every kind: a stable [`Code`], a [`Severity`], a typed
//! [`FieldPath`] into the file and a message in the document's language.

use std::borrow::Cow;
use std::fmt;

use serde::{Serialize, Serializer};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The document is wrong and cannot be approved.
    Error,
    /// Probably a mistake, or unfinished.
    Warning,
    /// Worth knowing, nothing to fix.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident; )*) => {
        /// The stable codes of every kind: `handlingsplan.md` §4 and `omstillingsplan.md`
        /// §3–4. One enum, because a yearly plan checked against its Omstillingsplan
        /// carries both kinds of findings in one check object.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in the order of the specs' tables.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            pub fn as_str(self) -> &'static str {
                match self {
                    $( Code::$variant => $name, )*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $( Code::$variant => Severity::$severity, )*
                }
            }

            /// The code named `name`, if any.
            pub fn from_name(name: &str) -> Option<Code> {
                match name {
                    $( $name => Some(Code::$variant), )*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    PeriodInvalid = "period-invalid", Error;
    YearOutsidePeriod = "year-outside-period", Error;
    JobTargetsYears = "job-targets-years", Error;
    ValueOutOfRange = "value-out-of-range", Error;
    DuplicateFocusArea = "duplicate-focus-area", Error;
    SdgOutOfRange = "sdg-out-of-range", Error;
    FinancingMixed = "financing-mixed", Error;
    FinancingSharesNot100 = "financing-shares-not-100", Error;
    FinancingNotTotal = "financing-not-total", Error;
    FinancingMissing = "financing-missing", Error;
    ApprovalOrder = "approval-order", Error;
    ResultsUnknownArea = "results-unknown-area", Error;
    ResultsYear = "results-year", Error;
    MonthOutOfRange = "month-out-of-range", Error;
    MunicipalShareLow = "municipal-share-low", Warning;
    JobsGoalMismatch = "jobs-goal-mismatch", Warning;
    NoJobTargets = "no-job-targets", Warning;
    AreaWithoutStrategies = "area-without-strategies", Warning;
    MissingText = "missing-text", Warning;
    PlaceholderText = "placeholder-text", Warning;
    StrategyWithoutProjects = "strategy-without-projects", Info;
    /// An Omstillingsplan's `frame` has a year outside the period.
    FrameYears = "frame-years", Error;
    /// The areas' frames add up to more than the programme's frame in a year.
    FrameOverProgramme = "frame-over-programme", Warning;
    /// More than four focus areas in an Omstillingsplan.
    TooManyFocusAreas = "too-many-focus-areas", Info;
    OpProgrammeDiffers = "op-programme-differs", Error;
    OpYearOutsidePeriod = "op-year-outside-period", Error;
    OpAreaMissing = "op-area-missing", Error;
    OpAreaUnknown = "op-area-unknown", Error;
    OpStrategyMissing = "op-strategy-missing", Error;
    OpStrategyUnknown = "op-strategy-unknown", Warning;
    OpStrategyOrder = "op-strategy-order", Info;
    OpJobTargetsDiffer = "op-job-targets-differ", Warning;
    OpJobsGoalDiffers = "op-jobs-goal-differs", Warning;
    OpFrameExceeded = "op-frame-exceeded", Warning;
    OpTotalFrameExceeded = "op-total-frame-exceeded", Warning;
    OpNotAdopted = "op-not-adopted", Info;
    /// A draft's `previous_results.records` differ from what the results registry gives
    /// now (`resultater.md`, issue 13); found at the edge, which has the registry.
    ResultsRegistryDiffers = "results-registry-differs", Warning;
}

impl Code {
    /// The codes a Handlingsplan's own check can give (`handlingsplan.md` §4).
    pub const HANDLINGSPLAN: &'static [Code] = &[
        Code::PeriodInvalid,
        Code::YearOutsidePeriod,
        Code::JobTargetsYears,
        Code::ValueOutOfRange,
        Code::DuplicateFocusArea,
        Code::SdgOutOfRange,
        Code::FinancingMixed,
        Code::FinancingSharesNot100,
        Code::FinancingNotTotal,
        Code::FinancingMissing,
        Code::ApprovalOrder,
        Code::ResultsUnknownArea,
        Code::ResultsYear,
        Code::MonthOutOfRange,
        Code::MunicipalShareLow,
        Code::JobsGoalMismatch,
        Code::NoJobTargets,
        Code::AreaWithoutStrategies,
        Code::MissingText,
        Code::PlaceholderText,
        Code::StrategyWithoutProjects,
    ];

    /// The codes an Omstillingsplan's own check can give (`omstillingsplan.md` §3).
    pub const OMSTILLINGSPLAN: &'static [Code] = &[
        Code::PeriodInvalid,
        Code::JobTargetsYears,
        Code::ValueOutOfRange,
        Code::DuplicateFocusArea,
        Code::SdgOutOfRange,
        Code::ApprovalOrder,
        Code::JobsGoalMismatch,
        Code::NoJobTargets,
        Code::AreaWithoutStrategies,
        Code::MissingText,
        Code::PlaceholderText,
        Code::FrameYears,
        Code::FrameOverProgramme,
        Code::TooManyFocusAreas,
    ];

    /// The codes of a yearly plan checked against its Omstillingsplan (`omstillingsplan.md` §4).
    pub const AGAINST_OMSTILLINGSPLAN: &'static [Code] = &[
        Code::OpProgrammeDiffers,
        Code::OpYearOutsidePeriod,
        Code::OpAreaMissing,
        Code::OpAreaUnknown,
        Code::OpStrategyMissing,
        Code::OpStrategyUnknown,
        Code::OpStrategyOrder,
        Code::OpJobTargetsDiffer,
        Code::OpJobsGoalDiffers,
        Code::OpFrameExceeded,
        Code::OpTotalFrameExceeded,
        Code::OpNotAdopted,
    ];
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A named field: `focus_areas`, `name`.
    Field(Cow<'static, str>),
    /// A list item: `[2]`.
    Index(usize),
    /// A key of a year map (`job_targets`, `frame`): `.2027`.
    Year(i32),
}

/// Where in a document's file a finding points: `focus_areas[1].strategies[0].name`.
///
/// Built from typed steps ([`FieldPath::field`], [`FieldPath::index`],
/// [`FieldPath::year`]), so no path is glued together from strings; its text (`Display`,
/// `Serialize`, [`FieldPath::as_str`]) is the form the check object and the editor's
/// field keys use. It derefs to `&str` so that code keyed by text keeps working.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FieldPath {
    text: String,
    segments: Vec<Segment>,
}

impl FieldPath {
    /// A path that starts with the top-level field `name`.
    pub fn root(name: &'static str) -> FieldPath {
        FieldPath::default().field(name)
    }

    /// The path one field further: `….name`.
    pub fn field(mut self, name: impl Into<Cow<'static, str>>) -> FieldPath {
        let name = name.into();
        if !self.text.is_empty() {
            self.text.push('.');
        }
        self.text.push_str(&name);
        self.segments.push(Segment::Field(name));
        self
    }

    /// The path to list item `index`: `…[index]`.
    pub fn index(mut self, index: usize) -> FieldPath {
        use fmt::Write;
        let _ = write!(self.text, "[{index}]");
        self.segments.push(Segment::Index(index));
        self
    }

    /// The path to a year of a year map: `….2027`.
    pub fn year(mut self, year: i32) -> FieldPath {
        use fmt::Write;
        let _ = write!(self.text, ".{year}");
        self.segments.push(Segment::Year(year));
        self
    }

    /// `focus_areas[a]`, the most common start.
    pub fn focus_area(a: usize) -> FieldPath {
        FieldPath::root("focus_areas").index(a)
    }

    /// `focus_areas[a].strategies[s]`.
    pub fn strategy(a: usize, s: usize) -> FieldPath {
        FieldPath::focus_area(a).field("strategies").index(s)
    }

    /// Reads a path's text back (`focus_areas[0].job_targets.2027`); `None` when it
    /// is not a path. A number after a dot is a year.
    pub fn parse(text: &str) -> Option<FieldPath> {
        let mut path = FieldPath::default();
        for (n, part) in text.split('.').enumerate() {
            let (name, mut rest) = match part.find('[') {
                Some(at) => (&part[..at], &part[at..]),
                None => (part, ""),
            };
            if name.is_empty() {
                return None;
            }
            if n > 0 && rest.is_empty() && name.chars().all(|c| c.is_ascii_digit()) {
                path = path.year(name.parse().ok()?);
                continue;
            }
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return None;
            }
            path = path.field(Cow::Owned(name.to_string()));
            while !rest.is_empty() {
                let inner = rest.strip_prefix('[')?;
                let close = inner.find(']')?;
                path = path.index(inner[..close].parse().ok()?);
                rest = &inner[close + 1..];
            }
        }
        (!path.segments.is_empty()).then_some(path)
    }

    /// The path's text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The typed steps.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn is_within(&self, other: &FieldPath) -> bool {
        self.segments.starts_with(&other.segments)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::ops::Deref for FieldPath {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for FieldPath {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<str> for FieldPath {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for FieldPath {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl Serialize for FieldPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// Where in the file: `focus_areas[1].strategies[0].projects[2].budget`.
    pub path: FieldPath,
    /// What is wrong and what to do, in the document's language.
    pub message: String,
}

impl Finding {
    /// A finding of `code` with its own severity.
    pub fn new(code: Code, path: FieldPath, message: String) -> Finding {
        Finding {
            code,
            severity: code.severity(),
            path,
            message,
        }
    }

    /// Whether this finding concerns the financing (and so voids the financing table).
    pub fn is_about_financing(&self) -> bool {
        self.code.as_str().starts_with("financing-") || self.path.starts_with("financing")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_distinct_name_that_reads_back() {
        let names: std::collections::BTreeSet<&str> =
            Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), Code::ALL.len());
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.as_str()), Some(*code));
        }
    }

    #[test]
    fn paths_print_as_the_check_object_always_did() {
        let path = FieldPath::strategy(1, 0)
            .field("projects")
            .index(2)
            .field("budget");
        assert_eq!(
            path.to_string(),
            "focus_areas[1].strategies[0].projects[2].budget"
        );
        let year = FieldPath::focus_area(0).field("job_targets").year(2027);
        assert_eq!(year.as_str(), "focus_areas[0].job_targets.2027");
        assert_eq!(FieldPath::parse(year.as_str()), Some(year.clone()));
        assert_eq!(FieldPath::parse(path.as_str()), Some(path.clone()));
        assert_eq!(
            FieldPath::parse("approval.council"),
            Some(FieldPath::root("approval").field("council"))
        );
        assert!(path.is_within(&FieldPath::focus_area(1)));
        assert!(!path.is_within(&FieldPath::focus_area(0)));
        assert_eq!(FieldPath::parse("a[x]"), None);
        assert_eq!(FieldPath::parse(""), None);
    }
}
