//! The fixed texts of the document in bokmål and nynorsk (spec `handlingsplan.md` §6).
//!
//! Every renderer and the web app draw their fixed text from here; nothing else in the
//! project spells out a heading or a column name. The catalogue is declared once as a
//! list of `key: bokmål, nynorsk` entries, so a key cannot exist in one language only.
//! `{name}` marks a value to fill in with [`fill`]. Keys whose spec entry is a list
//! (`results_cols`, `strategy_cols`, …) keep the spec's ` · ` separator; split them
//! with [`items`].
//!
//! Beyond the spec's keys there are texts the renderers need (captions, notes, figure
//! texts, the footer); they are marked "extra" below and complete in both languages.

use plan::Language;

macro_rules! catalogue {
    ($( $(#[doc = $doc:literal])* $key:ident : $nb:literal , $nn:literal ;)*) => {
        /// Every fixed text in one language. Get one with [`catalogue`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Catalogue {
            $( $(#[doc = $doc])* pub $key: &'static str, )*
        }

        /// The bokmål texts.
        pub const BOKMAL: Catalogue = Catalogue { $( $key: $nb, )* };
        /// The nynorsk texts.
        pub const NYNORSK: Catalogue = Catalogue { $( $key: $nn, )* };

        impl Catalogue {
            /// Every `(key, text)` pair, in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![ $( (stringify!($key), self.$key), )* ]
            }
        }
    };
}

catalogue! {
    // ---- spec §6 ----
    title: "Handlingsplan {year}", "Handlingsplan {year}";
    subtitle: "Omstilling i {area}", "Omstilling i {area}";
    board: "Behandlet av styret i {programme} {date}", "Behandla av styret i {programme} {date}";
    council: "Godkjent av kommunestyret {date}", "Godkjent av kommunestyret {date}";
    draft: "Utkast", "Utkast";
    draft_errors: "Utkast – planen har feil", "Utkast – planen har feil";
    contents: "Innhold", "Innhald";
    h1: "Mål og innsatsområder fra Omstillingsplan", "Mål og innsatsområde frå omstillingsplanen";
    goal_text: "Omstillingsarbeidet i {area} skal bidra til å sikre og skape {total} arbeidsplasser i perioden {from} til {to}. For {year} er målet {this_year} arbeidsplasser. I tillegg skal omstillingsarbeidet bidra til økt robusthet og styrket utviklingsevne i næringsliv og kommunen.",
        "Omstillingsarbeidet i {area} skal bidra til å sikre og skape {total} arbeidsplassar i perioden {from} til {to}. For {year} er målet {this_year} arbeidsplassar. I tillegg skal omstillingsarbeidet bidra til auka robustheit og styrkt utviklingsevne i næringslivet og kommunen.";
    areas_intro: "Fra Omstillingsplan er det definert {n} prioriterte innsatsområder med potensial for videre utvikling og vekst, og som skal bidra til å nå målene for omstillingsarbeidet:",
        "Frå omstillingsplanen er det definert {n} prioriterte innsatsområde med potensial for vidare utvikling og vekst, og som skal bidra til å nå måla for omstillingsarbeidet:";
    jobs_intro: "Årlig periodiserte arbeidsplassmål fordelt på innsatsområde:", "Årleg periodiserte arbeidsplassmål fordelte på innsatsområde:";
    jobs_sum_row: "Sum arbeidsplasser pr år", "Sum arbeidsplassar per år";
    jobs_none_row: "Innsatsområder uten arbeidsplassmål", "Innsatsområde utan arbeidsplassmål";
    jobs_none_note: "Innsatsområdet har ikke arbeidsplasser som mål, men skal understøtte de andre innsatsområdene.",
        "Innsatsområdet har ikkje arbeidsplassar som mål, men skal støtte opp under dei andre innsatsområda.";
    h1_1: "Resultater fra tidligere omstillingsår", "Resultat frå tidlegare omstillingsår";
    first_year: "Dette er det første omstillingsåret, så det er ingen resultater fra tidligere år.",
        "Dette er det første omstillingsåret, så det finst ingen resultat frå tidlegare år.";
    results_cols: "År · Mål · Nye arbeidsplasser · Sikrede arbeidsplasser · Oppnådd · Måloppnåelse",
        "År · Mål · Nye arbeidsplassar · Sikra arbeidsplassar · Oppnådd · Måloppnåing";
    h2: "Strategier og tiltak for innsatsområdene", "Strategiar og tiltak for innsatsområda";
    h2_intro: "For hvert innsatsområde er det utviklet strategier. Disse er beskrevet i Omstillingsplan og konkretisert med mulige prosjekter og tiltak, prosjektmål og ressursinnsats i årlig Handlingsplan. Prioriteringene av prosjekter og tiltak i årlig Handlingsplan skal ivareta målet om å styrke utviklingsevnen i næringslivet og kommunen, i tillegg til de øvrige målene som er definert i Omstillingsplan.",
        "For kvart innsatsområde er det utvikla strategiar. Desse er skildra i omstillingsplanen og konkretiserte med moglege prosjekt og tiltak, prosjektmål og ressursinnsats i den årlege handlingsplanen. Prioriteringane av prosjekt og tiltak i den årlege handlingsplanen skal ta vare på målet om å styrkje utviklingsevna i næringslivet og kommunen, i tillegg til dei andre måla som er definerte i omstillingsplanen.";
    area_fields: "Beskrivelse · Effektmål · Resultatmål {year}", "Skildring · Effektmål · Resultatmål {year}";
    strategy_cols: "Strategi · Prosjekter og tiltak · Prosjektmål · Budsjett (kr)", "Strategi · Prosjekt og tiltak · Prosjektmål · Budsjett (kr)";
    strategy_rows: "Prosjektkostnader · Søkbare midler · Sum innsatsområde", "Prosjektkostnader · Søkbare midlar · Sum innsatsområde";
    strategy_note: "«Sum innsatsområde» er (1) prosjektkostnader for programmet og (2) avsatte midler til søknader fra næringsliv og andre.",
        "«Sum innsatsområde» er (1) prosjektkostnader for programmet og (2) midlar sette av til søknader frå næringsliv og andre.";
    no_projects: "Ingen prosjekter i {year}", "Ingen prosjekt i {year}";
    h3: "Ressursinnsats og finansiering", "Ressursinnsats og finansiering";
    h3_1: "Ressursinnsats fordelt på innsatsområdene", "Ressursinnsats fordelt på innsatsområda";
    resource_cols: "Innsatsområde · Prosjektkostnader · Søkbare midler · Programmets ressursinnsats · Sum kostnader",
        "Innsatsområde · Prosjektkostnader · Søkbare midlar · Ressursinnsatsen til programmet · Sum kostnader";
    resource_rows: "Delsum · Administrative kostnader til programledelse · Samlet kostnad",
        "Delsum · Administrative kostnader til programleiing · Samla kostnad";
    admin_note: "Administrative kostnader til programledelse omfatter forberedelse og gjennomføring av styremøter, saksbehandling, rapportering og annet nødvendig administrativt arbeid.",
        "Administrative kostnader til programleiing omfattar førebuing og gjennomføring av styremøte, sakshandsaming, rapportering og anna nødvendig administrativt arbeid.";
    h3_2: "Finansiering", "Finansiering";
    financing_cols: "Finansieringskilde · Andel · Sum (kr)", "Finansieringskjelde · Del · Sum (kr)";
    financing_total: "Totalt", "Totalt";
    h4: "Kommunikasjonsplan", "Kommunikasjonsplan";
    h4_intro: "For hvert omstillingsår utarbeides det en kommunikasjonsplan i tråd med den definerte kommunikasjonsstrategien. Denne inneholder konkrete kommunikasjonstiltak og aktiviteter for omstillingsarbeidet i {year}. Målet er å sikre et helhetlig og aktivt kommunikasjonsarbeid for å spre viktig informasjon om omstillingsprogrammet og lokale initiativ, samt bidra til engasjement hos sentrale målgrupper.",
        "For kvart omstillingsår blir det utarbeidd ein kommunikasjonsplan i tråd med den definerte kommunikasjonsstrategien. Han inneheld konkrete kommunikasjonstiltak og aktivitetar for omstillingsarbeidet i {year}. Målet er å sikre eit heilskapleg og aktivt kommunikasjonsarbeid for å spreie viktig informasjon om omstillingsprogrammet og lokale initiativ, og bidra til engasjement hos sentrale målgrupper.";
    wheel: "Årshjul {year}", "Årshjul {year}";
    activity_cols: "Måned · Aktivitet · Målgruppe · Kanal · Ansvarlig", "Månad · Aktivitet · Målgruppe · Kanal · Ansvarleg";
    months: "januar · februar · mars · april · mai · juni · juli · august · september · oktober · november · desember",
        "januar · februar · mars · april · mai · juni · juli · august · september · oktober · november · desember";

    // ---- extra: table captions and column names ----
    /// First column of the job-target and the per-year results tables.
    col_focus_area: "Innsatsområde", "Innsatsområde";
    /// Last column of the job-target table, and sum rows of the results tables.
    col_sum: "Sum", "Sum";
    caption_jobs: "Arbeidsplassmål fordelt på innsatsområde og år", "Arbeidsplassmål fordelte på innsatsområde og år";
    caption_results: "Resultater per år", "Resultat per år";
    caption_results_year: "Resultater {year} fordelt på innsatsområde", "Resultat {year} fordelte på innsatsområde";
    caption_strategies: "Strategier, prosjekter og budsjett – {area}", "Strategiar, prosjekt og budsjett – {area}";
    caption_resources: "Ressursinnsats fordelt på innsatsområdene {year} (kr)", "Ressursinnsats fordelt på innsatsområda {year} (kr)";
    caption_financing: "Finansiering {year}", "Finansiering {year}";
    caption_activities: "Aktivitetsplan {year}", "Aktivitetsplan {year}";
    /// Sheet names of the workbook (the areas' sheets are `2.n {area}`).
    sheet_jobs: "Arbeidsplassmål", "Arbeidsplassmål";
    sheet_resources: "3.1 Ressursinnsats", "3.1 Ressursinnsats";
    sheet_financing: "3.2 Finansiering", "3.2 Finansiering";
    /// Note to «Programmets ressursinnsats» in table 3.1.
    resources_note: "Programmets ressursinnsats er programmets egen arbeidsinnsats i innsatsområdet, regnet om til kroner.",
        "Ressursinnsatsen til programmet er den eigne arbeidsinnsatsen til programmet i innsatsområdet, rekna om til kroner.";

    // ---- extra: texts in place of missing content ----
    not_filled_in: "(ikke fylt ut)", "(ikkje fylt ut)";
    no_results: "Det er ikke registrert resultater fra tidligere omstillingsår.", "Det er ikkje registrert resultat frå tidlegare omstillingsår.";
    no_strategies: "Innsatsområdet har ingen strategier.", "Innsatsområdet har ingen strategiar.";
    financing_unavailable: "Finansieringen kan ikke regnes ut før feilene i finansieringen er rettet.", "Finansieringa kan ikkje reknast ut før feila i finansieringa er retta.";
    financing_empty: "Planen har ingen finansieringskilder.", "Planen har ingen finansieringskjelder.";
    no_activities: "Planen har ingen kommunikasjonsaktiviteter.", "Planen har ingen kommunikasjonsaktivitetar.";
    no_focus_areas: "Planen har ingen innsatsområder.", "Planen har ingen innsatsområde.";

    // ---- extra: figures (captions and text alternatives that state the data) ----
    figure_jobs: "Arbeidsplassmål per år", "Arbeidsplassmål per år";
    figure_jobs_alt: "Stolpediagram over arbeidsplassmålene per år: {list}. Til sammen {total} arbeidsplasser.",
        "Stolpediagram over arbeidsplassmåla per år: {list}. Til saman {total} arbeidsplassar.";
    figure_results: "Mål og oppnådde arbeidsplasser per år", "Mål og oppnådde arbeidsplassar per år";
    figure_results_alt: "Stolpediagram over mål og oppnådde arbeidsplasser: {list}.", "Stolpediagram over mål og oppnådde arbeidsplassar: {list}.";
    figure_results_item: "{year}: mål {target}, oppnådd {achieved}", "{year}: mål {target}, oppnådd {achieved}";
    figure_wheel_alt: "Årshjul med kommunikasjonsaktivitetene i {year}, hver i sin måned: {list}.",
        "Årshjul med kommunikasjonsaktivitetane i {year}, kvar i sin månad: {list}.";
    figure_wheel_empty_month: "ingen aktiviteter", "ingen aktivitetar";

    // ---- the Omstillingsplan's document (omstillingsplan.md §6) ----
    op_title: "Omstillingsplan {from}–{to}", "Omstillingsplan {from}–{to}";
    op_h1: "Bakgrunn", "Bakgrunn";
    op_h2: "Visjon og mål", "Visjon og mål";
    op_h3: "Innsatsområder", "Innsatsområde";
    op_h4: "Organisering", "Organisering";
    op_h5: "Ressursinnsats og finansiering", "Ressursinnsats og finansiering";
    op_h6: "Kommunikasjonsstrategi", "Kommunikasjonsstrategi";
    /// Labels of section 2: the vision and the three goals.
    op_goal_fields: "Visjon · Hovedmål · Delmål for robusthet · Delmål for utviklingsevne",
        "Visjon · Hovudmål · Delmål for robustheit · Delmål for utviklingsevne";
    op_goal_text: "Omstillingsarbeidet i {area} skal bidra til å sikre og skape {total} arbeidsplasser i perioden {from} til {to}.",
        "Omstillingsarbeidet i {area} skal bidra til å sikre og skape {total} arbeidsplassar i perioden {from} til {to}.";
    op_areas_intro: "Omstillingsplanen har {n} prioriterte innsatsområder:", "Omstillingsplanen har {n} prioriterte innsatsområde:";
    /// Labels of an area's sub-section.
    op_area_fields: "Beskrivelse · Effektmål · Resultatmål · Strategier", "Skildring · Effektmål · Resultatmål · Strategiar";
    op_frames_intro: "Den økonomiske rammen per år, fordelt på innsatsområdene, og programmets samlede ramme:",
        "Den økonomiske ramma per år, fordelt på innsatsområda, og den samla ramma til programmet:";
    op_frames_rows: "Sum innsatsområdene · Programmets samlede ramme", "Sum innsatsområda · Samla ramme for programmet";
    op_frames_none: "Omstillingsplanen har ingen økonomisk ramme.", "Omstillingsplanen har inga økonomisk ramme.";
    op_caption_frames: "Økonomisk ramme fordelt på innsatsområde og år (kr)", "Økonomisk ramme fordelt på innsatsområde og år (kr)";
    op_sheet_frames: "Økonomisk ramme", "Økonomisk ramme";
    op_footer: "{programme} – Omstillingsplan {from}–{to}", "{programme} – Omstillingsplan {from}–{to}";
    op_description: "Omstillingsplan {from}–{to} for omstillingsprogrammet {programme} i {area}",
        "Omstillingsplan {from}–{to} for omstillingsprogrammet {programme} i {area}";

    // ---- extra: page furniture ----
    /// Footer of every page after the front page.
    footer: "{programme} – Handlingsplan {year}", "{programme} – Handlingsplan {year}";
    /// `Side 3 av 9` in the footer.
    page: "Side", "Side";
    page_of: "av", "av";
    /// Document description in the file properties.
    description: "Handlingsplan {year} for omstillingsprogrammet {programme} i {area}",
        "Handlingsplan {year} for omstillingsprogrammet {programme} i {area}";
    logo_alt: "Logo for {programme}", "Logo for {programme}";
    /// HTML: the label of the navigation landmark that holds the contents.
    contents_label: "Innholdsfortegnelse", "Innhaldsliste";
    /// DOCX: the text of the table of contents before Word updates it.
    contents_update_hint: "Oppdater innholdsfortegnelsen i Word med F9 for å se sidetall.",
        "Oppdater innhaldslista i Word med F9 for å sjå sidetal.";
}

/// The catalogue of a language.
pub fn catalogue(language: Language) -> &'static Catalogue {
    match language {
        Language::Bokmal => &BOKMAL,
        Language::Nynorsk => &NYNORSK,
    }
}

/// Fills `{name}` placeholders from `values`; an unknown placeholder stays as written.
/// Values are inserted as they are: escaping is the renderer's job.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The items of a list-valued entry (`"År · Mål · …"` → `["År", "Mål", …]`).
pub fn items(text: &str) -> Vec<&str> {
    text.split(" · ").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words and phrases that are bokmål only; none may appear in a nynorsk fixed text.
    const BOKMAL_ONLY: [&str; 33] = [
        "arbeidsplasser",
        "søkbare midler",
        "samlet",
        "finansieringskilde",
        "fra ",
        "strategier",
        "resultater",
        "ikke",
        "hvert",
        "innsatsområdene",
        "innsatsområder",
        "beskrevet",
        "beskrivelse",
        "programledelse",
        "målene",
        "ansvarlig",
        "måned",
        "sikrede",
        "behandlet",
        " uten ",
        "innhold",
        "egen ",
        "regnet",
        "prosjekter",
        "aktiviteter",
        "kilder",
        "måloppnåelse",
        "andel",
        "sammen",
        "utarbeides",
        "denne ",
        "inneholder",
        "pr år",
    ];

    #[test]
    fn nynorsk_has_no_bokmal_words() {
        for (key, text) in NYNORSK.entries() {
            let lower = text.to_lowercase();
            for word in BOKMAL_ONLY {
                assert!(
                    !lower.contains(word),
                    "nn text `{key}` holds the bokmål `{word}`: {text}"
                );
            }
        }
    }

    #[test]
    fn bokmal_uses_the_words_the_check_looks_for() {
        // The check above must be able to fail: the same words occur in bokmål.
        let all: String = BOKMAL
            .entries()
            .iter()
            .map(|(_, text)| text.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        let found = BOKMAL_ONLY.iter().filter(|w| all.contains(*w)).count();
        assert!(found >= 25, "only {found} bokmål-only words in bokmål");
    }

    #[test]
    fn both_languages_have_every_key_filled_and_same_placeholders() {
        let nb = BOKMAL.entries();
        let nn = NYNORSK.entries();
        assert_eq!(nb.len(), nn.len());
        for ((key, bokmal), (_, nynorsk)) in nb.iter().zip(&nn) {
            assert!(
                !bokmal.trim().is_empty() && !nynorsk.trim().is_empty(),
                "{key}"
            );
            let names = |t: &str| {
                let mut v: Vec<String> = t
                    .split('{')
                    .skip(1)
                    .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_owned()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(names(bokmal), names(nynorsk), "placeholders of {key}");
            assert_eq!(
                items(bokmal).len(),
                items(nynorsk).len(),
                "list length of {key}"
            );
        }
    }

    #[test]
    fn months_match_the_plan_crate() {
        for language in [Language::Bokmal, Language::Nynorsk] {
            let months = items(catalogue(language).months);
            assert_eq!(months, plan::norwegian::MONTHS);
        }
    }

    #[test]
    fn fill_replaces_known_names_only() {
        assert_eq!(
            fill("Handlingsplan {year} {x}", &[("year", "2027")]),
            "Handlingsplan 2027 {x}"
        );
        assert_eq!(fill("a {b", &[("b", "c")]), "a {b");
        assert_eq!(fill("{v}", &[("v", "{year}")]), "{year}");
    }
}
