//! The checks every kind shares, each written once: the period, value bounds, duplicate
//! areas, job-target years, missing texts, SDG numbers, the jobs goal, the order of the
//! decisions and template placeholders. A kind's own check module calls them in its
//! order and adds its own rules.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::{Approval, Language, Period, normalized_name};
use crate::finding::{Code, FieldPath, Finding};
use crate::norwegian::{integer, kroner, percent};
use crate::units::{Kroner, MAX_JOBS, Share};

/// Collects findings in the document's language.
pub(crate) struct Checker {
    pub(crate) language: Language,
    pub(crate) findings: Vec<Finding>,
}

impl Checker {
    pub(crate) fn new(language: Language) -> Checker {
        Checker {
            language,
            findings: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, code: Code, path: FieldPath, bokmal: String, nynorsk: String) {
        let message = match self.language {
            Language::Bokmal => bokmal,
            Language::Nynorsk => nynorsk,
        };
        self.findings.push(Finding::new(code, path, message));
    }

    /// `period-invalid`; true when it was reported.
    pub(crate) fn period_invalid(&mut self, period: Period) -> bool {
        let (from, to) = (period.from, period.to);
        if period.from > period.to {
            self.push(
                Code::PeriodInvalid,
                FieldPath::root("programme").field("period"),
                format!("Perioden starter i {from} og slutter i {to}. Rett opp slik at perioden starter før eller i det året den slutter."),
                format!("Perioden startar i {from} og sluttar i {to}. Rett opp slik at perioden startar før eller i det året han sluttar."),
            );
            return true;
        } else if !period.is_valid() {
            let years = i64::from(to) - i64::from(from) + 1;
            self.push(
                Code::PeriodInvalid,
                FieldPath::root("programme").field("period"),
                format!("Perioden {from}–{to} er {years} år. Et omstillingsprogram varer høyst 10 år; rett opp start eller slutt."),
                format!("Perioden {from}–{to} er {years} år. Eit omstillingsprogram varer høgst 10 år; rett opp start eller slutt."),
            );
            return true;
        }
        false
    }

    pub(crate) fn money(&mut self, value: Kroner, path: impl FnOnce() -> FieldPath) {
        self.money_of(value, path, || (String::new(), String::new()));
    }

    /// `value-out-of-range` for an amount, naming whose amount it is (`prosjektet «Kystlab»`,
    /// bokmål and nynorsk), so the message is clear without its field beside it.
    pub(crate) fn money_of(
        &mut self,
        value: Kroner,
        path: impl FnOnce() -> FieldPath,
        whose: impl FnOnce() -> (String, String),
    ) {
        if value.0 >= 0 && value <= Kroner::MAX {
            return;
        }
        let (nb, nn) = whose();
        let of = |w: &str| {
            if w.is_empty() {
                String::new()
            } else {
                format!(" for {w}")
            }
        };
        let (of_nb, of_nn) = (of(&nb), of(&nn));
        if value.0 < 0 {
            let v = integer(value.0);
            self.push(
                Code::ValueOutOfRange,
                path(),
                format!(
                    "Beløpet {v}\u{a0}kr{of_nb} er negativt. Oppgi et beløp fra 0\u{a0}kr og oppover."
                ),
                format!(
                    "Beløpet {v}\u{a0}kr{of_nn} er negativt. Oppgi eit beløp frå 0\u{a0}kr og oppover."
                ),
            );
        } else {
            let (v, max) = (integer(value.0), kroner(Kroner::MAX));
            self.push(
                Code::ValueOutOfRange,
                path(),
                format!(
                    "Beløpet {v}\u{a0}kr{of_nb} er større enn {max}. Sjekk at beløpet er skrevet riktig."
                ),
                format!(
                    "Beløpet {v}\u{a0}kr{of_nn} er større enn {max}. Sjekk at beløpet er skrive rett."
                ),
            );
        }
    }

    pub(crate) fn jobs(&mut self, value: i64, path: impl FnOnce() -> FieldPath) {
        if !(0..=MAX_JOBS).contains(&value) {
            let (v, max) = (integer(value), integer(MAX_JOBS));
            self.push(
                Code::ValueOutOfRange,
                path(),
                format!("Antallet {v} arbeidsplasser må være mellom 0 og {max}."),
                format!("Talet {v} arbeidsplassar må vere mellom 0 og {max}."),
            );
        }
    }

    pub(crate) fn share(&mut self, share: Share, path: impl FnOnce() -> FieldPath) {
        if !share.is_exact() {
            self.push(
                Code::ValueOutOfRange,
                path(),
                "Andelen har flere enn to desimaler. Bruk høyst to desimaler, for eksempel 33,33\u{a0}%.".into(),
                "Delen har fleire enn to desimalar. Bruk høgst to desimalar, til dømes 33,33\u{a0}%.".into(),
            );
        } else if !share.is_valid() {
            let v = percent(share);
            self.push(
                Code::ValueOutOfRange,
                path(),
                format!("Andelen {v} må være mellom 0\u{a0}% og 100\u{a0}%."),
                format!("Delen {v} må vere mellom 0\u{a0}% og 100\u{a0}%."),
            );
        }
    }

    /// `duplicate-focus-area` for area `a` when an earlier area has the same name.
    pub(crate) fn duplicate_area(
        &mut self,
        seen: &mut Vec<(String, usize)>,
        a: usize,
        area_name: &str,
    ) {
        let name = area_name.trim();
        let key = normalized_name(area_name);
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            let n = first + 1;
            self.push(
                Code::DuplicateFocusArea,
                FieldPath::focus_area(a).field("name"),
                format!("Innsatsområdet «{name}» finnes allerede (nr. {n}). Gi hvert innsatsområde et eget navn."),
                format!("Innsatsområdet «{name}» finst alt (nr. {n}). Gi kvart innsatsområde eit eige namn."),
            );
        } else {
            seen.push((key, a));
        }
    }

