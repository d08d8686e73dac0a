//! The languages the service speaks, and messages as data: the domain says
//! *what* to tell someone (a catalogue key and its arguments); the edge that
//! answers picks the words in the reader's language (`crate::i18n`).

use chrono::{DateTime, Utc};

/// English or Welsh (Welsh Language Standards: neither less favourably).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Cy,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Cy];

    /// The stored and cookie value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "en" => Some(Lang::En),
            "cy" => Some(Lang::Cy),
            _ => None,
        }
    }

    /// For `<html lang>` and `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en-GB",
            Lang::Cy => "cy",
        }
    }

    /// The other one: what the switch link offers.
    pub fn other(self) -> Self {
        match self {
            Lang::En => Lang::Cy,
            Lang::Cy => Lang::En,
        }
    }

    /// The reader's first choice among ours in an `Accept-Language` header
    /// (RFC 9110 12.5.4: quality values, `q=0` refuses), or None.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (i, item) in header.split(',').enumerate().take(32) {
            let mut parts = item.split(';');
            let range = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_string))
                .map_or(Some(1.0), |v| v.trim().parse::<f32>().ok())
                .filter(|q| (0.0..=1.0).contains(q));
            let Some(q) = q.filter(|q| *q > 0.0) else {
                continue;
            };
            let primary = range.split('-').next().unwrap_or("");
            let Some(lang) = Lang::parse(primary) else {
                continue;
            };
            // Highest quality wins; among equals, the one listed first.
            if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
                best = Some((q, i, lang));
            }
        }
        best.map(|(_, _, l)| l)
    }
}

/// The catalogue keys of the months' names, January first, and of their
/// short forms ("Nov", "Tach").
pub const MONTHS: [&str; 12] = [
    "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
    "month-9", "month-10", "month-11", "month-12",
];
pub const SHORT_MONTHS: [&str; 12] = [
    "month-short-1",
    "month-short-2",
    "month-short-3",
    "month-short-4",
    "month-short-5",
    "month-short-6",
    "month-short-7",
    "month-short-8",
    "month-short-9",
    "month-short-10",
    "month-short-11",
    "month-short-12",
];
/// Short weekday names ("Sun", "Sul"), Monday first.
pub const SHORT_WEEKDAYS: [&str; 7] = [
    "weekday-short-1",
    "weekday-short-2",
    "weekday-short-3",
    "weekday-short-4",
    "weekday-short-5",
    "weekday-short-6",
    "weekday-short-7",
];

/// The catalogue keys of the days of the week, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "weekday-1",
    "weekday-2",
    "weekday-3",
    "weekday-4",
    "weekday-5",
    "weekday-6",
    "weekday-7",
];

/// A value a message is given. Times are instants: the edge shows them in
/// UK time, in the reader's conventions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as given (a name, a reference, a code).
    Text(String),
    /// A number: plural forms are chosen on it.
    Num(i64),
    /// 24-hour UK time, "14:05".
    Time(DateTime<Utc>),
    /// A UK date, "1 December 2026" / "1 Rhagfyr 2026".
    Date(DateTime<Utc>),
    /// A UK date with its weekday, "Tuesday 1 December 2026".
    Day(DateTime<Utc>),
    /// Another message (a label), in the same language.
    Msg(Box<Msg>),
}

/// Something to tell a person: a catalogue key and its named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub const fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToArg) -> Self {
        self.args.push((name, value.to_arg()));
        self
    }
}

impl From<&'static str> for Msg {
    /// A catalogue key without arguments.
    fn from(key: &'static str) -> Self {
        Msg::new(key)
    }
}

/// What can be given to a message as an argument (through any number of
/// references: templates pass them so).
pub trait ToArg {
    fn to_arg(&self) -> Arg;
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg {
        (**self).to_arg()
    }
}
impl ToArg for Arg {
    fn to_arg(&self) -> Arg {
        self.clone()
    }
}
impl ToArg for String {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.clone())
    }
}
impl ToArg for str {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.to_string())
    }
}
macro_rules! num_arg {
    ($($t:ty),+) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg {
                Arg::Num(*self as i64)
            }
        }
    )+};
}
num_arg!(i64, i32, i16, u32, usize, u64);
impl ToArg for Msg {
    fn to_arg(&self) -> Arg {
        Arg::Msg(Box::new(self.clone()))
    }
}

/// `msg!("key")`, `msg!("key", name = value, ...)`: a [`Msg`].
#[macro_export]
macro_rules! msg {
    ($key:literal $(,)?) => {
        $crate::domain::lang::Msg::new($key)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::domain::lang::Msg::new($key)$(.arg(stringify!($name), $value))+
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_readers_first_choice_among_ours() {
        let pick = |h: &str| Lang::from_accept_language(h);
        assert_eq!(pick("cy"), Some(Lang::Cy));
        assert_eq!(pick("cy-GB,cy;q=0.9,en-GB;q=0.8"), Some(Lang::Cy));
        assert_eq!(pick("en-GB,en;q=0.9,cy;q=0.8"), Some(Lang::En));
        assert_eq!(pick("fr,cy;q=0.5,en;q=0.4"), Some(Lang::Cy));
        assert_eq!(pick("en;q=0.5, CY;q=0.7"), Some(Lang::Cy));
        assert_eq!(pick("cy;q=0,en;q=0.1"), Some(Lang::En));
        assert_eq!(pick("fr,de"), None);
        assert_eq!(pick(""), None);
        assert_eq!(pick("cy;q=abc"), None);
        assert_eq!(pick("cy;q=2"), None);
    }

    #[test]
    fn a_message_carries_its_key_and_arguments() {
        let m = crate::msg!("handover-before-arrival", reference = "S136-1", n = 3);
        assert_eq!(m.key, "handover-before-arrival");
        assert_eq!(
            m.args,
            vec![
                ("reference", Arg::Text("S136-1".into())),
                ("n", Arg::Num(3))
            ]
        );
    }
}
