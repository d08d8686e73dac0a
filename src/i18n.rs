//! The message catalogues (Project Fluent, one folder of `.ftl` files per
//! language under `locales/`, built into the binary) and the words of a
//! [`Msg`] in a reader's language. The edges call this: pages, the API's
//! `message`, exports and notifications; the domain only makes `Msg`s.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, langid};

pub use crate::domain::lang::{Arg, Lang, Msg, ToArg};
use crate::domain::lang::{MONTHS, WEEKDAYS};
use crate::time::london;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Fluent wraps each argument in Unicode isolation marks by default;
        // our arguments are names, codes and times in Latin script, and the
        // marks would reach CSV cells, emails and screen readers.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static CY: LanguageIdentifier = langid!("cy");

fn id(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::En => &EN,
        Lang::Cy => &CY,
    }
}

/// Keys asked for that no catalogue has (the key was shown instead), with
/// why. Tests assert it stays empty.
static MISSES: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

pub fn misses() -> Vec<String> {
    MISSES
        .lock()
        .map(|m| m.iter().cloned().collect())
        .unwrap_or_default()
}

/// In English: for logs, the command line, and the API's `message` unless
/// the client asks for Welsh.
pub fn en(m: &Msg) -> String {
    render(Lang::En, m)
}

/// The words for `key` (no arguments).
pub fn text(lang: Lang, key: &str) -> String {
    lookup(lang, key, None)
}

/// The words of a message, its arguments shown in the reader's conventions.
pub fn render(lang: Lang, m: &Msg) -> String {
    if m.args.is_empty() {
        return text(lang, m.key);
    }
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> = m
        .args
        .iter()
        .map(|(name, value)| (Cow::Borrowed(*name), value_of(lang, value)))
        .collect();
    lookup(lang, m.key, Some(&args))
}

fn lookup(
    lang: Lang,
    key: &str,
    args: Option<&HashMap<Cow<'static, str>, FluentValue<'static>>>,
) -> String {
    // Straight to the bundle (no language negotiation per call: pages make
    // dozens of these); English when Welsh lacks the key.
    let found = LOCALES
        .lookup_single_language(id(lang), key, args)
        .or_else(|e| match lang {
            Lang::En => Err(e),
            _ => LOCALES.lookup_single_language(&EN, key, args),
        });
    match found {
        Ok(s) => s,
        Err(e) => {
            record_miss(&format!("{key} ({e})"));
            key.to_string()
        }
    }
}

fn record_miss(what: &str) {
    if let Ok(mut m) = MISSES.lock()
        && m.len() < 1000
    {
        m.insert(what.to_string());
    }
}

fn value_of(lang: Lang, a: &Arg) -> FluentValue<'static> {
    match a {
        Arg::Text(s) => FluentValue::from(s.clone()),
        Arg::Num(n) => FluentValue::from(*n),
        Arg::Time(t) => FluentValue::from(time(*t)),
        Arg::Date(t) => FluentValue::from(date(lang, *t)),
        Arg::Day(t) => FluentValue::from(day(lang, *t)),
        Arg::Msg(m) => FluentValue::from(render(lang, m)),
    }
}

/// 24-hour UK time, as both languages write it: "14:05".
pub fn time(t: DateTime<Utc>) -> String {
    london(t).format("%H:%M").to_string()
}

/// A calendar day: "1 December 2026", "1 Rhagfyr 2026" (the catalogue's
/// order).
pub fn calendar_date(lang: Lang, d: NaiveDate) -> String {
    render(
        lang,
        &Msg::new("date-format")
            .arg("day", Arg::Num(d.day().into()))
            .arg("month", Arg::Text(text(lang, MONTHS[d.month0() as usize])))
            .arg("year", Arg::Num(d.year().into())),
    )
}

/// A UK date: the calendar day in London.
pub fn date(lang: Lang, t: DateTime<Utc>) -> String {
    calendar_date(lang, london(t).date_naive())
}

/// A UK date with its weekday: "Tuesday 1 December 2026", "dydd Mawrth 1
/// Rhagfyr 2026".
pub fn day(lang: Lang, t: DateTime<Utc>) -> String {
    let l = london(t);
    render(
        lang,
        &Msg::new("day-format")
            .arg(
                "weekday",
                Arg::Text(text(
                    lang,
                    WEEKDAYS[l.weekday().num_days_from_monday() as usize],
                )),
            )
            .arg("date", Arg::Text(date(lang, t))),
    )
}

/// What templates call (`l.t("key")` and so on), for one reader's language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn lang(&self) -> Lang {
        self.0
    }
    /// `<html lang>`.
    pub fn tag(&self) -> &'static str {
        self.0.tag()
    }
    pub fn t(&self, key: &str) -> String {
        text(self.0, key)
    }
    pub fn msg(&self, m: &Msg) -> String {
        render(self.0, m)
    }
    /// A message with one argument.
    pub fn a(&self, key: &'static str, name: &'static str, value: impl ToArg) -> String {
        render(self.0, &Msg::new(key).arg(name, value))
    }
    /// A message with two arguments.
    pub fn a2(
        &self,
        key: &'static str,
        n1: &'static str,
        v1: impl ToArg,
        n2: &'static str,
        v2: impl ToArg,
    ) -> String {
        render(self.0, &Msg::new(key).arg(n1, v1).arg(n2, v2))
    }
    /// A count in words: `key` with `$n` (plural forms in the catalogue).
    pub fn n(&self, key: &'static str, n: impl ToArg) -> String {
        self.a(key, "n", n)
    }
    pub fn date(&self, t: &DateTime<Utc>) -> String {
        date(self.0, *t)
    }
    pub fn day(&self, t: &DateTime<Utc>) -> String {
        day(self.0, *t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn welsh_counts_take_the_catalogues_plural_forms() {
        let n = |k: i64| render(Lang::Cy, &crate::msg!("duration-minutes", n = k));
        assert_eq!(n(1), "1 munud");
        assert_eq!(n(2), "2 funud");
        assert_eq!(n(3), "3 munud");
        assert_eq!(n(0), "0 munud");
        let e = |k: i64| render(Lang::En, &crate::msg!("duration-minutes", n = k));
        assert_eq!(
            (e(1), e(2)),
            ("1 minute".to_string(), "2 minutes".to_string())
        );
    }

    #[test]
    fn dates_follow_each_languages_conventions_in_uk_time() {
        // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST).
        let t = Utc.with_ymd_and_hms(2026, 3, 31, 23, 30, 0).unwrap();
        assert_eq!(time(t), "00:30");
        assert_eq!(date(Lang::En, t), "1 April 2026");
        assert_eq!(date(Lang::Cy, t), "1 Ebrill 2026");
        assert_eq!(day(Lang::En, t), "Wednesday 1 April 2026");
        assert_eq!(day(Lang::Cy, t), "dydd Mercher 1 Ebrill 2026");
    }

    #[test]
    fn a_key_no_catalogue_has_is_shown_as_written_and_recorded() {
        assert_eq!(text(Lang::Cy, "zz-not-a-key"), "zz-not-a-key");
        assert!(misses().iter().any(|m| m.starts_with("zz-not-a-key")));
    }
}
