//! The rules for a new password, after NIST SP 800-63B §3.1.1.2 (and OWASP ASVS 5.0
//! V6.2): long enough (8 characters, 12 for administrators), at most 256, any Unicode
//! character (no composition rules), and not guessable: refused when the `zxcvbn`
//! estimator, shipped in the binary with its lists of common passwords, names and words,
//! plus the Norwegian words below and the user's own name, scores it below 3 (fewer than
//! 10¹⁰ guesses).
//!
//! Checked wherever a password is set: `omstilling user add`, the admin page, the user's
//! own password page. Pure: no I/O; the messages are Norwegian (bokmål and nynorsk).

use plan::Language;

/// The fewest characters (Unicode scalar values) of a password.
pub const MIN_CHARS: usize = 8;
/// The fewest characters of an administrator's password.
pub const MIN_CHARS_ADMIN: usize = 12;
/// The most characters of a password.
pub const MAX_CHARS: usize = 256;
/// The estimator reads this many characters (it is slow on long input; a longer password
/// whose start is strong is strong).
const ESTIMATED_CHARS: usize = 64;

/// Words Norwegians build passwords from, which the estimator's English lists lack: it
/// then counts `passord123` or `Sommer2026!` as the few guesses they are.
const NORWEGIAN_WORDS: &[&str] = &[
    "passord",
    "passordet",
    "hemmelig",
    "hemmelighet",
    "velkommen",
    "sommer",
    "vinter",
    "høst",
    "haust",
    "vår",
    "sommerferie",
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
    "mandag",
    "tirsdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lørdag",
    "søndag",
    "norge",
    "noreg",
    "norway",
    "oslo",
    "bergen",
    "trondheim",
    "stavanger",
    "tromsø",
    "kristiansand",
    "drammen",
    "bodø",
    "ålesund",
    "molde",
    "rosenborg",
    "brann",
    "vålerenga",
    "viking",
    "lillestrøm",
    "fotball",
    "håndball",
    "ski",
    "skiskyting",
    "kjæreste",
    "elskerdeg",
    "jegelskerdeg",
    "kjærlighet",
    "hallo",
    "heisann",
    "hei",
    "takk",
    "tusentakk",
    "jul",
    "julenisse",
    "nisse",
    "påske",
    "bursdag",
    "mamma",
    "pappa",
    "familie",
    "venner",
    "hund",
    "katt",
    "hest",
    "fisk",
    "laks",
    "sol",
    "solskinn",
    "regnbue",
    "nordlys",
    "fjell",
    "fjord",
    "hytte",
    "båt",
    "bil",
    "troll",
    "prinsesse",
    "engel",
    "sjokolade",
    "kaffe",
    "pizza",
    "jente",
    "gutt",
    "skole",
    "jobb",
    "arbeid",
    "kontor",
    "bruker",
    "brukernavn",
    "admin",
    "administrator",
    "innlogging",
    "logginn",
    "kommune",
    "kommunen",
    "fylke",
    "fylkeskommune",
    "styret",
    "styreleder",
    "leder",
    "omstilling",
    "omstillingsprogram",
    "handlingsplan",
    "omstillingsplan",
    "næring",
    "næringsliv",
    "innovasjon",
    "prosjekt",
    "qwertyuiopå",
    "asdfghjkløæ",
    "zxcvbnm",
    "æøå",
    "ørret",
    "blåbær",
    "brunost",
    "lefse",
    "kanelbolle",
    "bamse",
    "gullungen",
    "skatt",
    "skatten",
    "ingenting",
    "nøkkel",
    "kode",
    "koden",
    "sikker",
    "sikkerhet",
    "startpakke",
];

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    /// A common password, a word with a few digits, the user's name …
    TooGuessable,
}

impl PasswordProblem {
    /// What the user reads.
    pub fn message(self, language: Language) -> String {
        match (self, language) {
            (PasswordProblem::TooShort { min }, Language::Bokmal) => {
                format!("Passordet må ha minst {min} tegn.")
            }
            (PasswordProblem::TooShort { min }, Language::Nynorsk) => {
                format!("Passordet må ha minst {min} teikn.")
            }
            (PasswordProblem::TooLong { max }, Language::Bokmal) => {
                format!("Passordet kan ha høyst {max} tegn.")
            }
            (PasswordProblem::TooLong { max }, Language::Nynorsk) => {
                format!("Passordet kan ha høgst {max} teikn.")
            }
            (PasswordProblem::TooGuessable, Language::Bokmal) => {
                "Passordet er for lett å gjette: det er et vanlig passord eller bygd av \
                 vanlige ord, navn, årstall eller tastemønstre. Bruk gjerne flere tilfeldige \
                 ord, med mellomrom og æ, ø, å om du vil."
                    .to_owned()
            }
            (PasswordProblem::TooGuessable, Language::Nynorsk) => {
                "Passordet er for lett å gjette: det er eit vanleg passord eller bygd av \
                 vanlege ord, namn, årstal eller tastemønster. Bruk gjerne fleire tilfeldige \
                 ord, med mellomrom og æ, ø, å om du vil."
                    .to_owned()
            }
        }
    }
}

