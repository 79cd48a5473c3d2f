//! `omstilling new`: writes a commented starting plan (TOML) that passes `check`
//! with warnings only, so a new user can begin without reading the spec; or, with
//! `--from OMSTILLINGSPLAN --year YEAR`, the year's plan made from the Omstillingsplan.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use plan::handlingsplan::Plan;
use plan::{Language, Syntax};

use crate::input::read_omstillingsplan;

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Lag årets handlingsplan fra denne omstillingsplanen (alle innsatsområder og strategier, uten prosjekter).
    #[arg(long, value_name = "OMSTILLINGSPLAN", conflicts_with_all = ["area", "period", "name", "language"])]
    from: Option<PathBuf>,
    /// Omstillingsområdet, for eksempel «Fjordvik kommune».
    #[arg(long, required_unless_present = "from")]
    area: Option<String>,
    /// Programperioden, for eksempel 2025-2030.
    #[arg(long, value_parser = parse_period, required_unless_present = "from")]
    period: Option<(i32, i32)>,
    /// Omstillingsåret planen gjelder (standard: neste år, innenfor perioden).
    #[arg(long)]
    year: Option<i32>,
    /// Programmets navn (standard: en plassholder).
    #[arg(long)]
    name: Option<String>,
    /// Språk: nb (bokmål) eller nn (nynorsk).
    #[arg(long, value_parser = ["nb", "nn"])]
    language: Option<String>,
    /// Filen som skal skrives (standard: handlingsplan-ÅR.toml). «-» skriver til standard ut.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Overskriv filen om den finnes.
    #[arg(long)]
    force: bool,
}

fn parse_period(text: &str) -> Result<(i32, i32), String> {
    let (from, to) = text
        .split_once(['-', '–'])
        .ok_or_else(|| format!("«{text}» er ikke en periode; skriv for eksempel 2025-2030"))?;
    let year = |t: &str| {
        t.trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or_else(|| format!("«{t}» er ikke et årstall"))
    };
    let (from, to) = (year(from)?, year(to)?);
    if from > to || to - from >= 10 {
        return Err(format!(
            "perioden {from}–{to} må starte før den slutter og vare høyst 10 år"
        ));
    }
    Ok((from, to))
}

