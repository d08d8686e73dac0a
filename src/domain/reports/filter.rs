//! What a report covers: the period presets, the dates, site, force and
//! power, read from the query string into a checked filter.

use crate::db::DbConn;
use crate::db::orgs::{self, Force, Site};
use crate::db::reports::{self as q, EARLIEST, LATEST, Window};
use crate::domain::auth::Scope;
use crate::domain::rules::SiteKind;
use crate::error::{AppError, FieldErrors};
use chrono::{Datelike, Duration, NaiveDate};

/// The query string of a report, as typed (page, CSV and API alike).
#[derive(Debug, Clone, Default, serde::Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ReportQuery {
    pub period: String,
    pub from: String,
    pub to: String,
    pub force: String,
    pub site: String,
    pub kind: String,
    pub breached: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Last7Days,
    Last30Days,
    ThisMonth,
    LastMonth,
    ThisQuarter,
    ThisFinancialYear,
    LastFinancialYear,
    AllTime,
    Custom,
}

impl Period {
    pub const ALL: &'static [Period] = &[
        Self::Last7Days,
        Self::Last30Days,
        Self::ThisMonth,
        Self::LastMonth,
        Self::ThisQuarter,
        Self::ThisFinancialYear,
        Self::LastFinancialYear,
        Self::AllTime,
        Self::Custom,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Last7Days => "7d",
            Self::Last30Days => "30d",
            Self::ThisMonth => "this_month",
            Self::LastMonth => "last_month",
            Self::ThisQuarter => "this_quarter",
            Self::ThisFinancialYear => "this_fy",
            Self::LastFinancialYear => "last_fy",
            Self::AllTime => "all",
            Self::Custom => "custom",
        }
    }
    /// The catalogue key of its label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Last7Days => "report-period-7d",
            Self::Last30Days => "report-period-30d",
            Self::ThisMonth => "report-period-this-month",
            Self::LastMonth => "report-period-last-month",
            Self::ThisQuarter => "report-period-this-quarter",
            Self::ThisFinancialYear => "report-period-this-fy",
            Self::LastFinancialYear => "report-period-last-fy",
            Self::AllTime => "report-period-all",
            Self::Custom => "report-period-custom",
        }
    }
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.code() == code)
    }
}

pub(super) fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(EARLIEST)
}

/// 1 April of the financial year that `d` falls in.
fn financial_year_start(d: NaiveDate) -> NaiveDate {
    let y = if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    };
    ymd(y, 4, 1)
}

/// The days a preset covers, ending today (inclusive).
pub(super) fn preset_days(p: Period, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    Some(match p {
        Period::Last7Days => (today - Duration::days(6), today),
        Period::Last30Days => (today - Duration::days(29), today),
        Period::ThisMonth => (first_of_month(today), today),
        Period::LastMonth => {
            let end = first_of_month(today) - Duration::days(1);
            (first_of_month(end), end)
        }
        Period::ThisQuarter => {
            let m = (today.month() - 1) / 3 * 3 + 1;
            (ymd(today.year(), m, 1), today)
        }
        Period::ThisFinancialYear => (financial_year_start(today), today),
        Period::LastFinancialYear => {
            let start = financial_year_start(today);
            (ymd(start.year() - 1, 4, 1), start - Duration::days(1))
        }
        Period::AllTime | Period::Custom => return None,
    })
}

/// A validated report filter: the scope's own checks are done, codes resolved.
#[derive(Debug, Clone)]
pub struct ReportFilter {
    pub period: Period,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub force: Option<Force>,
    pub site: Option<Site>,
    pub kind: Option<SiteKind>,
    pub breached_only: bool,
}

