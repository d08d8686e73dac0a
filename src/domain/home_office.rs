//! The Home Office annual data return for s136 and s135 detentions: counts
//! over a financial year (1 April to 31 March) by age band, sex, ethnicity,
//! first place of safety, transport, reason a police vehicle was used and
//! outcome, each with a "not recorded" row so the gaps show, s136 and s135
//! apart. A detention belongs to the year of the Europe/London calendar day
//! of its first arrival; cancelled cases are not counted. The counting is
//! `GROUP BY` in SQL (`db::monitoring::count_by`), in the reader's scope.

use chrono::{Datelike, NaiveDate};

use super::auth::Actor;
use super::lang::Msg;
use super::rules::{
    AgeBand, Arrested, EpisodeKind, Ethnicity, Outcome, PoliceVehicleReason, Sex, SiteKind,
    Transport,
};
use super::time::from_db;
use crate::db::DbConn;
use crate::db::monitoring::{Dimension, Group, ReturnWindow, count_by, police_station_stays};
use crate::error::AppError;

/// The earliest financial year offered (the return's s136 series starts in 2013/14).
pub const FIRST_YEAR: i32 = 2013;

/// The financial year starting on 1 April of `fy`: its first and last day.
pub fn financial_year(fy: i32) -> (NaiveDate, NaiveDate) {
    let from = NaiveDate::from_ymd_opt(fy, 4, 1).unwrap_or(NaiveDate::MIN);
    let to = NaiveDate::from_ymd_opt(fy + 1, 3, 31).unwrap_or(NaiveDate::MAX);
    (from, to)
}

/// The financial year `day` falls in (2025 for 2026-03-31, 2026 for 2026-04-01).
pub fn year_of(day: NaiveDate) -> i32 {
    if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// "2025/26".
pub fn label(fy: i32) -> String {
    format!("{fy}/{:02}", (fy + 1).rem_euclid(100))
}

/// Reads `?fy=`: blank means the year `today` is in; otherwise a year from
/// [`FIRST_YEAR`] to the current one.
pub fn parse_year(raw: &str, today: NaiveDate) -> Result<i32, Msg> {
    let current = year_of(today);
    match raw.trim() {
        "" => Ok(current),
        s => match s.parse::<i32>() {
            Ok(y) if (FIRST_YEAR..=current).contains(&y) => Ok(y),
            _ => Err(crate::msg!(
                "report-ho-choose-year",
                first = label(FIRST_YEAR),
                last = label(current)
            )),
        },
    }
}

/// One row: a category and its detentions under each power.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The code (`None` for the "not recorded" row).
    pub code: Option<&'static str>,
    /// The catalogue key of its label.
    pub label: &'static str,
    pub s136: i64,
    pub s135: i64,
}

