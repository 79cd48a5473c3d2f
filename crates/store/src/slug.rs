//! A programme's short name in addresses (`fjordvik-vekst`), parsed once at the edge.
//!
//! Every way a slug comes in (a path segment, `omstilling programme add`, a seed file) goes
//! through [`Slug::parse`]; the store takes only a [`Slug`], so no lookup or insert ever sees
//! text that could not be a programme's address.

use std::fmt;

/// The longest slug, in bytes (all its characters are ASCII).
pub const MAX_LEN: usize = 60;

/// A programme's slug: 1–60 characters of `a`–`z`, `0`–`9` and `-`, not starting with `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

/// Why a text is not a slug; its `Display` is the Norwegian (bokmål) message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlugError {
    Empty,
    TooLong,
    /// A character other than `a`–`z`, `0`–`9` and `-`, or a leading `-`.
    Character,
}

impl fmt::Display for SlugError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SlugError::Empty => "kortnavnet mangler",
            SlugError::TooLong => "kortnavnet kan ha høyst 60 tegn",
            SlugError::Character => {
                "kortnavnet kan bare ha små bokstaver a–z, tall og bindestrek, og kan ikke begynne med bindestrek"
            }
        })
    }
}

impl std::error::Error for SlugError {}

impl Slug {
    /// Reads a slug exactly as written (no trimming, no case folding: `Fjordvik` is refused,
    /// not changed).
    pub fn parse(text: &str) -> Result<Slug, SlugError> {
        if text.is_empty() {
            return Err(SlugError::Empty);
        }
        if text.len() > MAX_LEN {
            return Err(SlugError::TooLong);
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if !text.chars().all(allowed) || text.starts_with('-') {
            return Err(SlugError::Character);
        }
        Ok(Slug(text.to_owned()))
    }

    /// A slug read back from the database, which only ever stored parsed ones.
    pub(crate) fn stored(text: String) -> Slug {
        Slug(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Slug {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Slug {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Slug {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl std::str::FromStr for Slug {
    type Err = SlugError;
    fn from_str(text: &str) -> Result<Slug, SlugError> {
        Slug::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_is_lowercase_ascii_digits_and_hyphens() {
        assert_eq!(
            Slug::parse("fjordvik-vekst").unwrap().as_str(),
            "fjordvik-vekst"
        );
        assert_eq!(Slug::parse("p2026").unwrap(), "p2026");
        assert_eq!(Slug::parse(""), Err(SlugError::Empty));
        assert_eq!(Slug::parse("Fjordvik"), Err(SlugError::Character));
        assert_eq!(Slug::parse("a/b"), Err(SlugError::Character));
        assert_eq!(Slug::parse("-a"), Err(SlugError::Character));
        assert_eq!(Slug::parse("fjordvík"), Err(SlugError::Character));
        assert_eq!(Slug::parse(" a"), Err(SlugError::Character));
        assert!(Slug::parse(&"a".repeat(60)).is_ok());
        assert_eq!(Slug::parse(&"a".repeat(61)), Err(SlugError::TooLong));
    }
}