    /// `job-targets-years`: the targets of area `a` must have exactly the period's years.
    pub(crate) fn job_targets_years(
        &mut self,
        a: usize,
        name: &str,
        targets: Option<&BTreeMap<i32, i64>>,
        period: Period,
    ) {
        // Against every year of the period, also when the period is too long
        // (reported by itself): the table shows those years.
        let period_years = period.years();
        if let Some(targets) = targets
            && !period_years.is_empty()
        {
            let present: BTreeSet<i32> = targets.keys().copied().collect();
            let wanted: BTreeSet<i32> = period_years.into_iter().collect();
            let missing = join_years(wanted.difference(&present));
            let extra = join_years(present.difference(&wanted));
            if !missing.is_empty() || !extra.is_empty() {
                let (from, to) = (period.from, period.to);
                let mut nb = format!("Arbeidsplassmålene for «{name}» ");
                let mut nn = format!("Arbeidsplassmåla for «{name}» ");
                match (missing.is_empty(), extra.is_empty()) {
                    (false, true) => {
                        nb += &format!("mangler {missing}.");
                        nn += &format!("manglar {missing}.");
                    }
                    (true, false) => {
                        nb += &format!("har {extra}, som er utenfor perioden.");
                        nn += &format!("har {extra}, som er utanfor perioden.");
                    }
                    _ => {
                        nb +=
                            &format!("mangler {missing} og har {extra}, som er utenfor perioden.");
                        nn +=
                            &format!("manglar {missing} og har {extra}, som er utanfor perioden.");
                    }
                }
                nb += &format!(" Oppgi ett tall for hvert år i {from}–{to}.");
                nn += &format!(" Oppgi eitt tal for kvart år i {from}–{to}.");
                self.push(
                    Code::JobTargetsYears,
                    FieldPath::focus_area(a).field("job_targets"),
                    nb,
                    nn,
                );
            }
        }
    }

    /// `missing-text` for an area's text `field` when it is absent or blank.
    pub(crate) fn missing_text(
        &mut self,
        a: usize,
        name: &str,
        field: &'static str,
        text: Option<&str>,
        nb_word: &str,
        nn_word: &str,
    ) {
        if text.is_none_or(|t| t.trim().is_empty()) {
            self.push(
                Code::MissingText,
                FieldPath::focus_area(a).field(field),
                format!("Innsatsområdet «{name}» mangler {nb_word}. Skriv inn {nb_word} før planen sendes til styret."),
                format!("Innsatsområdet «{name}» manglar {nn_word}. Skriv inn {nn_word} før planen blir send til styret."),
            );
        }
    }

