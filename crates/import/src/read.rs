//! From the document's blocks to a plan: headings recognised by their text (with or
//! without a number, whatever the number, nb or nn, styled or not), tables by their
//! header row, hand-typed sums kept aside and compared with the computed ones at the end.

use std::collections::BTreeMap;

use plan::{Approval, Date, Kroner, Language, Period, Programme, Share, same_name};

use plan::handlingsplan::{
    Activity, Communication, FinancingSource, FocusArea, PreviousResults, Project, ResultRecord,
    SourceKind, Strategy,
};

use crate::docx::{Block, Cell, Merge, Para, Table};
use crate::text::{
    self, Number, Tail, clean, collapse, is_placeholder, key, split_date_tail, strip_number,
};
use crate::{Import, ImportCode, ImportError, ImportFinding, SumTable, TypedSum};

/// A paragraph or a table in reading order, layout tables unwrapped.
enum Item<'a> {
    Para(&'a Para),
    Table(&'a Table, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Jobs,
    ResultsOverview,
    ResultsArea,
    Strategies,
    Resources,
    Financing,
    Activities,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Front,
    Skipped,
    Goals,
    Results,
    Strategies,
    Resources,
    Financing,
    Communication,
}

/// One table cell placed on the table's grid.
#[derive(Debug, Clone)]
struct GridCell {
    col: usize,
    span: usize,
    text: String,
    merge: Merge,
}

fn grid(table: &Table) -> Vec<Vec<GridCell>> {
    table
        .rows
        .iter()
        .map(|row| {
            let mut col = 0;
            row.cells
                .iter()
                .map(|cell: &Cell| {
                    let placed = GridCell {
                        col,
                        span: cell.span,
                        text: cell.text(),
                        merge: cell.merge,
                    };
                    col += cell.span;
                    placed
                })
                .collect()
        })
        .collect()
}

fn at(row: &[GridCell], col: usize) -> Option<&GridCell> {
    row.iter().find(|c| c.col <= col && col < c.col + c.span)
}

fn text_at(row: &[GridCell], col: Option<usize>) -> String {
    col.and_then(|c| at(row, c))
        .map(|c| c.text.clone())
        .unwrap_or_default()
}

/// The last cell of the row that holds anything but a dash: where a sum row keeps its number.
fn last_value(row: &[GridCell]) -> (Number, usize) {
    for cell in row.iter().skip(1).rev() {
        let n = text::number(&cell.text);
        if n != Number::Empty {
            return (n, cell.col);
        }
    }
    (Number::Empty, row.last().map_or(0, |c| c.col))
}

/// The header row (the first or second row) and the table's kind.
fn classify(table: &Table) -> Option<(Kind, usize)> {
    for (index, row) in table.rows.iter().take(2).enumerate() {
        let keys: Vec<String> = row.cells.iter().map(|c| key(&c.text())).collect();
        let Some(first) = keys.first() else { continue };
        let has = |p: &str| keys.iter().skip(1).any(|k| k.starts_with(p));
        let kind = if first == "innsatsområde" && has("sum kostnader") {
            Some(Kind::Resources)
        } else if first == "innsatsområde" && has("nye arbeidsplass") {
            Some(Kind::ResultsArea)
        } else if first == "år" && has("nye arbeidsplass") {
            Some(Kind::ResultsOverview)
        } else if first == "innsatsområde"
            && keys
                .iter()
                .skip(1)
                .any(|k| is_year(k).is_some() || k == "[år]")
        {
            Some(Kind::Jobs)
        } else if first.starts_with("strategi") && has("budsjett") {
            Some(Kind::Strategies)
        } else if first.starts_with("finansieringskilde")
            || first.starts_with("finansieringskjelde")
        {
            Some(Kind::Financing)
        } else if (first == "måned" || first == "månad") && has("aktivitet") {
            Some(Kind::Activities)
        } else {
            None
        };
        if let Some(kind) = kind {
            return Some((kind, index));
        }
    }
    None
}

fn is_year(text: &str) -> Option<i32> {
    let t = text.trim();
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

fn flatten<'a>(blocks: &'a [Block], out: &mut Vec<Item<'a>>, tables: &mut usize, depth: usize) {
    for block in blocks {
        match block {
            Block::Para(p) => out.push(Item::Para(p)),
            Block::Table(t) => {
                let nested = t
                    .rows
                    .iter()
                    .flat_map(|r| &r.cells)
                    .any(|c| c.blocks.iter().any(|b| matches!(b, Block::Table(_))));
                let single = t.rows.len() == 1 && t.rows[0].cells.len() == 1;
                if classify(t).is_none() && (nested || single) && depth < 16 {
                    for cell in t.rows.iter().flat_map(|r| &r.cells) {
                        flatten(&cell.blocks, out, tables, depth + 1);
                    }
                } else {
                    *tables += 1;
                    out.push(Item::Table(t, *tables));
                }
            }
        }
    }
}

/// A section heading recognised by its text.
fn section_of(text: &str) -> Option<Section> {
    let k = key(strip_number(text));
    if k.chars().count() > 90 {
        return None;
    }
    let section = if k.starts_with("mål og innsatsområd") {
        Section::Goals
    } else if k.starts_with("resultat") && k.contains("tidl") && k.contains("omstillingsår") {
        Section::Results
    } else if k.starts_with("strategi") && k.contains("og tiltak for innsatsområd") {
        Section::Strategies
    } else if k == "ressursinnsats og finansiering"
        || (k.starts_with("ressursinnsats fordelt på innsatsområd")
            && !k.chars().any(|c| c.is_ascii_digit()))
    {
        Section::Resources
    } else if k == "finansiering" {
        Section::Financing
    } else if k == "kommunikasjonsplan" {
        Section::Communication
    } else if k.starts_with("veiledning til bruk")
        || k.starts_with("rettleiing til bruk")
        || k == "innhold"
        || k == "innhald"
        || k == "innholdsfortegnelse"
    {
        Section::Skipped
    } else {
        return None;
    };
    Some(section)
}

fn is_heading_style(p: &Para) -> bool {
    p.outline.is_some_and(|l| l < 9)
        || p.style.as_deref().is_some_and(|s| {
            let s = s.to_lowercase();
            s.contains("heading") || s.contains("overskrift")
        })
}

/// A table-of-contents line: marked so, or shaped so (`text<TAB>page`).
fn is_toc(p: &Para) -> bool {
    if p.toc {
        return true;
    }
    if p.style.as_deref().is_some_and(|s| {
        let s = s.to_lowercase();
        s.starts_with("toc") || s.starts_with("contents") || s.starts_with("innholdsfortegnelse")
    }) {
        return true;
    }
    p.text.rsplit_once('\t').is_some_and(|(head, page)| {
        !head.trim().is_empty()
            && !page.trim().is_empty()
            && page.trim().bytes().all(|b| b.is_ascii_digit())
    })
}

fn is_caption_style(p: &Para) -> bool {
    p.style.as_deref().is_some_and(|s| {
        let s = s.to_lowercase();
        s.contains("caption") || s.contains("bildetekst") || s.contains("figurtekst")
    })
}

/// The fixed texts of the template and of this project's catalogue, in nb and nn:
/// never content.
fn is_fixed(text: &str) -> bool {
    let k = key(text);
    let raw = collapse(text);
    if raw.starts_with('*') || raw.starts_with("[*") {
        return true;
    }
    const STARTS: [&str; 40] = [
        "for hvert innsatsområde er det utviklet",
        "for kvart innsatsområde er det utvikla",
        "prioriteringene av prosjekter",
        "prioriteringane av prosjekt",
        "omstillingsarbeidet i ",
        "fra omstillingsplan er det definert",
        "frå omstillingsplanen er det definert",
        "årlig periodiserte arbeidsplassmål",
        "årleg periodiserte arbeidsplassmål",
        "dette er det første omstillingsåret",
        "det er ikke registrert resultater",
        "det er ikkje registrert resultat",
        "innsatsområdet har ingen strategi",
        "for hvert omstillingsår utarbeides",
        "for kvart omstillingsår blir",
        "kommunikasjonsplan for ",
        "[innovasjon norge tilbyr",
        "innovasjon norge tilbyr",
        "handlingsplan skal utarbeides",
        "malen er utformet",
        "stolpediagram",
        "årshjul med kommunikasjonsaktivitet",
        "(ikke fylt ut)",
        "(ikkje fylt ut)",
        "arbeidsplassmål fordelt på innsatsområde og år",
        "arbeidsplassmål fordelte på innsatsområde og år",
        "arbeidsplassmål per år",
        "resultater per år",
        "resultat per år",
        "mål og oppnådde arbeidsplass",
        "strategier, prosjekter og budsjett",
        "strategiar, prosjekt og budsjett",
        "aktivitetsplan ",
        "årshjul ",
        "utkast",
        "ressursinnsats fordelt på innsatsområdene 2",
        "ressursinnsats fordelt på innsatsområda 2",
        "«sum innsatsområde»",
        "innsatsområdet har ikke arbeidsplasser",
        "innsatsområdet har ikkje arbeidsplassar",
    ];
    if STARTS.iter().any(|s| k.starts_with(s)) {
        return true;
    }
    let words: Vec<&str> = k.split(' ').collect();
    // Captions with a year: "Resultater 2025 fordelt på innsatsområde", "Finansiering 2027".
    (words.len() >= 2
        && (words[0] == "resultater" || words[0] == "resultat")
        && is_year(words[1]).is_some())
        || (words.len() == 2 && words[0] == "finansiering" && is_year(words[1]).is_some())
}

#[derive(Debug, Clone, Copy)]
enum Field {
    Description,
    Impact,
    Result,
}

/// `Beskrivelse: …` (nn `Skildring: …`), `Effektmål: …`, `Resultatmål {år}: …`.
fn label(text: &str) -> Option<(Field, String)> {
    let (head, rest) = text.split_once(':')?;
    let head_key = key(head);
    let field = match head_key.as_str() {
        "beskrivelse" | "skildring" => Field::Description,
        "effektmål" => Field::Impact,
        h if h.starts_with("resultatmål") && h.chars().count() <= 30 => Field::Result,
        _ => return None,
    };
    Some((field, clean(rest)))
}

/// `{n}. {SDG name}` in nb or nn, any case.
fn sdg_of(line: &str) -> Option<i64> {
    let t = collapse(line);
    let (number, name) = t.split_once(". ")?;
    let n: i64 = number.trim().parse().ok()?;
    let name = name.trim().to_lowercase();
    [Language::Bokmal, Language::Nynorsk]
        .into_iter()
        .any(|l| plan::sdg::name(n, l).is_some_and(|s| s.to_lowercase() == name))
        .then_some(n)
}

fn split_dash(text: &str) -> (String, Option<String>) {
    for separator in [" – ", " — ", " - "] {
        if let Some((name, content)) = text.split_once(separator) {
            return (name.trim().to_owned(), Some(content.trim().to_owned()));
        }
    }
    (text.trim().to_owned(), None)
}

/// `[{letter}:] {name} [– {content}]` with an SDG line or content.
fn strategy_cell(text: &str) -> (String, Option<String>, Option<i64>) {
    let mut sdg = None;
    let mut lines = Vec::new();
    for line in clean(text).split('\n') {
        match sdg_of(line) {
            Some(n) if sdg.is_none() => sdg = Some(n),
            _ => lines.push(line.to_owned()),
        }
    }
    let joined = lines.join("\n").trim().to_owned();
    let body = match joined.split_once(':') {
        Some((letters, rest))
            if (1..=3).contains(&letters.len())
                && letters.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            rest.trim_start().to_owned()
        }
        _ => joined,
    };
    let (name, content) = match split_dash(&body) {
        // The template's own example: "Samarbeid: 17. Samarbeid for å nå målene".
        (name, None) => match name.split_once(": ") {
            Some((head, tail)) if sdg.is_none() && sdg_of(tail).is_some() => {
                sdg = sdg_of(tail);
                (head.trim().to_owned(), None)
            }
            _ => (name, None),
        },
        other => other,
    };
    let content = match content {
        Some(c) if sdg.is_none() && sdg_of(&c).is_some() => {
            sdg = sdg_of(&c);
            None
        }
        Some(c) if c.is_empty() => None,
        other => other,
    };
    (name, content, sdg)
}

