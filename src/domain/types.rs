//! Validated input. Parse once at the edge; the rest of the code trusts these.

use std::fmt;

use crate::domain::lang::{Msg, ToArg};
use crate::msg;

macro_rules! string_newtype {
    ($name:ident) => {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn into_inner(self) -> String {
                self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

string_newtype!(CollarNumber);
string_newtype!(OrgCode);
string_newtype!(Username);
string_newtype!(Reference);

impl CollarNumber {
    /// 1 to 12 letters and digits (forces differ: "4521", "PC1234", "MPS123456").
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let s: String = raw.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(Msg::new("case-collar-enter"));
        }
        if s.len() > 12 || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Msg::new("case-collar-format"));
        }
        Ok(Self(s))
    }
}

impl OrgCode {
    /// Force and site codes: 2 to 16 capital letters, digits, '-' or '_'.
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let s = raw.trim().to_ascii_uppercase();
        if s.len() < 2
            || s.len() > 16
            || !s
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(Msg::new("admin-code-format"));
        }
        Ok(Self(s))
    }
}

impl Username {
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let s = raw.trim().to_ascii_lowercase();
        // An email address is allowed, so single sign-on can match accounts
        // by the provider's `email` claim.
        if s.len() < 2
            || s.len() > 100
            || !s
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
        {
            return Err(Msg::new("admin-username-format"));
        }
        Ok(Self(s))
    }
}

impl Reference {
    /// "S136-2026-000042": the year of arrival (Europe/London) and the episode id.
    pub fn new(year: i32, id: i64) -> Self {
        Self(format!("S136-{year}-{id:06}"))
    }
    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim().to_ascii_uppercase();
        let ok = s.is_ascii()
            && s.len() >= 16
            && s.len() <= 24
            && s.starts_with("S136-")
            && s[5..9].chars().all(|c| c.is_ascii_digit())
            && &s[9..10] == "-"
            && s[10..].chars().all(|c| c.is_ascii_digit());
        ok.then_some(Self(s))
    }
}

/// Whether text may be stored: no control characters (NUL, escape, backspace
/// ...), which nobody types and PostgreSQL refuses (NUL), except tab and line
/// breaks (CR LF from a browser) in text that may run over several lines.
pub fn check_text(s: &str, multiline: bool, what: impl ToArg) -> Result<(), Msg> {
    let allowed = |c: char| multiline && matches!(c, '\t' | '\n' | '\r');
    if s.chars().any(|c| c.is_control() && !allowed(c)) {
        let key = if multiline {
            "case-text-control"
        } else {
            "case-text-control-line"
        };
        Err(Msg::new(key).arg("what", what))
    } else {
        Ok(())
    }
}

/// Free text: trimmed, `None` when blank, refused over `max` characters or
/// with control characters other than tab and line breaks. `what` is the
/// field's name as a sentence starts it, from the catalogue ("The notes").
pub fn optional_text(raw: Option<&str>, max: usize, what: Msg) -> Result<Option<String>, Msg> {
    bounded_text(raw, max, what, true)
}

/// One line of free text (a name, a label): as `optional_text`, without tabs
/// or line breaks.
pub fn optional_line(raw: Option<&str>, max: usize, what: Msg) -> Result<Option<String>, Msg> {
    bounded_text(raw, max, what, false)
}

fn bounded_text(
    raw: Option<&str>,
    max: usize,
    what: Msg,
    multiline: bool,
) -> Result<Option<String>, Msg> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) if s.chars().count() > max => {
            Err(msg!("case-text-too-long", what = what, max = max))
        }
        Some(s) => check_text(s, multiline, what).map(|()| Some(s.to_string())),
    }
}

/// Passwords: at least 10 characters (NCSC: length over complexity).
/// Password rules, after the NCSC's guidance: length over complexity, no
/// composition rules, no expiry, and none of the most used passwords. The
/// whole password is hashed (never truncated); the upper bound only keeps
/// one request's hashing cheap and is far past what anyone types.
pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 1000;