impl ReportFilter {
    pub fn window(&self) -> Window {
        Window {
            from: self.from,
            to: self.to,
            force_id: self.force.as_ref().map(|f| f.id),
            site_id: self.site.as_ref().map(|s| s.id),
            site_kind: self.kind.map(|k| k.code().to_string()),
            breached_only: self.breached_only,
        }
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The same number of days just before (none for "all time").
    pub fn previous(&self) -> Option<Window> {
        if self.period == Period::AllTime {
            return None;
        }
        let len = Duration::days(self.days());
        Some(Window {
            from: self.from - len,
            to: self.from - Duration::days(1),
            ..self.window()
        })
    }

    /// The filters as `key=value` pairs (for links), dates always explicit so a
    /// shared link shows the same figures tomorrow.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut p = vec![("from", self.from.to_string()), ("to", self.to.to_string())];
        if let Some(f) = &self.force {
            p.push(("force", f.code.clone()));
        }
        if let Some(s) = &self.site {
            p.push(("site", s.code.clone()));
        }
        if let Some(k) = self.kind {
            p.push(("kind", k.code().to_string()));
        }
        if self.breached_only {
            p.push(("breached", "1".to_string()));
        }
        p
    }
}

fn flag(raw: &str, field: &str, errors: &mut FieldErrors) -> bool {
    match raw.trim() {
        "" | "0" | "false" | "off" => false,
        "1" | "true" | "on" => true,
        _ => {
            errors.add(field, "report-error-tick");
            false
        }
    }
}

fn day(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) if d >= EARLIEST && d <= LATEST => Some(d),
        Ok(_) => {
            errors.add(field, "report-error-date-range");
            None
        }
        Err(_) => {
            errors.add(field, "report-error-date");
            None
        }
    }
}

/// Turns what was typed into a filter, or field errors (nothing is counted).
/// `today` is the Europe/London date now.
pub fn parse_filter(
    conn: &mut DbConn,
    scope: Scope,
    raw: &ReportQuery,
    today: NaiveDate,
) -> Result<ReportFilter, AppError> {
    let mut errors = FieldErrors::default();
    let from = day(&raw.from, "from", &mut errors);
    let to = day(&raw.to, "to", &mut errors);
    let period = match raw.period.trim() {
        "" if from.is_some() || to.is_some() || !errors.is_empty() => Period::Custom,
        "" => Period::Last30Days,
        code => Period::parse(code).unwrap_or_else(|| {
            errors.add("period", "report-error-period");
            Period::Last30Days
        }),
    };
    let (from, to) = match period {
        Period::Custom => {
            if from.is_none() && errors.get("from").is_none() {
                errors.add("from", "report-error-from");
            }
            (from.unwrap_or(today), to.unwrap_or(today))
        }
        Period::AllTime => (
            q::first_day(conn, scope)?.unwrap_or(today).min(today),
            today,
        ),
        p => preset_days(p, today).unwrap_or((today, today)),
    };
    if to < from && errors.get("to").is_none() {
        errors.add("to", "report-error-to");
    }

    let force = match raw.force.trim() {
        "" => None,
        code => {
            let f = orgs::force_by_code(conn, &code.to_ascii_uppercase())?;
            match (&f, scope) {
                (None, _) => errors.add("force", "report-error-force"),
                (Some(f), Scope::Force(own)) if f.id != own => {
                    errors.add("force", "report-error-own-force")
                }
                _ => {}
            }
            f
        }
    };
    let site = match raw.site.trim() {
        "" => None,
        code => {
            let s = orgs::site_by_code(conn, &code.to_ascii_uppercase())?;
            match (&s, scope) {
                (None, _) => errors.add("site", "report-error-site"),
                (Some(s), Scope::Site(own)) if s.id != own => {
                    errors.add("site", "report-error-own-site")
                }
                _ => {}
            }
            s
        }
    };
    let kind = match raw.kind.trim() {
        "" => None,
        code => {
            let k = SiteKind::parse(code);
            if k.is_none() {
                errors.add("kind", "report-error-kind");
            }
            k
        }
    };
    let breached_only = flag(&raw.breached, "breached", &mut errors);
    if scope == Scope::Nothing {
        return Err(AppError::forbidden("report-error-no-scope"));
    }
    errors.into_result()?;
    Ok(ReportFilter {
        period,
        from,
        to,
        force,
        site,
        kind,
        breached_only,
    })
}
