//! The UN's 17 sustainable development goals (*bærekraftsmål*), named in bokmål and nynorsk.

use crate::common::Language;

const NAMES: [(&str, &str); 17] = [
    ("Utrydde fattigdom", "Utrydde fattigdom"),
    ("Utrydde sult", "Utrydde svolt"),
    ("God helse og livskvalitet", "God helse og livskvalitet"),
    ("God utdanning", "God utdanning"),
    ("Likestilling mellom kjønnene", "Likestilling mellom kjønna"),
    (
        "Rent vann og gode sanitærforhold",
        "Reint vatn og gode sanitærforhold",
    ),
    ("Ren energi til alle", "Rein energi til alle"),
    (
        "Anstendig arbeid og økonomisk vekst",
        "Anstendig arbeid og økonomisk vekst",
    ),
    (
        "Industri, innovasjon og infrastruktur",
        "Industri, innovasjon og infrastruktur",
    ),
    ("Mindre ulikhet", "Mindre ulikskap"),
    (
        "Bærekraftige byer og lokalsamfunn",
        "Berekraftige byar og lokalsamfunn",
    ),
    (
        "Ansvarlig forbruk og produksjon",
        "Ansvarleg forbruk og produksjon",
    ),
    ("Stoppe klimaendringene", "Stoppe klimaendringane"),
    ("Livet i havet", "Livet i havet"),
    ("Livet på land", "Livet på land"),
    (
        "Fred, rettferdighet og velfungerende institusjoner",
        "Fred, rettferd og velfungerande institusjonar",
    ),
    ("Samarbeid for å nå målene", "Samarbeid for å nå måla"),
];

/// The name of goal `number` (1–17) in the language, or `None` outside 1–17.
pub fn name(number: i64, language: Language) -> Option<&'static str> {
    let index = usize::try_from(number).ok()?.checked_sub(1)?;
    let (bokmal, nynorsk) = NAMES.get(index)?;
    Some(language.pick(bokmal, nynorsk))
}

/// `13. Stoppe klimaendringene`, as the strategy table shows it.
pub fn label(number: i64, language: Language) -> Option<String> {
    name(number, language).map(|name| format!("{number}. {name}"))
}