/// A typed sum, compared at the end with what the imported figures give.
#[derive(Debug, Clone)]
enum Sum {
    JobsArea(String),
    JobsYear(i32),
    JobsTotal,
    ProjectCosts(usize),
    AreaTotal(usize),
    ResProjectCosts(String),
    ResGrant(String),
    ResTotal(String),
    SubProjectCosts,
    SubGrant,
    SubResources,
    SubTotal,
    TotalCost,
    FinancingAmount(usize),
    FinancingTotal,
}

#[derive(Debug)]
struct Typed {
    value: i64,
    sum: Sum,
    place: String,
}

#[derive(Debug, Default)]
struct AreaDraft {
    name: String,
    description: Option<String>,
    impact_goal: Option<String>,
    result_goal: Option<String>,
    strategies: Vec<Strategy>,
    grant_funds: Kroner,
}

#[derive(Debug)]
struct FinancingRow {
    source: String,
    share: Option<Share>,
    sum: Number,
    place: String,
}

struct Reader {
    language: Language,
    findings: Vec<ImportFinding>,
    heading: String,
    typed: Vec<Typed>,
    year: Option<i32>,
    area: Option<String>,
    name: Option<String>,
    board: Option<Date>,
    council: Option<Date>,
    vision: Vec<String>,
    jobs_goal: Option<i64>,
    goal_period: Option<(i32, i32)>,
    jobs_table: bool,
    years: Vec<i32>,
    job_rows: Vec<(String, Option<BTreeMap<i32, i64>>)>,
    summary: Vec<String>,
    records: Vec<ResultRecord>,
    seen_strategies: bool,
    areas: Vec<AreaDraft>,
    field: Option<Field>,
    resources_table: bool,
    resources: Vec<(String, Kroner, String)>,
    admin: Kroner,
    financing_table: bool,
    financing: Vec<FinancingRow>,
    financing_total: Option<(i64, String)>,
    activities: Vec<Activity>,
}