pub fn run(args: &NewArgs) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.from {
        return from_omstillingsplan(args, path);
    }
    let (Some((from, to)), Some(area)) = (args.period, args.area.as_deref()) else {
        bail!("oppgi --area og --period, eller --from OMSTILLINGSPLAN");
    };
    let year = match args.year {
        Some(year) => year,
        None => {
            let next = current_year() + 1;
            if (from..=to).contains(&next) {
                next
            } else {
                from
            }
        }
    };
    if !(from..=to).contains(&year) {
        bail!("året {year} er utenfor perioden {from}–{to}");
    }
    let language = args
        .language
        .as_deref()
        .and_then(Language::from_code)
        .unwrap_or_default();
    let text = starting_plan(&StartingPlan {
        language,
        area: area.trim(),
        name: args.name.as_deref().map(str::trim),
        from,
        to,
        year,
    });
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("handlingsplan-{year}.toml")));
    if output.as_os_str() == "-" {
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if output.exists() && !args.force {
        bail!(
            "«{}» finnes allerede; velg et annet navn med -o eller bruk --force",
            output.display()
        );
    }
    std::fs::write(&output, text)
        .with_context(|| format!("kan ikke skrive «{}»", output.display()))?;
    eprintln!(
        "{} «{}». {} omstilling check {}",
        language.pick("Skrev", "Skreiv"),
        output.display(),
        language.pick(
            "Fyll ut plassholderne i [klammer], og kontroller planen med",
            "Fyll ut plasshaldarane i [klammer], og kontroller planen med"
        ),
        output.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `new --from OP --year YEAR`: the yearly plan made from the Omstillingsplan
/// (`omstillingsplan.md` §5), TOML unless `-o` ends in `.json`.
fn from_omstillingsplan(args: &NewArgs, path: &Path) -> anyhow::Result<ExitCode> {
    let omstillingsplan = match read_omstillingsplan(path) {
        Ok(omstillingsplan) => omstillingsplan,
        Err(error) => {
            eprintln!("omstilling: {error}");
            return Ok(ExitCode::from(2));
        }
    };
    let period = omstillingsplan.programme.period;
    let year = match args.year {
        Some(year) => year,
        None => {
            let next = current_year() + 1;
            if period.contains(next) {
                next
            } else {
                period.from
            }
        }
    };
    if !period.contains(year) {
        bail!(
            "året {year} er utenfor perioden {}–{} i «{}»",
            period.from,
            period.to,
            path.display()
        );
    }
    let plan = plan::omstillingsplan::derive::yearly_plan(&omstillingsplan, year);
    write_plan(
        &plan,
        args.output.as_deref(),
        Syntax::Toml,
        args.force,
        language_hint(plan.language),
    )
}

/// The line printed after a plan was written: how to check it.
fn language_hint(language: Language) -> (Language, &'static str, &'static str) {
    (
        language,
        "Fyll ut prosjektene, og kontroller planen med",
        "Fyll ut prosjekta, og kontroller planen med",
    )
}

/// Writes `plan` to `output` (default `handlingsplan-{year}` with the default
/// syntax's extension; `-` is standard out in the default syntax). The syntax is JSON
/// when the name ends in `.json`, TOML when in `.toml`, else the default. An existing
/// file is kept unless `force`.
pub fn write_plan(
    plan: &Plan,
    output: Option<&Path>,
    default: Syntax,
    force: bool,
    (language, nb, nn): (Language, &str, &str),
) -> anyhow::Result<ExitCode> {
    let extension = match default {
        Syntax::Json => "json",
        Syntax::Toml => "toml",
    };
    let output = output.map_or_else(
        || PathBuf::from(format!("handlingsplan-{}.{extension}", plan.year)),
        Path::to_path_buf,
    );
    let syntax = Syntax::from_path(&output.display().to_string()).unwrap_or(default);
    let text = match syntax {
        Syntax::Json => plan::handlingsplan::file::to_json(plan),
        Syntax::Toml => plan::handlingsplan::file::to_toml(plan)
            .map_err(|e| anyhow::anyhow!("kan ikke skrive planen som TOML: {e}"))?,
    };
    if output.as_os_str() == "-" {
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if output.exists() && !force {
        bail!(
            "«{}» finnes allerede; velg et annet navn med -o eller bruk --force",
            output.display()
        );
    }
    std::fs::write(&output, text)
        .with_context(|| format!("kan ikke skrive «{}»", output.display()))?;
    eprintln!(
        "{} «{}». {} omstilling check {}",
        language.pick("Skrev", "Skreiv"),
        output.display(),
        language.pick(nb, nn),
        output.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn current_year() -> i32 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days since 1970 to a civil year (Howard Hinnant's algorithm, year part only).
    let days = (seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let year = year_of_era + era * 400 + i64::from(month_index >= 10);
    i32::try_from(year).unwrap_or(2026)
}

/// What the starting plan is made from.
#[derive(Debug)]
pub struct StartingPlan<'a> {
    pub language: Language,
    pub area: &'a str,
    pub name: Option<&'a str>,
    pub from: i32,
    pub to: i32,
    pub year: i32,
}

/// A TOML string literal, escaped.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The commented starting plan.
pub fn starting_plan(start: &StartingPlan<'_>) -> String {
    let l = start.language;
    let t = |nb: &'static str, nn: &'static str| l.pick(nb, nn);
    let (from, to, year) = (start.from, start.to, start.year);
    let area = quoted(start.area);
    let name = quoted(
        start
            .name
            .unwrap_or(t("[Programmets navn]", "[Namnet på programmet]")),
    );
    let targets: String = (from..=to).map(|y| format!("{y} = 0\n")).collect();
    let mut s = String::new();
    s += &format!(
        "# {} {year} – {}\n",
        t("Handlingsplan", "Handlingsplan"),
        t("omstillingsprogrammet i ", "omstillingsprogrammet i ").to_string() + start.area
    );
    s += t(
        "#\n# Fyll ut feltene og erstatt alt i [klammer]. Kontroller planen underveis med\n#   omstilling check FILNAVN.toml\n# Summer, tabeller og bokstaver på strategiene regnes ut av programmet: skriv dem aldri inn selv.\n# Beløp er hele kroner uten mellomrom (1250000). Datoer skrives ÅÅÅÅ-MM-DD.\n\n",
        "#\n# Fyll ut felta og byt ut alt i [klammer]. Kontroller planen undervegs med\n#   omstilling check FILNAMN.toml\n# Summar, tabellar og bokstavar på strategiane reknar programmet ut: skriv dei aldri inn sjølv.\n# Beløp er heile kroner utan mellomrom (1250000). Datoar skriv du ÅÅÅÅ-MM-DD.\n\n",
    );
    s += "format = \"handlingsplan/1\"\n";
    s += t(
        "# Språk i dokumentet: \"nb\" (bokmål) eller \"nn\" (nynorsk).\n",
        "# Språk i dokumentet: \"nb\" (bokmål) eller \"nn\" (nynorsk).\n",
    );
    s += &format!("language = \"{}\"\n", l.code());
    s += t(
        "# Omstillingsåret planen gjelder.\n",
        "# Omstillingsåret planen gjeld.\n",
    );
    s += &format!("year = {year}\n");
    s += t(
        "# Administrative kostnader til programledelse (kr): styremøter, saksbehandling, rapportering.\n",
        "# Administrative kostnader til programleiing (kr): styremøte, sakshandsaming, rapportering.\n",
    );
    s += "admin_costs = 0\n\n[programme]\n";
    s += &format!("name = {name}\narea = {area}\n");
    s += t(
        "# Fylket (valgfritt).\n# county = \"[Fylke]\"\n",
        "# Fylket (valfritt).\n# county = \"[Fylke]\"\n",
    );
    s += &format!(
        "vision = {}\n",
        quoted(t(
            "[Omstillingsprogrammets visjon]",
            "[Visjonen til omstillingsprogrammet]"
        ))
    );
    s += t(
        "# Programperioden, begge år med (høyst 10 år).\n",
        "# Programperioden, begge åra med (høgst 10 år).\n",
    );
    s += &format!("period = {{ from = {from}, to = {to} }}\n");
    s += t(
        "# Arbeidsplasser i hele perioden etter Omstillingsplan (valgfritt; kontrollen sammenligner med summen av målene).\n# jobs_goal = 0\n\n",
        "# Arbeidsplassar i heile perioden etter omstillingsplanen (valfritt; kontrollen samanliknar med summen av måla).\n# jobs_goal = 0\n\n",
    );
    s += t(
        "# Styrets og kommunestyrets vedtak. Uten styredato blir dokumentet merket «Utkast».\n",
        "# Vedtaka i styret og kommunestyret. Utan styredato blir dokumentet merkt «Utkast».\n",
    );
    s += "# [approval]\n";
    s += &format!(
        "# board = {}-12-04\n# council = {}-01-28\n\n",
        year - 1,
        year
    );
    s += t(
        "# Ett [[focus_areas]] per innsatsområde, i den rekkefølgen de skal stå i planen.\n",
        "# Eitt [[focus_areas]] per innsatsområde, i den rekkjefølgja dei skal stå i planen.\n",
    );
    s += "[[focus_areas]]\n";
    s += &format!(
        "name = {}\n",
        quoted(t("[Innsatsområde 1]", "[Innsatsområde 1]"))
    );
    s += &format!(
        "description = {}\n",
        quoted(t("[Beskriv innsatsområdet]", "[Skildre innsatsområdet]"))
    );
    s += &format!(
        "impact_goal = {}\n",
        quoted(t("[Effektmål]", "[Effektmål]"))
    );
    s += &format!(
        "result_goal = {}\n",
        quoted(t(
            "[antall] sikrede og nye arbeidsplasser.",
            "[tal] sikra og nye arbeidsplassar."
        ))
    );
    s += t(
        "# Søkbare midler (kr): avsatt til søknader fra næringsliv og andre.\n",
        "# Søkbare midlar (kr): sette av til søknader frå næringsliv og andre.\n",
    );
    s += "grant_funds = 0\n";
    s += t(
        "# Programmets ressursinnsats (kr): egen tid i innsatsområdet.\n",
        "# Ressursinnsatsen til programmet (kr): eiga tid i innsatsområdet.\n",
    );
    s += "programme_resources = 0\n\n";
    s += t(
        "# Arbeidsplassmål per år i perioden. Fjern hele tabellen for et innsatsområde uten arbeidsplassmål.\n",
        "# Arbeidsplassmål per år i perioden. Fjern heile tabellen for eit innsatsområde utan arbeidsplassmål.\n",
    );
    s += "[focus_areas.job_targets]\n";
    s += &targets;
    s += "\n";
    s += t(
        "# Strategiene fra Omstillingsplan, også de uten prosjekter i år.\n",
        "# Strategiane frå omstillingsplanen, også dei utan prosjekt i år.\n",
    );
    s += "[[focus_areas.strategies]]\n";
    s += &format!("name = {}\n", quoted(t("[Strategi]", "[Strategi]")));
    s += &format!(
        "content = {}\n",
        quoted(t(
            "[Hva strategien går ut på]",
            "[Kva strategien går ut på]"
        ))
    );
    s += t(
        "# Bærekraftsmål 1–17 (valgfritt).\n# sdg = 8\n\n",
        "# Berekraftsmål 1–17 (valfritt).\n# sdg = 8\n\n",
    );
    s += "[[focus_areas.strategies.projects]]\n";
    s += &format!("name = {}\n", quoted(t("[Prosjekt]", "[Prosjekt]")));
    s += &format!("goal = {}\n", quoted(t("[Prosjektmål]", "[Prosjektmål]")));
    s += "budget = 0\n\n";
    s += t(
        "# Finansiering: enten andel i prosent (share) for alle kildene, eller beløp i kroner (amount) for alle.\n# Andelene må bli 100 %; kommunens egenandel er normalt minst 25 %.\n",
        "# Finansiering: anten del i prosent (share) for alle kjeldene, eller beløp i kroner (amount) for alle.\n# Delane må bli 100 %; eigendelen til kommunen er normalt minst 25 %.\n",
    );
    s += "[[financing]]\nsource = \"KDD\"\nkind = \"state\"\nshare = 50\n\n";
    s += &format!(
        "[[financing]]\nsource = {}\nkind = \"county\"\nshare = 25\n\n",
        quoted(t("[Fylkeskommunen]", "[Fylkeskommunen]"))
    );
    s += &format!("[[financing]]\nsource = {area}\nkind = \"municipality\"\nshare = 25\n\n");
    s += t(
        "# Resultater fra tidligere omstillingsår (fra årsrapporten); ikke i første år.\n",
        "# Resultat frå tidlegare omstillingsår (frå årsrapporten); ikkje i første året.\n",
    );
    s += "# [previous_results]\n# summary = \"\"\n# [[previous_results.records]]\n";
    s += &format!(
        "# year = {}\n# focus_area = \"[Innsatsområde 1]\"\n# new_jobs = 0\n# secured_jobs = 0\n\n",
        year - 1
    );
    s += t(
        "# Kommunikasjonsplan: én aktivitet per [[communication.activities]], måned 1–12.\n",
        "# Kommunikasjonsplan: éin aktivitet per [[communication.activities]], månad 1–12.\n",
    );
    s += "[[communication.activities]]\nmonth = 1\n";
    s += &format!(
        "title = {}\naudience = {}\nchannel = {}\nresponsible = {}\n",
        quoted(t(
            "Handlingsplanen presenteres for næringslivet",
            "Handlingsplanen blir presentert for næringslivet"
        )),
        quoted(t("Bedrifter", "Verksemder")),
        quoted(t("Møte", "Møte")),
        quoted(t("Programleder", "Programleiar")),
    );
    s
}