    /// `sdg-out-of-range` for strategy `s` of area `a`.
    pub(crate) fn sdg(&mut self, a: usize, s: usize, sdg: Option<i64>) {
        if let Some(sdg) = sdg
            && !(1..=17).contains(&sdg)
        {
            self.push(
                Code::SdgOutOfRange,
                FieldPath::strategy(a, s).field("sdg"),
                format!("Bærekraftsmål {sdg} finnes ikke. Velg et av FNs bærekraftsmål, 1–17."),
                format!(
                    "Berekraftsmål {sdg} finst ikkje. Vel eitt av berekraftsmåla til FN, 1–17."
                ),
            );
        }
    }

    /// `no-job-targets` when no area has any.
    pub(crate) fn no_job_targets(&mut self, any: bool) {
        if !any {
            self.push(
                Code::NoJobTargets,
                FieldPath::root("focus_areas"),
                "Ingen innsatsområder har arbeidsplassmål. Legg inn årlige mål for minst ett innsatsområde.".into(),
                "Ingen innsatsområde har arbeidsplassmål. Legg inn årlege mål for minst eitt innsatsområde.".into(),
            );
        }
    }

    /// `jobs-goal-mismatch` when the programme's goal differs from the table's total.
    pub(crate) fn jobs_goal(&mut self, goal: Option<i64>, total: i64) {
        if let Some(goal) = goal
            && goal != total
        {
            let (goal, total) = (integer(goal), integer(total));
            self.push(
                Code::JobsGoalMismatch,
                FieldPath::root("programme").field("jobs_goal"),
                format!("Programmets mål er {goal} arbeidsplasser, men arbeidsplassmålene for innsatsområdene summerer til {total}. Juster målene så de stemmer."),
                format!("Målet til programmet er {goal} arbeidsplassar, men arbeidsplassmåla for innsatsområda summerer seg til {total}. Juster måla så dei stemmer."),
            );
        }
    }

    /// `approval-order`: the council cannot decide before the board.
    pub(crate) fn approval_order(&mut self, approval: &Approval) {
        if let (Some(board), Some(council)) = (approval.board, approval.council)
            && council < board
        {
            let (b, c) = (
                crate::norwegian::date(board, self.language),
                crate::norwegian::date(council, self.language),
            );
            self.push(
                Code::ApprovalOrder,
                FieldPath::root("approval").field("council"),
                format!("Kommunestyret kan ikke godkjenne planen ({c}) før styret har behandlet den ({b}). Rett opp en av datoene."),
                format!("Kommunestyret kan ikkje godkjenne planen ({c}) før styret har behandla han ({b}). Rett opp ein av datoane."),
            );
        }
    }

    /// `placeholder-text` at `path`.
    pub(crate) fn placeholder(&mut self, path: FieldPath, placeholder: &str) {
        self.push(
            Code::PlaceholderText,
            path,
            format!("Teksten inneholder plassholderen «{placeholder}» fra malen. Erstatt den med riktig innhold."),
            format!("Teksten inneheld plasshaldaren «{placeholder}» frå malen. Byt han ut med rett innhald."),
        );
    }
}

pub(crate) fn join_years<'a>(years: impl Iterator<Item = &'a i32>) -> String {
    years.map(|y| y.to_string()).collect::<Vec<_>>().join(", ")
}

/// The first template placeholder in a text: square brackets around text with at
/// least one letter, such as `[antall]` or `[Innsatsområde 1]`.
pub fn find_placeholder(text: &str) -> Option<&str> {
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let close = after.find(']')?;
        let inner = &after[..close];
        if !inner.contains('[') && inner.chars().any(char::is_alphabetic) {
            let start = offset + open;
            return Some(&text[start..start + close + 2]);
        }
        offset += open + 1;
        rest = after;
    }
    None
}