/// The shipped list of the most used passwords (its source is in its header).
const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

fn is_common_password(raw: &str) -> bool {
    COMMON_PASSWORDS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .any(|l| l.eq_ignore_ascii_case(raw))
}

pub fn check_password(raw: &str) -> Result<(), Msg> {
    let n = raw.chars().count();
    if n < PASSWORD_MIN_CHARS {
        Err(crate::msg!(
            "account-password-short",
            n = PASSWORD_MIN_CHARS
        ))
    } else if n > PASSWORD_MAX_CHARS {
        Err(crate::msg!("account-password-long", n = PASSWORD_MAX_CHARS))
    } else if is_common_password(raw) || is_common_password(raw.trim()) {
        Err(Msg::new("account-password-common"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_follow_the_ncsc_rules() {
        assert!(check_password("eleven char").is_err());
        assert!(check_password("twelve chars").is_ok());
        // On the shipped list (12 characters or more), in any case.
        assert!(check_password("1qaz2wsx3edc").is_err());
        assert!(check_password("Q1W2E3R4T5Y6").is_err());
        assert!(check_password("startfinding").is_err());
        assert!(check_password(&"x".repeat(PASSWORD_MAX_CHARS)).is_ok());
        assert!(check_password(&"x".repeat(PASSWORD_MAX_CHARS + 1)).is_err());
        // Characters, not bytes: 12 non-ASCII letters are enough.
        assert!(check_password("ééééééééééé").is_err());
        assert!(check_password("éééééééééééé").is_ok());
    }

    #[test]
    fn collar_numbers() {
        assert_eq!(CollarNumber::parse(" pc4521 ").unwrap().as_str(), "PC4521");
        assert!(CollarNumber::parse("").is_err());
        assert!(CollarNumber::parse("45 21").is_err());
        assert!(CollarNumber::parse("1234567890123").is_err());
    }

    #[test]
    fn references() {
        assert_eq!(Reference::new(2026, 42).as_str(), "S136-2026-000042");
        assert_eq!(
            Reference::parse("s136-2026-000042").unwrap().as_str(),
            "S136-2026-000042"
        );
        assert!(Reference::parse("S136-2026-0000X2").is_none());
        assert!(Reference::parse("S136-20").is_none());
        assert!(Reference::parse("Ś136-2026-000042").is_none());
    }

    #[test]
    fn text_limits() {
        assert_eq!(
            optional_text(Some("  "), 5, Msg::new("case-what-notes")),
            Ok(None)
        );
        assert_eq!(
            optional_text(Some(" ab "), 5, Msg::new("case-what-notes")),
            Ok(Some("ab".into()))
        );
        assert!(optional_text(Some("abcdef"), 5, Msg::new("case-what-notes")).is_err());
    }

    #[test]
    fn control_characters_are_refused() {
        for bad in ["a\0b", "a\u{1b}[31mb", "a\u{7f}", "a\u{85}b", "\u{8}"] {
            assert!(
                optional_text(Some(bad), 50, Msg::new("case-what-notes")).is_err(),
                "{bad:?}"
            );
            assert!(
                optional_line(Some(bad), 50, Msg::new("admin-what-the-name")).is_err(),
                "{bad:?}"
            );
        }
        assert_eq!(
            optional_text(Some("line 1\r\n\tline 2"), 50, Msg::new("case-what-notes")),
            Ok(Some("line 1\r\n\tline 2".into()))
        );
        assert!(
            optional_line(Some("line 1\nline 2"), 50, Msg::new("admin-what-the-name")).is_err()
        );
        assert!(optional_line(Some("a\tb"), 50, Msg::new("admin-what-the-name")).is_err());
        assert_eq!(
            optional_line(Some(" Dr Ann Lee "), 50, Msg::new("admin-what-the-name")),
            Ok(Some("Dr Ann Lee".into()))
        );
        assert!(
            check_text(
                "Zoë Ødegård, née 李",
                false,
                Msg::new("admin-what-the-name")
            )
            .is_ok()
        );
    }
}
