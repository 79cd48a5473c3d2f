//! Writing Typst markup safely: every text from a plan becomes a Typst *string
//! literal* (`"…"` in code mode), which Typst shows verbatim. Nothing a user types
//! can therefore open markup, code, math, a label, a reference or a comment.

use std::fmt::Write;

/// `text` as a Typst string literal, quotes included: `"a \"b\" c"`.
///
/// Inside a string literal only `\` and `"` are special; line breaks and other
/// control characters are written as escapes, so the literal stays on one line.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as content in markup mode: `#"…"` (a string literal shown as text).
pub fn text(text: &str) -> String {
    format!("#{}", string(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_escape_quotes_backslashes_and_controls() {
        assert_eq!(string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(string("x\ny\r\tz"), r#""x\ny\r\tz""#);
        assert_eq!(string("\u{7}"), r#""\u{7}""#);
        assert_eq!(string("#$*_@<//"), r##""#$*_@<//""##);
    }
}