impl Row {
    pub fn total(&self) -> i64 {
        self.s136 + self.s135
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    /// Stable: the CSV's `section` column and the page's anchor.
    pub id: &'static str,
    /// Catalogue keys of the heading and of what the section counts (empty
    /// when it counts every detention).
    pub title: &'static str,
    pub note: &'static str,
    pub rows: Vec<Row>,
}

impl Section {
    pub fn total(&self) -> Row {
        Row {
            code: None,
            label: "report-ho-total",
            s136: self.rows.iter().map(|r| r.s136).sum(),
            s135: self.rows.iter().map(|r| r.s135).sum(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct HomeOfficeReturn {
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Detentions in the year, by power.
    pub detentions: Row,
    pub sections: Vec<Section>,
}

pub const NOT_RECORDED: &str = "report-ho-not-recorded";

/// The kind of the first place of safety, as the return names it.
fn first_place_key(kind: SiteKind) -> &'static str {
    match kind {
        SiteKind::MentalHealthUnit => "report-ho-first-health",
        SiteKind::EmergencyDepartment => "report-ho-first-ed",
        SiteKind::PoliceStation => "report-ho-first-police",
        SiteKind::PrivateHome => "report-ho-first-home",
        SiteKind::Other => "report-ho-first-other",
    }
}

/// Rows for every code in `all` (zero rows included, so the return's shape is
/// fixed) and a last "not recorded" row holding the rest.
fn rows<T: Copy>(
    groups: &[Group],
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Row> {
    let mut out: Vec<Row> = all
        .iter()
        .map(|t| Row {
            code: Some(code(*t)),
            label: label(*t),
            s136: 0,
            s135: 0,
        })
        .collect();
    let mut missing = Row {
        code: None,
        label: NOT_RECORDED,
        s136: 0,
        s135: 0,
    };
    for (power, value, n) in groups {
        let row = out
            .iter_mut()
            .find(|r| r.code.is_some() && r.code == value.as_deref())
            .unwrap_or(&mut missing);
        if power == EpisodeKind::S135.code() {
            row.s135 += n;
        } else {
            row.s136 += n;
        }
    }
    out.push(missing);
    out
}

/// Bands of hours held at a police station as a place of safety: the law
/// allows 24 hours (s136(2A)), extendable by 12 (s136B).
pub const STATION_HOURS: &[(&str, &str, i64)] = &[
    ("up_to_3", "report-ho-hours-up-to-3", 3),
    ("3_to_6", "report-ho-hours-3-to-6", 6),
    ("6_to_12", "report-ho-hours-6-to-12", 12),
    ("12_to_24", "report-ho-hours-12-to-24", 24),
    ("over_24", "report-ho-hours-over-24", i64::MAX),
];

/// The band of a stay at a police station (index into [`STATION_HOURS`]);
/// each band includes its upper end, like the report's bands.
pub fn station_band(seconds: i64) -> usize {
    STATION_HOURS
        .iter()
        .position(|(_, _, h)| *h == i64::MAX || seconds <= h * 3600)
        .unwrap_or(STATION_HOURS.len() - 1)
}

/// Hours held at a police station, a row per band and a last one for stays
/// with no recorded end (still held, or the end not recorded).
fn station_rows(
    stays: &[(String, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>)],
) -> Vec<Row> {
    let mut groups: Vec<Group> = Vec::new();
    for (power, arrived, left) in stays {
        let code = left.map(|l| {
            let s = super::rules::seconds_between(from_db(*arrived), from_db(l));
            STATION_HOURS[station_band(s)].0.to_string()
        });
        groups.push((power.clone(), code, 1));
    }
    let mut out = rows(
        &groups,
        &(0..STATION_HOURS.len()).collect::<Vec<_>>(),
        |i| STATION_HOURS[i].0,
        |i| STATION_HOURS[i].1,
    );
    if let Some(last) = out.last_mut() {
        last.label = "report-ho-no-end";
    }
    out
}

/// The return for financial year `fy`, over the cases `actor` may see
/// (managers and admins).
pub fn build(conn: &mut DbConn, actor: &Actor, fy: i32) -> Result<HomeOfficeReturn, AppError> {
    super::policy::REPORTS.check_role(actor)?;
    let (from, to) = financial_year(fy);
    let w = ReturnWindow {
        from,
        to,
        scope: actor.scope(),
    };
    let station = police_station_stays(conn, w)?;
    let arrested = count_by(conn, w, Dimension::Arrested)?;
    let mut count = |d: Dimension| count_by(conn, w, d);
    let sections = vec![
        Section {
            id: "age_band",
            title: "report-ho-age",
            note: "",
            rows: rows(
                &count(Dimension::AgeBand)?,
                AgeBand::ALL,
                AgeBand::code,
                AgeBand::label,
            ),
        },
        Section {
            id: "sex",
            title: "report-ho-sex",
            note: "",
            rows: rows(&count(Dimension::Sex)?, Sex::ALL, Sex::code, Sex::label),
        },
        Section {
            id: "ethnicity",
            title: "report-ho-ethnicity",
            note: "report-ho-ethnicity-note",
            rows: rows(
                &count(Dimension::Ethnicity)?,
                Ethnicity::ALL,
                Ethnicity::code,
                Ethnicity::label,
            ),
        },
        Section {
            id: "ethnicity_perceived",
            title: "report-ho-perceived",
            note: "report-ho-perceived-note",
            rows: rows(
                &count(Dimension::EthnicityPerceived)?,
                Ethnicity::ALL,
                Ethnicity::code,
                Ethnicity::label,
            ),
        },
        Section {
            id: "first_place_of_safety",
            title: "report-ho-first",
            note: "report-ho-first-note",
            rows: rows(
                &count(Dimension::FirstPlaceKind)?,
                SiteKind::ALL,
                SiteKind::code,
                first_place_key,
            ),
        },
        Section {
            id: "police_station_hours",
            title: "report-ho-station-hours",
            note: "report-ho-station-hours-note",
            rows: station_rows(&station),
        },
        Section {
            id: "arrested",
            title: "report-ho-arrested",
            note: "report-ho-arrested-note",
            rows: rows(&arrested, Arrested::ALL, Arrested::code, Arrested::label),
        },
        Section {
            id: "transport",
            title: "report-ho-transport",
            note: "",
            rows: rows(
                &count(Dimension::Transport)?,
                Transport::ALL,
                Transport::code,
                Transport::label,
            ),
        },
        Section {
            id: "police_vehicle_reason",
            title: "report-ho-vehicle-reason",
            note: "report-ho-vehicle-reason-note",
            rows: rows(
                &count(Dimension::PoliceVehicleReason)?,
                PoliceVehicleReason::ALL,
                PoliceVehicleReason::code,
                PoliceVehicleReason::label,
            ),
        },
        Section {
            id: "outcome",
            title: "report-ho-outcome",
            note: "report-ho-outcome-note",
            rows: rows(
                &count(Dimension::Outcome)?,
                Outcome::ALL,
                Outcome::code,
                Outcome::label,
            ),
        },
    ];
    let detentions = Row {
        label: "report-ho-detentions",
        ..sections[0].total()
    };
    Ok(HomeOfficeReturn {
        year: fy,
        from,
        to,
        detentions,
        sections,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn station_hours_include_their_upper_end() {
        assert_eq!(STATION_HOURS[station_band(0)].0, "up_to_3");
        assert_eq!(STATION_HOURS[station_band(3 * 3600)].0, "up_to_3");
        assert_eq!(STATION_HOURS[station_band(3 * 3600 + 1)].0, "3_to_6");
        assert_eq!(STATION_HOURS[station_band(24 * 3600)].0, "12_to_24");
        assert_eq!(STATION_HOURS[station_band(24 * 3600 + 1)].0, "over_24");
    }

    #[test]
    fn financial_years_run_april_to_march() {
        assert_eq!(financial_year(2025), (d("2025-04-01"), d("2026-03-31")));
        assert_eq!(year_of(d("2026-03-31")), 2025);
        assert_eq!(year_of(d("2026-04-01")), 2026);
        assert_eq!(label(2025), "2025/26");
        assert_eq!(label(2099), "2099/00");
    }

    #[test]
    fn the_year_picker_accepts_listed_years_only() {
        let today = d("2026-11-20");
        assert_eq!(parse_year("", today), Ok(2026));
        assert_eq!(parse_year(" 2025 ", today), Ok(2025));
        assert_eq!(parse_year("2013", today), Ok(2013));
        for bad in ["2012", "2027", "twenty", "2025/26", "99999999999"] {
            assert!(
                crate::i18n::en(&parse_year(bad, today).unwrap_err()).contains("2026/27"),
                "{bad}"
            );
        }
    }

    #[test]
    fn rows_keep_every_code_and_gather_the_rest_as_not_recorded() {
        let groups: Vec<Group> = vec![
            ("s136".into(), Some("male".into()), 3),
            ("s135".into(), Some("male".into()), 1),
            ("s136".into(), None, 2),
            ("s136".into(), Some("bogus".into()), 1),
        ];
        let r = rows(&groups, Sex::ALL, Sex::code, Sex::label);
        assert_eq!(r.len(), Sex::ALL.len() + 1);
        let male = r.iter().find(|x| x.code == Some("male")).unwrap();
        assert_eq!((male.s136, male.s135, male.total()), (3, 1, 4));
        let last = r.last().unwrap();
        assert_eq!((last.label, last.s136, last.s135), (NOT_RECORDED, 3, 0));
        let s = Section {
            id: "sex",
            title: "Sex",
            note: "",
            rows: r,
        };
        assert_eq!(s.total().total(), 7);
    }
}