/// The language of the document's fixed texts: nn when its nynorsk marks outnumber bokmål's.
fn language_of(items: &[Item<'_>]) -> Language {
    const NN: [&str; 16] = [
        "innhald",
        "strategiar og tiltak",
        "søkbare midlar",
        "skildring",
        "behandla av styret",
        "sum arbeidsplassar per år",
        "finansieringskjelde",
        "samla kostnad",
        "programleiing",
        "administrative kostnader til programleiing",
        "resultat frå tidlegare",
        "prosjekt og tiltak",
        "månad",
        "ansvarleg",
        "ressursinnsatsen til programmet",
        "mål og innsatsområde frå",
    ];
    const NB: [&str; 14] = [
        "innhold",
        "strategier og tiltak",
        "søkbare midler",
        "beskrivelse",
        "behandlet av styret",
        "sum arbeidsplasser pr år",
        "finansieringskilde",
        "samlet kostnad",
        "administrative kostnader til programledelse",
        "resultater fra tidligere",
        "prosjekter og tiltak",
        "måned",
        "ansvarlig",
        "mål og innsatsområder fra",
    ];
    let (mut nn, mut nb) = (0, 0);
    let mut score = |text: &str| {
        let k = key(strip_number(text));
        if NN.iter().any(|m| k.starts_with(m)) {
            nn += 1;
        }
        if NB.iter().any(|m| k.starts_with(m)) {
            nb += 1;
        }
    };
    for item in items {
        match item {
            Item::Para(p) => score(&p.text),
            Item::Table(t, _) => {
                for (i, row) in t.rows.iter().enumerate() {
                    for (j, cell) in row.cells.iter().enumerate() {
                        if i == 0 || j == 0 {
                            score(&cell.text());
                        }
                    }
                }
            }
        }
    }
    if nn > nb {
        Language::Nynorsk
    } else {
        Language::Bokmal
    }
}

pub fn interpret(blocks: &[Block]) -> Result<Import, ImportError> {
    let mut items = Vec::new();
    let mut tables = 0;
    flatten(blocks, &mut items, &mut tables, 0);
    let language = language_of(&items);
    let mut r = Reader {
        language,
        findings: Vec::new(),
        heading: String::new(),
        typed: Vec::new(),
        year: None,
        area: None,
        name: None,
        board: None,
        council: None,
        vision: Vec::new(),
        jobs_goal: None,
        goal_period: None,
        jobs_table: false,
        years: Vec::new(),
        job_rows: Vec::new(),
        summary: Vec::new(),
        records: Vec::new(),
        seen_strategies: false,
        areas: Vec::new(),
        field: None,
        resources_table: false,
        resources: Vec::new(),
        admin: Kroner::ZERO,
        financing_table: false,
        financing: Vec::new(),
        financing_total: None,
        activities: Vec::new(),
    };
    let mut section = Section::Front;
    let mut last_text = String::new();
    for (index, item) in items.iter().enumerate() {
        match item {
            Item::Para(p) => {
                if is_toc(p) {
                    continue;
                }
                let text = collapse(&p.text);
                if text.is_empty() {
                    continue;
                }
                if let Some(s) = section_of(&p.text) {
                    section = s;
                    r.heading = text;
                    r.field = None;
                    if s == Section::Strategies {
                        r.seen_strategies = true;
                    }
                    continue;
                }
                last_text = text.clone();
                r.paragraph(section, p, &items, index);
            }
            Item::Table(t, number) => {
                r.field = None;
                if let Some((kind, header)) = classify(t) {
                    r.table(kind, t, header, *number, &last_text);
                }
            }
        }
    }
    r.finish()
}

impl Reader {
    fn t<'a>(&self, nb: &'a str, nn: &'a str) -> &'a str {
        self.language.pick(nb, nn)
    }

    fn find(&mut self, code: ImportCode, place: String, message: String) {
        self.findings.push(ImportFinding {
            code,
            place,
            message,
        });
    }

    fn place(&self, table: usize, row: usize, column: Option<&str>) -> String {
        let mut out = String::new();
        if !self.heading.is_empty() {
            out.push_str(&format!("«{}», ", self.heading));
        }
        out.push_str(&format!("tabell {table}, rad {}", row + 1));
        if let Some(column) = column.map(collapse).filter(|c| !c.is_empty()) {
            out.push_str(&format!(", kolonne «{column}»"));
        }
        out
    }

    fn here(&self) -> String {
        if self.heading.is_empty() {
            self.t("forsiden", "framsida").to_owned()
        } else {
            format!("«{}»", self.heading)
        }
    }

    fn placeholder(&mut self, place: String, text: &str) {
        let message = format!(
            "{} «{}» {}",
            self.t("Malens plassholder", "Plasshaldaren frå malen"),
            collapse(text),
            self.t(
                "står fortsatt i dokumentet; feltet er utelatt fra planen. Fyll det inn i planen.",
                "står framleis i dokumentet; feltet er utelate frå planen. Fyll det inn i planen."
            )
        );
        self.find(ImportCode::Placeholder, place, message);
    }

    fn not_a_number(&mut self, place: String, text: &str) {
        let message = format!(
            "«{}» {}",
            collapse(text),
            self.t(
                "er ikke et tall; verdien er utelatt fra planen.",
                "er ikkje eit tal; verdien er utelaten frå planen."
            )
        );
        self.find(ImportCode::Number, place, message);
    }

    /// A money cell as kroner: no value is 0; a placeholder or text gets a finding.
    fn kroner(&mut self, n: &Number, place: impl FnOnce() -> String) -> Kroner {
        match n {
            Number::Value(v) => Kroner(*v),
            Number::Empty => Kroner::ZERO,
            Number::Placeholder => {
                self.placeholder(place(), "[sum]");
                Kroner::ZERO
            }
            Number::Invalid(text) => {
                let text = text.clone();
                self.not_a_number(place(), &text);
                Kroner::ZERO
            }
        }
    }

    /// What a typed sum is, for a person, in the document's language.
    fn sum_label(&self, sum: &Sum, plan: &plan::handlingsplan::Plan) -> String {
        let area = |i: &usize| {
            plan.focus_areas
                .get(*i)
                .map(|a| a.name.clone())
                .unwrap_or_default()
        };
        match sum {
            Sum::JobsArea(name) => format!(
                "{} «{name}»",
                self.t("Sum arbeidsplassmål for", "Sum arbeidsplassmål for")
            ),
            Sum::JobsYear(year) => format!(
                "{} {year}",
                self.t("Sum arbeidsplasser", "Sum arbeidsplassar")
            ),
            Sum::JobsTotal => self
                .t("Sum arbeidsplasser i alt", "Sum arbeidsplassar i alt")
                .to_owned(),
            Sum::ProjectCosts(i) => format!("Prosjektkostnader «{}»", area(i)),
            Sum::AreaTotal(i) => format!("Sum innsatsområde «{}»", area(i)),
            Sum::ResProjectCosts(name) => format!("3.1 Prosjektkostnader «{name}»"),
            Sum::ResGrant(name) => format!(
                "3.1 {} «{name}»",
                self.t("Søkbare midler", "Søkbare midlar")
            ),
            Sum::ResTotal(name) => format!("3.1 Sum «{name}»"),
            Sum::SubProjectCosts => "3.1 Delsum prosjektkostnader".to_owned(),
            Sum::SubGrant => format!("3.1 Delsum {}", self.t("søkbare midler", "søkbare midlar")),
            Sum::SubResources => {
                format!("3.1 Delsum {}", self.t("ressursinnsats", "ressursinnsats"))
            }
            Sum::SubTotal => "3.1 Delsum".to_owned(),
            Sum::TotalCost => self.t("Samlet kostnad", "Samla kostnad").to_owned(),
            Sum::FinancingAmount(i) => format!(
                "{} «{}»",
                self.t("Finansiering", "Finansiering"),
                plan.financing
                    .get(*i)
                    .map(|f| f.source.clone())
                    .unwrap_or_default()
            ),
            Sum::FinancingTotal => {
                format!("{} {}", self.t("Finansiering", "Finansiering"), "Totalt")
            }
        }
    }

    fn typed(&mut self, n: &Number, sum: Sum, place: String) {
        match n {
            Number::Value(v) => self.typed.push(Typed {
                value: *v,
                sum,
                place,
            }),
            Number::Invalid(text) => {
                let text = text.clone();
                self.not_a_number(place, &text);
            }
            Number::Placeholder => self.placeholder(place, "[sum]"),
            Number::Empty => {}
        }
    }

    /// Plan text: `None` for nothing, the catalogue's "not filled in" or a placeholder.
    fn plan_text(&mut self, text: &str) -> Option<String> {
        let cleaned = clean(text);
        let k = key(&cleaned);
        if cleaned.is_empty() || k == "(ikke fylt ut)" || k == "(ikkje fylt ut)" {
            return None;
        }
        if matches!(cleaned.as_str(), "-" | "–" | "—") {
            return None;
        }
        if is_placeholder(&cleaned) {
            let place = self.here();
            self.placeholder(place, &cleaned);
            return None;
        }
        Some(cleaned)
    }

    fn paragraph(&mut self, section: Section, p: &Para, items: &[Item<'_>], index: usize) {
        let text = collapse(&p.text);
        match section {
            Section::Front => self.front(p),
            Section::Goals => {
                let lower = text.to_lowercase();
                if lower.starts_with("omstillingsarbeidet i ") {
                    self.jobs_goal = text::number_after(&text, "sikre og skape");
                    if let (Some(from), Some(to)) = (
                        text::number_after(&text, "i perioden"),
                        lower
                            .find("i perioden")
                            .and_then(|at| text::number_after(&lower[at..], " til ")),
                    ) && let (Ok(from), Ok(to)) = (i32::try_from(from), i32::try_from(to))
                    {
                        self.goal_period = Some((from, to));
                    }
                    if self.year.is_none()
                        && let Some(y) = text::number_after(&text, ". for ")
                    {
                        self.year = i32::try_from(y).ok();
                    }
                }
            }
            Section::Results => {
                if is_fixed(&p.text) || is_caption_style(p) {
                    return;
                }
                if let Some(summary) = self.plan_text(&p.text) {
                    self.summary.push(summary);
                }
            }
            Section::Strategies => self.strategies_paragraph(p, items, index),
            Section::Skipped | Section::Resources | Section::Financing | Section::Communication => {
            }
        }
    }

    fn front(&mut self, p: &Para) {
        let text = collapse(&p.text);
        let k = text.to_lowercase();
        if let Some(rest) = k.strip_prefix("handlingsplan") {
            let rest = rest.trim();
            if let Some(year) = is_year(rest) {
                self.year = Some(year);
                return;
            }
            if is_placeholder(rest) {
                let place = self.here();
                self.placeholder(place, rest);
                return;
            }
        }
        if let Some(rest) = text.strip_prefix("Omstilling i ").or_else(|| {
            k.starts_with("omstilling i ")
                .then(|| &text["omstilling i ".len()..])
        }) {
            let rest = rest.trim();
            if is_placeholder(rest) {
                let place = self.here();
                self.placeholder(place, rest);
            } else {
                self.area = Some(rest.to_owned());
            }
            return;
        }
        for prefix in ["behandlet av styret i ", "behandla av styret i "] {
            if k.starts_with(prefix) {
                let (name, tail) = split_date_tail(&text[prefix.len()..]);
                match tail {
                    Tail::Date(d) => self.board = Some(d),
                    Tail::Placeholder => {
                        let place = self.here();
                        self.placeholder(place, "[dato]");
                    }
                    Tail::None => {}
                }
                if is_placeholder(&name) {
                    let place = self.here();
                    self.placeholder(place, &name);
                } else if !name.is_empty() {
                    self.name = Some(name);
                }
                return;
            }
        }
        if let Some(rest) = k.strip_prefix("godkjent av kommunestyret") {
            match split_date_tail(rest).1 {
                Tail::Date(d) => self.council = Some(d),
                Tail::Placeholder => {
                    let place = self.here();
                    self.placeholder(place, "[dato]");
                }
                Tail::None => {}
            }
            return;
        }
        if is_fixed(&p.text) || is_caption_style(p) {
            return;
        }
        if let Some(vision) = self.plan_text(&p.text) {
            self.vision.push(vision);
        }
    }

    /// Whether an area's content follows: its first label or its strategy table. Inside
    /// an area's fields only a new description counts (a further paragraph of a field
    /// is followed by the next field or the table too).
    fn next_is_area_content(items: &[Item<'_>], index: usize, inside_fields: bool) -> bool {
        for item in items.iter().skip(index + 1) {
            match item {
                Item::Para(p) => {
                    let text = collapse(&p.text);
                    if text.is_empty() || is_toc(p) {
                        continue;
                    }
                    return match label(&text) {
                        Some((Field::Description, _)) => true,
                        Some(_) => !inside_fields,
                        None => false,
                    };
                }
                Item::Table(t, _) => {
                    return !inside_fields && matches!(classify(t), Some((Kind::Strategies, _)));
                }
            }
        }
        false
    }

    fn strategies_paragraph(&mut self, p: &Para, items: &[Item<'_>], index: usize) {
        let text = collapse(&p.text);
        if let Some((field, value)) = label(&p.text) {
            if self.areas.is_empty() {
                return;
            }
            let value = self.plan_text(&value);
            let area = self.areas.last_mut().expect("an area is open");
            let slot = match field {
                Field::Description => &mut area.description,
                Field::Impact => &mut area.impact_goal,
                Field::Result => &mut area.result_goal,
            };
            *slot = value;
            self.field = Some(field);
            return;
        }
        if is_fixed(&p.text) || is_caption_style(p) {
            return;
        }
        let numbered = strip_number(&text) != text.trim();
        if text.chars().count() <= 150
            && (is_heading_style(p)
                || numbered
                || Self::next_is_area_content(items, index, self.field.is_some()))
        {
            let name = strip_number(&text).trim_end_matches('*').trim().to_owned();
            if is_placeholder(&name) {
                let place = format!("«{text}»");
                self.placeholder(place, &name);
            }
            self.heading = text;
            self.field = None;
            self.areas.push(AreaDraft {
                name,
                ..AreaDraft::default()
            });
            return;
        }
        // A further paragraph of the field above it.
        if let (Some(field), Some(area)) = (self.field, self.areas.last_mut()) {
            let slot = match field {
                Field::Description => &mut area.description,
                Field::Impact => &mut area.impact_goal,
                Field::Result => &mut area.result_goal,
            };
            let more = clean(&p.text);
            if is_placeholder(&more) {
                return;
            }
            *slot = Some(match slot.take() {
                Some(before) => format!("{before}\n\n{more}"),
                None => more,
            });
        }
    }

    fn table(&mut self, kind: Kind, table: &Table, header: usize, number: usize, before: &str) {
        let rows = grid(table);
        let head = &rows[header];
        let column = |pred: &dyn Fn(&str) -> bool| -> Option<(usize, String)> {
            head.iter()
                .find(|c| pred(&key(&c.text)))
                .map(|c| (c.col, collapse(&c.text)))
        };
        let body = &rows[header + 1..];
        let first_row = header + 1;
        match kind {
            Kind::Jobs => self.jobs(head, body, first_row, number),
            Kind::ResultsOverview => {}
            Kind::ResultsArea => {
                let year = before
                    .split(' ')
                    .find_map(is_year)
                    .filter(|y| (1900..=2200).contains(y));
                let new = column(&|k| k.starts_with("nye arbeidsplass"));
                let secured = column(&|k| k.starts_with("sikr"));
                let Some(year) = year else { return };
                for row in body {
                    let name = collapse(&text_at(row, Some(0)));
                    let k = key(&name);
                    if name.is_empty() || k == "sum" {
                        continue;
                    }
                    let value = |c: &Option<(usize, String)>| {
                        text::number(&text_at(row, c.as_ref().map(|c| c.0))).value()
                    };
                    self.records.push(ResultRecord {
                        year,
                        focus_area: name,
                        new_jobs: value(&new),
                        secured_jobs: value(&secured),
                        projects_completed: None,
                        applications_granted: None,
                    });
                }
            }
            Kind::Strategies => {
                let strategy = column(&|k| k.starts_with("strategi"));
                let project = column(&|k| k.starts_with("prosjekt") && k.contains("tiltak"));
                let goal = column(&|k| k.starts_with("prosjektmål"));
                let budget = column(&|k| k.starts_with("budsjett"));
                self.strategies_table(body, first_row, number, [strategy, project, goal, budget]);
            }
            Kind::Resources => {
                self.resources_table = true;
                let pc = column(&|k| k.starts_with("prosjektkostnader"));
                let grant = column(&|k| k.starts_with("søkbare"));
                let res = column(&|k| k.contains("ressursinnsats"));
                let total = column(&|k| k.starts_with("sum kostnader"));
                self.resources_rows(body, first_row, number, [pc, grant, res, total]);
            }
            Kind::Financing => {
                self.financing_table = true;
                let share =
                    column(&|k| k.starts_with("andel") || k == "del" || k.starts_with("del "));
                let sum = column(&|k| k.starts_with("sum"));
                for (i, row) in body.iter().enumerate() {
                    let source = collapse(&text_at(row, Some(0)));
                    let k = key(&source);
                    if source.is_empty() {
                        continue;
                    }
                    let sum_col = sum.as_ref().map(|c| c.0);
                    if k == "totalt" || k == "sum" || k == "total" {
                        let n = text::number(&text_at(row, sum_col));
                        let place =
                            self.place(number, first_row + i, sum.as_ref().map(|c| c.1.as_str()));
                        match n {
                            Number::Value(v) => self.financing_total = Some((v, place)),
                            other => self.typed(&other, Sum::FinancingTotal, place),
                        }
                        continue;
                    }
                    let share_text = text_at(row, share.as_ref().map(|c| c.0));
                    let share_place =
                        self.place(number, first_row + i, share.as_ref().map(|c| c.1.as_str()));
                    // `50 %`, or a bare `50` in the share column.
                    let parsed = text::percent(&share_text).or_else(|| {
                        let bare: String = collapse(&share_text)
                            .chars()
                            .filter(|c| !text::is_space(*c))
                            .collect();
                        (!bare.is_empty())
                            .then(|| Share::parse_decimal(&bare))
                            .flatten()
                    });
                    if parsed.is_none() {
                        if is_placeholder(&share_text) {
                            self.placeholder(share_place, &share_text);
                        } else if text::number(&share_text) != Number::Empty {
                            self.not_a_number(share_place, &share_text);
                        }
                    }
                    let place =
                        self.place(number, first_row + i, sum.as_ref().map(|c| c.1.as_str()));
                    self.financing.push(FinancingRow {
                        source,
                        share: parsed,
                        sum: text::number(&text_at(row, sum_col)),
                        place,
                    });
                }
            }
            Kind::Activities => {
                let title = column(&|k| k.starts_with("aktivitet"));
                let audience = column(&|k| k.starts_with("målgruppe"));
                let channel = column(&|k| k.starts_with("kanal"));
                let responsible = column(&|k| k.starts_with("ansvarl"));
                for (i, row) in body.iter().enumerate() {
                    let month_text = collapse(&text_at(row, Some(0)));
                    let title_text = text_at(row, title.as_ref().map(|c| c.0));
                    if month_text.is_empty() && collapse(&title_text).is_empty() {
                        continue;
                    }
                    let Some(title) = self.plan_text(&title_text) else {
                        continue;
                    };
                    let Some(month) = text::month(&month_text) else {
                        let place =
                            self.place(number, first_row + i, Some(&collapse(&head[0].text)));
                        if is_placeholder(&month_text) {
                            self.placeholder(place, &month_text);
                        } else {
                            self.not_a_number(place, &month_text);
                        }
                        continue;
                    };
                    let optional = |r: &mut Reader, c: &Option<(usize, String)>| {
                        let t = text_at(row, c.as_ref().map(|c| c.0));
                        r.plan_text(&t)
                    };
                    let activity = Activity {
                        month,
                        title,
                        audience: optional(self, &audience),
                        channel: optional(self, &channel),
                        responsible: optional(self, &responsible),
                    };
                    self.activities.push(activity);
                }
            }
        }
    }

    fn jobs(
        &mut self,
        head: &[crate::read::GridCell],
        body: &[Vec<GridCell>],
        first_row: usize,
        number: usize,
    ) {
        self.jobs_table = true;
        let mut year_cols = Vec::new();
        let mut sum_col = None;
        for cell in head.iter().skip(1) {
            let k = key(&cell.text);
            if let Some(y) = is_year(&k) {
                year_cols.push((cell.col, y));
            } else if k == "sum" {
                sum_col = Some(cell.col);
            } else if is_placeholder(&cell.text) {
                let place = self.place(number, first_row - 1, Some(&cell.text));
                self.placeholder(place, &cell.text);
            }
        }
        self.years = year_cols.iter().map(|(_, y)| *y).collect();
        for (i, row) in body.iter().enumerate() {
            let raw = collapse(&text_at(row, Some(0)));
            if raw.is_empty() || raw.starts_with('*') || (row.len() == 1 && row[0].span > 1) {
                continue;
            }
            let name = raw.trim_end_matches('*').trim().to_owned();
            let k = key(&name);
            let row_no = first_row + i;
            if k.starts_with("sum arbeidsplass") {
                for &(col, year) in &year_cols {
                    let n = text::number(&text_at(row, Some(col)));
                    let place = self.place(number, row_no, Some(&year.to_string()));
                    self.typed(&n, Sum::JobsYear(year), place);
                }
                if let Some(col) = sum_col {
                    let n = text::number(&text_at(row, Some(col)));
                    let place = self.place(number, row_no, Some("Sum"));
                    self.typed(&n, Sum::JobsTotal, place);
                }
                continue;
            }
            if is_placeholder(&name) {
                let all_dashes = year_cols
                    .iter()
                    .all(|&(c, _)| text::number(&text_at(row, Some(c))) == Number::Empty);
                let place = self.place(number, row_no, None);
                self.placeholder(place, &name);
                if all_dashes
                    || k.contains("uten arbeidsplassmål")
                    || k.contains("utan arbeidsplassmål")
                {
                    continue;
                }
                continue;
            }
            if k.starts_with("innsatsområder uten arbeidsplassmål")
                || k.starts_with("innsatsområde utan arbeidsplassmål")
            {
                continue;
            }
            let values: Vec<(i32, Number, usize)> = year_cols
                .iter()
                .map(|&(c, y)| (y, text::number(&text_at(row, Some(c))), c))
                .collect();
            let sum = sum_col.map(|c| text::number(&text_at(row, Some(c))));
            let without = values.iter().all(|(_, n, _)| *n == Number::Empty)
                && sum.as_ref().is_none_or(|s| *s == Number::Empty);
            if without {
                self.job_rows.push((name, None));
                continue;
            }
            let mut targets = BTreeMap::new();
            for (year, n, _) in &values {
                match n {
                    Number::Value(v) => {
                        targets.insert(*year, *v);
                    }
                    Number::Empty => {
                        targets.insert(*year, 0);
                    }
                    Number::Placeholder => {
                        let place = self.place(number, row_no, Some(&year.to_string()));
                        self.placeholder(place, "[antall]");
                    }
                    Number::Invalid(text) => {
                        let text = text.clone();
                        let place = self.place(number, row_no, Some(&year.to_string()));
                        self.not_a_number(place, &text);
                    }
                }
            }
            if let Some(sum) = sum {
                let place = self.place(number, row_no, Some("Sum"));
                self.typed(&sum, Sum::JobsArea(name.clone()), place);
            }
            self.job_rows.push((name, Some(targets)));
        }
    }

    fn strategies_table(
        &mut self,
        body: &[Vec<GridCell>],
        first_row: usize,
        number: usize,
        cols: [Option<(usize, String)>; 4],
    ) {
        let [strategy_col, project_col, goal_col, budget_col] = cols;
        if self.areas.is_empty() {
            let place = format!("tabell {number}");
            let message = self
                .t(
                    "Strategitabellen står ikke under et innsatsområde; den er ikke lest.",
                    "Strategitabellen står ikkje under eit innsatsområde; han er ikkje lesen.",
                )
                .to_owned();
            self.find(ImportCode::Missing, place, message);
            return;
        }
        let area_index = self.areas.len() - 1;
        let budget_name = budget_col.as_ref().map(|c| c.1.clone());
        let mut previous_text: Option<String> = None;
        let mut strategies: Vec<Strategy> = Vec::new();
        for (i, row) in body.iter().enumerate() {
            let row_no = first_row + i;
            let first = collapse(&text_at(row, Some(0)));
            let k = key(&first);
            if k.starts_with("prosjektkostnader") {
                let (n, _) = last_value(row);
                let place = self.place(number, row_no, budget_name.as_deref());
                self.typed(&n, Sum::ProjectCosts(area_index), place);
                continue;
            }
            if k.starts_with("søkbare midl") {
                let (n, _) = last_value(row);
                let place = self.place(number, row_no, budget_name.as_deref());
                let grant = self.kroner(&n, || place);
                self.areas[area_index].grant_funds = grant;
                continue;
            }
            if k.starts_with("sum innsatsområde") {
                let (n, _) = last_value(row);
                let place = self.place(number, row_no, budget_name.as_deref());
                self.typed(&n, Sum::AreaTotal(area_index), place);
                continue;
            }
            if row.len() == 1 && row[0].span > 1 {
                continue;
            }
            let cell = strategy_col.as_ref().and_then(|c| at(row, c.0));
            let cell_text = cell.map(|c| c.text.clone()).unwrap_or_default();
            let collapsed = collapse(&cell_text);
            let continues = cell.is_some_and(|c| c.merge == Merge::Continue)
                || collapsed.is_empty()
                || previous_text.as_deref() == Some(collapsed.as_str());
            if !continues || strategies.is_empty() {
                let (name, content, sdg) = strategy_cell(&cell_text);
                let name = if name.is_empty() {
                    let place =
                        self.place(number, row_no, strategy_col.as_ref().map(|c| c.1.as_str()));
                    let message = self
                        .t(
                            "Raden har prosjekt, men ingen strategi; skriv strategien i planen.",
                            "Rada har prosjekt, men ingen strategi; skriv strategien i planen.",
                        )
                        .to_owned();
                    self.find(ImportCode::Missing, place, message);
                    "[Strategi]".to_owned()
                } else {
                    if is_placeholder(&name) {
                        let place =
                            self.place(number, row_no, strategy_col.as_ref().map(|c| c.1.as_str()));
                        self.placeholder(place, &name);
                    }
                    name
                };
                let content = match content {
                    Some(c) if is_placeholder(&c) => {
                        let place =
                            self.place(number, row_no, strategy_col.as_ref().map(|c| c.1.as_str()));
                        self.placeholder(place, &c);
                        None
                    }
                    other => other,
                };
                strategies.push(Strategy {
                    name,
                    content,
                    sdg,
                    projects: Vec::new(),
                });
                if !collapsed.is_empty() {
                    previous_text = Some(collapsed);
                }
            }
            let project_text = clean(&text_at(row, project_col.as_ref().map(|c| c.0)));
            let goal_text = text_at(row, goal_col.as_ref().map(|c| c.0));
            let budget_text = text_at(row, budget_col.as_ref().map(|c| c.0));
            let budget = text::number(&budget_text);
            let pk = key(&project_text);
            if pk.starts_with("ingen prosjekt") {
                continue;
            }
            if project_text.is_empty() && budget == Number::Empty {
                continue;
            }
            if is_placeholder(&project_text)
                && matches!(budget, Number::Placeholder | Number::Empty)
            {
                let place = self.place(number, row_no, project_col.as_ref().map(|c| c.1.as_str()));
                self.placeholder(place, &project_text);
                continue;
            }
            let name = if project_text.is_empty() || matches!(project_text.as_str(), "-" | "–") {
                let place = self.place(number, row_no, project_col.as_ref().map(|c| c.1.as_str()));
                let message = self
                    .t(
                        "Raden har budsjett, men ikke noe prosjektnavn; skriv navnet i planen.",
                        "Rada har budsjett, men ikkje noko prosjektnamn; skriv namnet i planen.",
                    )
                    .to_owned();
                self.find(ImportCode::Missing, place, message);
                "[Prosjekt]".to_owned()
            } else {
                project_text
            };
            let goal = self.plan_text(&goal_text);
            let place = self.place(number, row_no, budget_name.as_deref());
            let budget = self.kroner(&budget, || place);
            if let Some(strategy) = strategies.last_mut() {
                strategy.projects.push(Project { name, goal, budget });
            }
        }
        self.areas[area_index].strategies.extend(strategies);
    }

    fn resources_rows(
        &mut self,
        body: &[Vec<GridCell>],
        first_row: usize,
        number: usize,
        cols: [Option<(usize, String)>; 4],
    ) {
        let [pc, grant, res, total] = cols;
        for (i, row) in body.iter().enumerate() {
            let row_no = first_row + i;
            let raw = collapse(&text_at(row, Some(0)));
            if raw.is_empty() || raw.starts_with('*') || (row.len() == 1 && row[0].span > 1) {
                continue;
            }
            let name = raw.trim_end_matches('*').trim().to_owned();
            let k = key(&name);
            let cell =
                |c: &Option<(usize, String)>| text::number(&text_at(row, c.as_ref().map(|c| c.0)));
            let col_name = |c: &Option<(usize, String)>| c.as_ref().map(|c| c.1.clone());
            if k == "delsum" {
                for (c, sum) in [
                    (&pc, Sum::SubProjectCosts),
                    (&grant, Sum::SubGrant),
                    (&res, Sum::SubResources),
                    (&total, Sum::SubTotal),
                ] {
                    let place = self.place(number, row_no, col_name(c).as_deref());
                    self.typed(&cell(c), sum, place);
                }
                continue;
            }
            if k.starts_with("administrative kostnader") {
                let (n, _) = last_value(row);
                let place = self.place(number, row_no, col_name(&total).as_deref());
                self.admin = self.kroner(&n, || place);
                continue;
            }
            if k.starts_with("samlet kostnad") || k.starts_with("samla kostnad") {
                let (n, _) = last_value(row);
                let place = self.place(number, row_no, col_name(&total).as_deref());
                self.typed(&n, Sum::TotalCost, place);
                continue;
            }
            if is_placeholder(&name) {
                let place = self.place(number, row_no, None);
                self.placeholder(place, &name);
                continue;
            }
            let place = self.place(number, row_no, col_name(&res).as_deref());
            let resources = self.kroner(&cell(&res), || place.clone());
            for (c, sum) in [
                (&pc, Sum::ResProjectCosts(name.clone())),
                (&grant, Sum::ResGrant(name.clone())),
                (&total, Sum::ResTotal(name.clone())),
            ] {
                let place = self.place(number, row_no, col_name(c).as_deref());
                self.typed(&cell(c), sum, place);
            }
            self.resources.push((name, resources, place));
        }
    }

    fn missing(&mut self, what_nb: &str, what_nn: &str) {
        let message = format!(
            "{} {}",
            self.t(what_nb, what_nn),
            self.t(
                "finnes ikke i dokumentet; det den ville gitt, er utelatt fra planen.",
                "finst ikkje i dokumentet; det han ville gitt, er utelate frå planen."
            )
        );
        self.find(
            ImportCode::Missing,
            self.t("dokumentet", "dokumentet").to_owned(),
            message,
        );
    }

    fn mismatch(&mut self, name: &str, in_nb: &str, in_nn: &str) {
        let message = format!(
            "{} «{name}» {}",
            self.t("Innsatsområdet", "Innsatsområdet"),
            self.t(in_nb, in_nn)
        );
        self.find(
            ImportCode::AreaMismatch,
            self.t("dokumentet", "dokumentet").to_owned(),
            message,
        );
    }

    fn finish(mut self) -> Result<Import, ImportError> {
        let has_section_2 = self.seen_strategies || !self.areas.is_empty();
        if !self.jobs_table && !has_section_2 {
            return Err(ImportError::NoPlan(
                "Word-dokumentet ser ikke ut som en handlingsplan: det har verken tabellen med \
                 arbeidsplassmål eller kapittel 2 (strategier og tiltak for innsatsområdene)"
                    .into(),
            ));
        }
        if !self.jobs_table {
            self.missing(
                "Tabellen med arbeidsplassmål",
                "Tabellen med arbeidsplassmål",
            );
        }
        if !has_section_2 {
            self.missing(
                "Kapittel 2 (strategier og tiltak for innsatsområdene)",
                "Kapittel 2 (strategiar og tiltak for innsatsområda)",
            );
        }
        if !self.resources_table {
            self.missing(
                "Tabell 3.1 (ressursinnsats fordelt på innsatsområdene)",
                "Tabell 3.1 (ressursinnsats fordelt på innsatsområda)",
            );
        }
        if !self.financing_table {
            self.missing("Finansieringstabellen", "Finansieringstabellen");
        }

        // Areas: section 2 decides; the job table gives targets, table 3.1 resources.
        let mut drafts = std::mem::take(&mut self.areas);
        if drafts.is_empty() {
            drafts = self
                .job_rows
                .iter()
                .map(|(name, _)| AreaDraft {
                    name: name.clone(),
                    ..AreaDraft::default()
                })
                .collect();
        }
        let job_rows = std::mem::take(&mut self.job_rows);
        let resources = std::mem::take(&mut self.resources);
        if self.jobs_table && has_section_2 {
            for (name, _) in &job_rows {
                if !drafts.iter().any(|a| same_name(&a.name, name)) {
                    self.mismatch(
                        name,
                        "står i tabellen med arbeidsplassmål, men ikke i kapittel 2.",
                        "står i tabellen med arbeidsplassmål, men ikkje i kapittel 2.",
                    );
                }
            }
            for area in &drafts {
                if !job_rows.iter().any(|(n, _)| same_name(n, &area.name)) {
                    self.mismatch(
                        &area.name,
                        "står i kapittel 2, men ikke i tabellen med arbeidsplassmål.",
                        "står i kapittel 2, men ikkje i tabellen med arbeidsplassmål.",
                    );
                }
            }
        }
        if self.resources_table {
            for (name, _, _) in &resources {
                if !drafts.iter().any(|a| same_name(&a.name, name)) {
                    self.mismatch(
                        name,
                        "står i tabell 3.1, men ikke i kapittel 2.",
                        "står i tabell 3.1, men ikkje i kapittel 2.",
                    );
                }
            }
            for area in &drafts {
                if !resources.iter().any(|(n, _, _)| same_name(n, &area.name)) {
                    self.mismatch(
                        &area.name,
                        "står i kapittel 2, men ikke i tabell 3.1.",
                        "står i kapittel 2, men ikkje i tabell 3.1.",
                    );
                }
            }
        }
        let focus_areas: Vec<FocusArea> = drafts
            .into_iter()
            .map(|d| FocusArea {
                job_targets: job_rows
                    .iter()
                    .find(|(n, _)| same_name(n, &d.name))
                    .and_then(|(_, t)| t.clone()),
                programme_resources: resources
                    .iter()
                    .find(|(n, _, _)| same_name(n, &d.name))
                    .map_or(Kroner::ZERO, |(_, r, _)| *r),
                name: d.name,
                description: d.description,
                impact_goal: d.impact_goal,
                result_goal: d.result_goal,
                strategies: d.strategies,
                grant_funds: d.grant_funds,
            })
            .collect();

        let period = match (self.years.first(), self.years.last(), self.goal_period) {
            (Some(&from), Some(&to), _) => Period { from, to },
            (_, _, Some((from, to))) => Period { from, to },
            _ => {
                let year = self.year.unwrap_or(0);
                self.missing("Programperioden", "Programperioden");
                Period {
                    from: year,
                    to: year,
                }
            }
        };
        let year = match self.year {
            Some(year) => year,
            None => {
                self.missing("Året planen gjelder", "Året planen gjeld");
                period.from
            }
        };
        let name = self
            .name
            .clone()
            .unwrap_or_else(|| "[omstillingsprogrammet]".into());
        let area = self
            .area
            .clone()
            .unwrap_or_else(|| "[kommune/region]".into());
        let vision = (!self.vision.is_empty()).then(|| self.vision.join("\n\n"));

        let mut plan = plan::handlingsplan::Plan {
            language: self.language,
            programme: Programme {
                name,
                area,
                county: None,
                vision,
                period,
                jobs_goal: self.jobs_goal,
            },
            year,
            approval: Approval {
                board: self.board,
                council: self.council,
            },
            focus_areas,
            admin_costs: self.admin,
            financing: Vec::new(),
            previous_results: None,
            communication: None,
        };
        let summary = (!self.summary.is_empty()).then(|| self.summary.join("\n\n"));
        if summary.is_some() || !self.records.is_empty() {
            plan.previous_results = Some(PreviousResults {
                summary,
                records: std::mem::take(&mut self.records),
            });
        }
        if !self.activities.is_empty() {
            plan.communication = Some(Communication {
                activities: std::mem::take(&mut self.activities),
            });
        }

        // Financing: shares when they add up to 100 % (or nothing else works), amounts
        // when no row has a share or the typed shares are rounded from the amounts.
        let totals = plan::handlingsplan::compute::totals(&plan);
        let rows = std::mem::take(&mut self.financing);
        let shares_sum: i64 = rows
            .iter()
            .filter_map(|r| r.share)
            .map(Share::hundredths)
            .sum();
        let any_share = rows.iter().any(|r| r.share.is_some());
        let all_sums = rows.iter().all(|r| r.sum.value().is_some());
        let sums_total: i64 = rows.iter().filter_map(|r| r.sum.value()).sum();
        let use_amounts = !rows.is_empty()
            && (!any_share
                || (shares_sum != 10_000
                    && all_sums
                    && self
                        .financing_total
                        .as_ref()
                        .is_some_and(|(t, _)| *t == sums_total)));
        for row in &rows {
            let kind = kind_of(&row.source);
            if use_amounts {
                let amount = match &row.sum {
                    Number::Value(v) => Some(Kroner(*v)),
                    Number::Empty => None,
                    Number::Placeholder => {
                        self.placeholder(row.place.clone(), "[sum]");
                        None
                    }
                    Number::Invalid(text) => {
                        let text = text.clone();
                        self.not_a_number(row.place.clone(), &text);
                        None
                    }
                };
                plan.financing.push(FinancingSource {
                    source: row.source.clone(),
                    kind: Some(kind),
                    share: None,
                    amount,
                });
            } else {
                plan.financing.push(FinancingSource {
                    source: row.source.clone(),
                    kind: Some(kind),
                    share: row.share,
                    amount: None,
                });
            }
        }
        if !use_amounts && rows.iter().all(|r| r.share.is_some()) {
            let shares: Vec<Share> = rows.iter().filter_map(|r| r.share).collect();
            let amounts = plan::handlingsplan::compute::split_by_shares(totals.total_cost, &shares);
            for (i, row) in rows.iter().enumerate() {
                match &row.sum {
                    Number::Value(v) => self.typed.push(Typed {
                        value: *v,
                        sum: Sum::FinancingAmount(i),
                        place: row.place.clone(),
                    }),
                    Number::Invalid(text) => {
                        let text = text.clone();
                        self.not_a_number(row.place.clone(), &text);
                    }
                    _ => {}
                }
                let _ = amounts.get(i);
            }
        }
        if let Some((value, place)) = self.financing_total.take() {
            self.typed.push(Typed {
                value,
                sum: Sum::FinancingTotal,
                place,
            });
        }

        // Every typed sum against what the imported figures give.
        let totals = plan::handlingsplan::compute::totals(&plan);
        let shares: Vec<Share> = plan.financing.iter().filter_map(|f| f.share).collect();
        let split = (shares.len() == plan.financing.len())
            .then(|| plan::handlingsplan::compute::split_by_shares(totals.total_cost, &shares));
        let area_costs = |name: &str| totals.focus_areas.iter().find(|a| same_name(&a.name, name));
        let typed = std::mem::take(&mut self.typed);
        let mut sums = Vec::with_capacity(typed.len());
        for t in typed {
            let computed: Option<i64> = match &t.sum {
                Sum::JobsArea(name) => Some(
                    job_rows
                        .iter()
                        .find(|(n, _)| same_name(n, name))
                        .and_then(|(_, t)| t.as_ref())
                        .map_or(0, |t| t.values().sum()),
                ),
                Sum::JobsYear(year) => Some(
                    job_rows
                        .iter()
                        .filter_map(|(_, t)| t.as_ref())
                        .filter_map(|t| t.get(year))
                        .sum(),
                ),
                Sum::JobsTotal => Some(
                    job_rows
                        .iter()
                        .filter_map(|(_, t)| t.as_ref())
                        .flat_map(|t| t.values())
                        .sum(),
                ),
                Sum::ProjectCosts(i) => totals.focus_areas.get(*i).map(|a| a.project_costs.0),
                Sum::AreaTotal(i) => totals.focus_areas.get(*i).map(|a| a.area_sum.0),
                Sum::ResProjectCosts(name) => area_costs(name).map(|a| a.project_costs.0),
                Sum::ResGrant(name) => area_costs(name).map(|a| a.grant_funds.0),
                Sum::ResTotal(name) => area_costs(name).map(|a| a.total_costs.0),
                Sum::SubProjectCosts => Some(totals.subtotal.project_costs.0),
                Sum::SubGrant => Some(totals.subtotal.grant_funds.0),
                Sum::SubResources => Some(totals.subtotal.programme_resources.0),
                Sum::SubTotal => Some(totals.subtotal.total_costs.0),
                Sum::TotalCost => Some(totals.total_cost.0),
                Sum::FinancingAmount(i) => split.as_ref().and_then(|s| s.get(*i)).map(|k| k.0),
                Sum::FinancingTotal => Some(totals.total_cost.0),
            };
            sums.push(TypedSum {
                table: match &t.sum {
                    Sum::JobsArea(_) | Sum::JobsYear(_) | Sum::JobsTotal => SumTable::JobTargets,
                    Sum::ProjectCosts(i) | Sum::AreaTotal(i) => SumTable::FocusArea(*i),
                    Sum::FinancingAmount(_) | Sum::FinancingTotal => SumTable::Financing,
                    _ => SumTable::Resources,
                },
                label: self.sum_label(&t.sum, &plan),
                place: t.place.clone(),
                typed: t.value,
                computed,
            });
            if let Some(computed) = computed
                && computed != t.value
            {
                let message = format!(
                    "{} {}, {} {}.",
                    self.t("Summen i dokumentet er", "Summen i dokumentet er"),
                    plan::norwegian::integer(t.value),
                    self.t("men tallene gir", "men tala gir"),
                    plan::norwegian::integer(computed)
                );
                self.find(ImportCode::SumDiffers, t.place, message);
            }
        }
        Ok(Import {
            plan,
            findings: self.findings,
            sums,
            document_year: self.year,
        })
    }
}

/// The kind of a financing source from its name.
fn kind_of(source: &str) -> SourceKind {
    let k = source.to_lowercase();
    if k.split(|c: char| !c.is_alphanumeric()).any(|w| w == "kdd")
        || k.contains("departement")
        || k.contains("staten")
    {
        SourceKind::State
    } else if k.contains("fylkeskommune") {
        SourceKind::County
    } else if k.contains("kommune") {
        SourceKind::Municipality
    } else {
        SourceKind::Other
    }
}