/// Whose password it is.
#[derive(Debug, Clone, Copy)]
pub struct PasswordOwner<'a> {
    pub name: &'a str,
    /// A global administrator: a longer minimum.
    pub admin: bool,
}

/// Checks a new password against the rules; `Ok` when it may be set.
pub fn check(password: &str, owner: PasswordOwner<'_>) -> Result<(), PasswordProblem> {
    let min = if owner.admin {
        MIN_CHARS_ADMIN
    } else {
        MIN_CHARS
    };
    let chars = password.chars().count();
    if chars < min {
        return Err(PasswordProblem::TooShort { min });
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong { max: MAX_CHARS });
    }
    let estimated: String = password.chars().take(ESTIMATED_CHARS).collect();
    let mut known: Vec<&str> = NORWEGIAN_WORDS.to_vec();
    known.push(owner.name);
    known.extend(
        owner
            .name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|part| part.len() > 2),
    );
    let estimate = zxcvbn::zxcvbn(&estimated, &known);
    if estimate.score() < zxcvbn::Score::Three {
        return Err(PasswordProblem::TooGuessable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KARI: PasswordOwner<'static> = PasswordOwner {
        name: "kari.nordmann",
        admin: false,
    };
    const ADMIN: PasswordOwner<'static> = PasswordOwner {
        name: "admin",
        admin: true,
    };

    #[test]
    fn common_and_norwegian_passwords_are_refused() {
        for password in [
            "passwordpassword",
            "password1",
            "passord123",
            "Passord123!",
            "sommer2026",
            "Sommer2026!",
            "vinter2025",
            "qwertyuiop",
            "12345678",
            "iloveyou",
            "fotball123",
            "kari.nordmann1",
            "Nordmann2026",
            "omstilling2026",
            "aaaaaaaaaaaa",
        ] {
            assert_eq!(
                check(password, KARI),
                Err(PasswordProblem::TooGuessable),
                "{password}"
            );
        }
    }

    #[test]
    fn long_unusual_passwords_in_any_script_are_taken() {
        for password in [
            "korrekt hest batteri stift",
            "blåbær på fjellet i juli",
            "blåbærsyltetøy på søndagsturen",
            "Fjellet gløder, fjorden ligg blank",
            "🦊 rev i hønsegården 🐔",
            "ɡʁøn tøfel i ʃɔkolade",
            "xkq7-m2vp-zr9w",
        ] {
            assert_eq!(check(password, KARI), Ok(()), "{password}");
        }
        // Eight emoji are eight characters (32 bytes): long enough.
        assert_ne!(
            check("🦊🐔🦉🐟🌲🏔🌊🧀", KARI),
            Err(PasswordProblem::TooShort { min: 8 })
        );
        assert_eq!(
            check("🦊🐔🦉🐟🌲🏔🌊", KARI),
            Err(PasswordProblem::TooShort { min: 8 })
        );
    }

    #[test]
    fn lengths_count_characters_and_admins_need_twelve() {
        assert_eq!(
            check("æøå7!Zq", KARI),
            Err(PasswordProblem::TooShort { min: 8 })
        );
        assert_eq!(check("xkq7-m2vp-z", KARI), Ok(()));
        assert_eq!(
            check("xkq7-m2vp-z", ADMIN),
            Err(PasswordProblem::TooShort { min: 12 })
        );
        assert_eq!(check("xkq7-m2vp-zr9w", ADMIN), Ok(()));
        let long = format!("xkq7-m2vp-zr9w {}", "ø".repeat(242));
        assert_eq!(long.chars().count(), 257);
        assert_eq!(
            check(&long, KARI),
            Err(PasswordProblem::TooLong { max: 256 })
        );
        assert_eq!(check(&long[..long.len() - 2], KARI), Ok(()));
    }

    #[test]
    fn messages_are_norwegian_in_both_written_forms() {
        let short = PasswordProblem::TooShort { min: 12 };
        assert_eq!(
            short.message(Language::Bokmal),
            "Passordet må ha minst 12 tegn."
        );
        assert_eq!(
            short.message(Language::Nynorsk),
            "Passordet må ha minst 12 teikn."
        );
        assert!(
            PasswordProblem::TooGuessable
                .message(Language::Nynorsk)
                .contains("vanleg passord")
        );
    }
}
