//! Breach reports for managers: the page (`/reports`), its CSV exports and the
//! tables both share. Every figure comes from `domain::reports`; this module
//! only lays it out. A table is built once and rendered twice, as HTML (with
//! drill-down links to the case list) and as CSV (raw, unformatted values).

pub mod charts;
pub mod export;
pub mod home_office;
pub mod page;

use chrono::NaiveDate;

use crate::db::reports::Counts;
use crate::domain::reports::{BANDS, Figures, Report, ReportFilter};
use crate::i18n::{self, Lang};

/// The words for `key` in `lang` (a report's labels and headings).
fn t(lang: Lang, key: &str) -> String {
    i18n::text(lang, key)
}

/// The language a CSV is written in: `?lang=en|cy` when given (a script can
/// always ask for English), else the reader's.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct LangQuery {
    pub lang: String,
}

impl LangQuery {
    pub fn or(&self, reader: Lang) -> Lang {
        Lang::parse(self.lang.trim()).unwrap_or(reader)
    }
}

pub fn short_month(lang: Lang, d: NaiveDate) -> String {
    use chrono::Datelike;
    t(lang, crate::domain::lang::SHORT_MONTHS[d.month0() as usize])
}

/// "1 Nov 2026", "1 Tach 2026".
pub fn short_date(lang: Lang, d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", d.day(), short_month(lang, d), d.year())
}

/// "1 November 2026", "1 Tachwedd 2026": a calendar day (no time zone).
pub fn long_date(lang: Lang, d: NaiveDate) -> String {
    i18n::calendar_date(lang, d)
}

/// One table cell: what the page shows, what the CSV holds, where it links.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub raw: String,
    pub numeric: bool,
    pub link: Option<String>,
    /// A second line on the page only (a site's kind under its name).
    pub note: Option<String>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        Self {
            raw: s.clone(),
            text: s,
            numeric: false,
            link: None,
            note: None,
        }
    }
    pub fn count(n: i64, link: Option<String>) -> Self {
        Self {
            text: n.to_string(),
            raw: n.to_string(),
            numeric: true,
            link: link.filter(|_| n > 0),
            note: None,
        }
    }
    /// A 0-1 ratio: a percentage on the page, the fraction in the CSV.
    pub fn rate(r: Option<f64>) -> Self {
        Self {
            text: r.map(pct).unwrap_or_else(|| "–".into()),
            raw: r.map(|r| r.to_string()).unwrap_or_default(),
            numeric: true,
            link: None,
            note: None,
        }
    }
    pub fn number(x: Option<f64>) -> Self {
        Self {
            text: x.map(|x| x.to_string()).unwrap_or_else(|| "–".into()),
            raw: x.map(|x| x.to_string()).unwrap_or_default(),
            numeric: true,
            link: None,
            note: None,
        }
    }
    pub fn date(lang: Lang, d: NaiveDate) -> Self {
        Self {
            text: short_date(lang, d),
            raw: d.to_string(),
            numeric: false,
            link: None,
            note: None,
        }
    }
}

pub fn pct(r: f64) -> String {
    format!("{}%", (r * 10_000.0).round() / 100.0)
}

#[derive(Debug, Clone)]
pub struct Column {
    /// CSV header: snake_case, stable (in Welsh, `report-csv-{key}`).
    pub key: &'static str,
    pub label: String,
    pub numeric: bool,
    /// In the CSV only: the page shows it another way (a site's code and
    /// kind under its name), so the table fits its box.
    pub csv_only: bool,
}

pub fn col(lang: Lang, key: &'static str, label: &str, numeric: bool) -> Column {
    Column {
        key,
        label: t(lang, label),
        numeric,
        csv_only: false,
    }
}

fn csv_col(lang: Lang, key: &'static str, label: &str) -> Column {
    Column {
        key,
        label: t(lang, label),
        numeric: false,
        csv_only: true,
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Also the CSV's name: `/reports/{id}.csv`.
    pub id: &'static str,
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The table as the page shows it: without the CSV-only columns.
    pub fn on_page(mut self) -> Self {
        let keep: Vec<bool> = self.columns.iter().map(|c| !c.csv_only).collect();
        self.columns.retain(|c| !c.csv_only);
        for row in &mut self.rows {
            let mut i = 0;
            row.retain(|_| {
                i += 1;
                keep.get(i - 1).copied().unwrap_or(true)
            });
        }
        self
    }
}

/// The names of the tables that can be downloaded.
pub const TABLES: &[&str] = &[
    "headline", "bands", "periods", "sites", "forces", "reasons", "hours", "weekdays",
];

/// Minutes with two decimals, as the JSON summary gives them.
fn minutes(seconds: Option<i64>) -> Option<f64> {
    seconds.map(|s| (s as f64 / 60.0 * 100.0).round() / 100.0)
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 / whole as f64 * 10_000.0).round() / 10_000.0)
}

fn hours(seconds: i64) -> f64 {
    (seconds as f64 / 3600.0 * 100.0).round() / 100.0
}

/// Links into `/cases` with the report's filters plus `extra` (which wins).
pub struct Links {
    base: Vec<(&'static str, String)>,
}

impl Links {
    pub fn new(f: &ReportFilter) -> Self {
        let mut base = f.pairs();
        if f.breached_only {
            // The report's "breached only" is the stored flag on handed-over stays.
            base.retain(|(k, _)| *k != "breached");
            base.push(("status", "handed_over".into()));
            base.push(("breached", "1".into()));
        }
        Self { base }
    }
    pub fn cases(&self, extra: &[(&'static str, &str)]) -> Option<String> {
        let mut pairs: Vec<(&str, String)> = self
            .base
            .iter()
            .filter(|(k, _)| !extra.iter().any(|(ek, _)| ek == k))
            .cloned()
            .collect();
        pairs.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        Some(format!(
            "/cases?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        ))
    }
    fn breaches(&self, extra: &[(&'static str, &str)]) -> Option<String> {
        let mut e = vec![("status", "handed_over"), ("breached", "1")];
        e.extend_from_slice(extra);
        self.cases(&e)
    }
}

fn change_count(lang: Lang, now: i64, before: Option<i64>) -> Cell {
    match before {
        None => Cell::number(None),
        Some(b) => {
            let d = now - b;
            Cell {
                text: signed(lang, d as f64, false),
                raw: d.to_string(),
                numeric: true,
                link: None,
                note: None,
            }
        }
    }
}

fn change_value(lang: Lang, now: Option<f64>, before: Option<f64>, rate: bool) -> Cell {
    match (now, before) {
        (Some(n), Some(b)) => {
            let d = ((n - b) * 10_000.0).round() / 10_000.0;
            Cell {
                text: if rate {
                    signed(lang, (d * 10_000.0).round() / 100.0, true)
                } else {
                    signed(lang, d, false)
                },
                raw: d.to_string(),
                numeric: true,
                link: None,
                note: None,
            }
        }
        _ => Cell::number(None),
    }
}

/// "+3", "−0.5 points", "no change".
fn signed(lang: Lang, d: f64, points: bool) -> String {
    let n = if d > 0.0 {
        format!("+{d}")
    } else if d < 0.0 {
        format!("−{}", -d)
    } else {
        return t(lang, "report-no-change");
    };
    if points {
        i18n::render(lang, &crate::msg!("report-change-points", d = n))
    } else {
        n
    }
}

fn counts_cells(c: &Counts, links: &Links, extra: &[(&'static str, &str)]) -> Vec<Cell> {
    let with = |more: &[(&'static str, &'static str)]| {
        let mut e = extra.to_vec();
        e.extend_from_slice(more);
        e
    };
    vec![
        Cell::count(c.live(), links.cases(&with(&[("status", "not_cancelled")]))),
        Cell::count(
            c.handed_over,
            links.cases(&with(&[("status", "handed_over")])),
        ),
        Cell::count(c.open(), links.cases(&with(&[("status", "open")]))),
        Cell::count(c.breaches, links.breaches(extra)),
        Cell::rate(ratio(c.breaches, c.handed_over)),
        Cell::number(Some(hours(c.lost_officer_seconds))),
    ]
}

fn counts_columns(lang: Lang, first: Column) -> Vec<Column> {
    vec![
        first,
        col(lang, "stays", "report-col-stays", true),
        col(lang, "handed_over", "report-col-handed-over", true),
        col(lang, "open", "report-col-open", true),
        col(lang, "breaches", "report-col-breaches", true),
        col(lang, "breach_rate", "report-col-breach-rate", true),
        col(lang, "lost_officer_hours", "report-col-lost-hours", true),
    ]
}

/// A period row's label: "2 Nov to 8 Nov 2026", "November 2026", "2026".
pub fn period_words(
    lang: Lang,
    unit: crate::domain::reports::Unit,
    p: &crate::domain::reports::PeriodRow,
) -> String {
    use crate::domain::reports::Unit;
    use chrono::Datelike;
    let start = unit.start(p.from);
    match unit {
        Unit::Week if p.from == p.to => short_date(lang, p.from),
        Unit::Week => i18n::render(
            lang,
            &crate::msg!(
                "report-period-week",
                from = format!("{} {}", p.from.day(), short_month(lang, p.from)),
                to = short_date(lang, p.to)
            ),
        ),
        Unit::Month => i18n::render(
            lang,
            &crate::msg!(
                "report-period-month",
                month = t(lang, crate::domain::lang::MONTHS[start.month0() as usize]),
                year = start.year()
            ),
        ),
        Unit::Year => start.year().to_string(),
    }
}

/// Every table on the page, in page order, labelled in `lang`.
pub fn tables(r: &Report, f: &ReportFilter, lang: Lang) -> Vec<Table> {
    let l = lang;
    let links = Links::new(f);
    let s = &r.summary;
    let now: &Figures = &s.figures;
    let prev = r.previous.as_ref();
    let c = &now.counts;
    let pc = prev.map(|p| p.counts);

    // The previous period's counts link to its own cases.
    let prev_links = f.previous().map(|pw| Links {
        base: links
            .base
            .iter()
            .filter(|(k, _)| *k != "from" && *k != "to")
            .cloned()
            .chain([("from", pw.from.to_string()), ("to", pw.to.to_string())])
            .collect(),
    });
    let count_row = |label: &str, n: i64, p: Option<i64>, extra: &[(&'static str, &str)]| {
        let link_for = |l: &Links| {
            if extra.iter().any(|(k, _)| *k == "breached") {
                l.breaches(
                    &extra
                        .iter()
                        .filter(|(k, _)| *k != "breached")
                        .copied()
                        .collect::<Vec<_>>(),
                )
            } else {
                l.cases(extra)
            }
        };
        vec![
            Cell::text(t(l, label)),
            Cell::count(n, link_for(&links)),
            match (p, &prev_links) {
                (Some(p), Some(pl)) => Cell::count(p, link_for(pl)),
                _ => Cell::number(None),
            },
            change_count(l, n, p),
        ]
    };
    let value_row = |label: String, n: Option<f64>, p: Option<f64>, rate: bool| {
        let cell = |v: Option<f64>| if rate { Cell::rate(v) } else { Cell::number(v) };
        vec![
            Cell::text(label),
            cell(n),
            if prev.is_some() {
                cell(p)
            } else {
                Cell::number(None)
            },
            change_value(l, n, p, rate),
        ]
    };
    let headline = Table {
        id: "headline",
        caption: t(l, "report-table-headline"),
        columns: vec![
            col(l, "figure", "report-col-figure", false),
            col(l, "this_period", "report-col-this-period", true),
            col(l, "previous_period", "report-col-previous-period", true),
            col(l, "change", "report-col-change", true),
        ],
        rows: vec![
            count_row(
                "report-row-detentions",
                c.episodes,
                pc.map(|p| p.episodes),
                &[],
            ),
            count_row(
                "report-row-handed-over",
                c.handed_over,
                pc.map(|p| p.handed_over),
                &[("status", "handed_over")],
            ),
            count_row(
                "report-row-open",
                c.open(),
                pc.map(|p| p.open()),
                &[("status", "open")],
            ),
            count_row(
                "report-row-cancelled",
                c.cancelled,
                pc.map(|p| p.cancelled),
                &[("status", "cancelled")],
            ),
            count_row(
                "report-row-breaches",
                c.breaches,
                pc.map(|p| p.breaches),
                &[("breached", "1")],
            ),
            count_row(
                "report-row-breaches-agreed",
                c.breaches_agreed,
                pc.map(|p| p.breaches_agreed),
                &[("breached", "1"), ("stay", "agreed")],
            ),
            count_row(
                "report-row-breaches-not-agreed",
                c.breaches - c.breaches_agreed,
                pc.map(|p| p.breaches - p.breaches_agreed),
                &[("breached", "1"), ("stay", "not_agreed")],
            ),
            value_row(
                t(l, "report-row-breach-rate"),
                s.breach_rate,
                prev.and_then(|p| p.breach_rate()),
                true,
            ),
            value_row(
                t(l, "report-row-reason-share"),
                now.reason_share(),
                prev.and_then(|p| p.reason_share()),
                true,
            ),
            value_row(
                t(l, "report-row-median"),
                s.median_minutes,
                prev.and_then(|p| minutes(p.median_seconds)),
                false,
            ),
            value_row(
                t(l, "report-row-p90"),
                s.p90_minutes,
                prev.and_then(|p| minutes(p.p90_seconds)),
                false,
            ),
            value_row(
                t(l, "report-row-max"),
                s.max_minutes,
                prev.and_then(|p| minutes(p.max_seconds)),
                false,
            ),
            value_row(
                i18n::render(
                    l,
                    &crate::msg!("report-row-lost-hours", minutes = r.target_minutes),
                ),
                Some(s.lost_officer_hours),
                prev.map(|p| p.lost_officer_hours()),
                false,
            ),
            value_row(
                t(l, "report-row-officer-hours"),
                Some(s.officer_hours_from_arrival),
                None,
                false,
            ),
        ],
    };

    let bands = Table {
        id: "bands",
        caption: t(l, "report-table-bands"),
        columns: vec![
            col(l, "band", "report-col-time-to-handover", false),
            col(l, "handovers", "report-col-handovers", true),
            col(l, "share", "report-col-share-handovers", true),
        ],
        rows: BANDS
            .iter()
            .zip(s.bands.0.iter())
            .map(|((code, label, ..), n)| {
                vec![
                    Cell::text(t(l, label)),
                    Cell::count(
                        *n,
                        links.cases(&[("status", "handed_over"), ("band", code)]),
                    ),
                    Cell::rate(ratio(*n, s.handed_over)),
                ]
            })
            .collect(),
    };

    let mut period_cols = vec![
        col(l, "period", "report-col-period", false),
        col(l, "from", "report-col-from", false),
        col(l, "to", "report-col-to", false),
    ];
    period_cols.extend(
        counts_columns(l, col(l, "", "report-col-period", false))
            .into_iter()
            .skip(1),
    );
    period_cols.push(col(l, "median_minutes", "report-col-median", true));
    let unit = r.unit.noun();
    let periods = Table {
        id: "periods",
        caption: i18n::render(l, &crate::msg!("report-table-periods", unit = unit)),
        columns: period_cols,
        rows: r
            .by_period
            .iter()
            .map(|p| {
                let (from, to) = (p.from.to_string(), p.to.to_string());
                let period_links = Links {
                    base: links
                        .base
                        .iter()
                        .filter(|(k, _)| *k != "from" && *k != "to")
                        .cloned()
                        .chain([("from", from), ("to", to)])
                        .collect(),
                };
                // A row the window cuts short says so: 2 days are not a week.
                let label = if p.partial(r.unit) {
                    i18n::render(
                        l,
                        &crate::msg!(
                            "report-period-part",
                            period = period_words(l, r.unit, p),
                            n = p.days(),
                            unit = unit
                        ),
                    )
                } else {
                    period_words(l, r.unit, p)
                };
                let mut row = vec![
                    Cell::text(label),
                    Cell::date(l, p.from),
                    Cell::date(l, p.to),
                ];
                row.extend(counts_cells(&p.counts, &period_links, &[]));
                row.push(Cell::number(minutes(p.median_seconds)));
                row
            })
            .collect(),
    };

    let mut site_cols = vec![
        col(l, "site", "report-col-site", false),
        csv_col(l, "site_code", "report-col-code"),
        csv_col(l, "kind", "report-col-kind"),
        col(l, "detentions", "report-col-detentions", true),
    ];
    site_cols.extend(
        counts_columns(l, col(l, "", "report-col-site", false))
            .into_iter()
            .skip(1),
    );
    let sites = Table {
        id: "sites",
        caption: t(l, "report-table-sites"),
        columns: site_cols,
        rows: s
            .by_site
            .iter()
            .map(|site| {
                let code = site.code.as_str();
                let kind = crate::domain::rules::SiteKind::parse(&site.kind)
                    .map(|k| t(l, k.label()))
                    .unwrap_or_default();
                let mut name = Cell::text(&site.name);
                name.note = Some(format!("{kind} ({code})"));
                let mut row = vec![
                    name,
                    Cell::text(code),
                    Cell::text(kind.clone()),
                    Cell::count(site.episodes, links.cases(&[("site", code)])),
                ];
                let counts = Counts {
                    stays: site.handed_over + site.open + site.cancelled,
                    episodes: site.episodes,
                    cancelled: site.cancelled,
                    handed_over: site.handed_over,
                    breaches: site.breaches,
                    breaches_with_reason: 0,
                    breaches_agreed: site.breaches_agreed,
                    lost_officer_seconds: 0,
                    departed: 0,
                };
                let mut cells = counts_cells(&counts, &links, &[("site", code)]);
                // Hours as the summary rounded them, so page, CSV and API agree.
                cells[5] = Cell::number(Some(site.lost_officer_hours));
                cells[4] = Cell::rate(site.breach_rate);
                row.extend(cells);
                row
            })
            .collect(),
    };

    let forces = Table {
        id: "forces",
        caption: t(l, "report-table-forces"),
        columns: counts_columns(l, col(l, "force", "report-col-force", false)),
        rows: r
            .by_force
            .iter()
            .map(|row| {
                let mut cells = vec![Cell::text(i18n::render(l, &row.label))];
                cells.extend(counts_cells(&row.counts, &links, &[("force", &row.key)]));
                cells
            })
            .collect(),
    };

    let reasons = Table {
        id: "reasons",
        caption: t(l, "report-table-reasons"),
        columns: vec![
            col(l, "reason", "report-col-reason", false),
            col(l, "breaches", "report-col-breaches", true),
            col(l, "share", "report-col-share-breaches", true),
            col(l, "lost_officer_hours", "report-col-lost-hours", true),
        ],
        rows: r
            .by_reason
            .iter()
            .map(|row| {
                vec![
                    Cell::text(i18n::render(l, &row.label)),
                    Cell::count(row.counts.breaches, links.breaches(&[("reason", &row.key)])),
                    Cell::rate(ratio(row.counts.breaches, c.breaches)),
                    Cell::number(Some(hours(row.counts.lost_officer_seconds))),
                ]
            })
            .collect(),
    };

    let by = |id: &'static str,
              caption: &str,
              first: Column,
              rows: &[crate::domain::reports::Row],
              key: &'static str| Table {
        id,
        caption: t(l, caption),
        columns: counts_columns(l, first),
        rows: rows
            .iter()
            .map(|row| {
                let mut cells = vec![Cell::text(i18n::render(l, &row.label))];
                cells.extend(counts_cells(&row.counts, &links, &[(key, &row.key)]));
                cells
            })
            .collect(),
    };
    let hours_table = by(
        "hours",
        "report-table-hours",
        col(l, "hour", "report-col-hour", false),
        &r.by_hour,
        "hour",
    );
    let weekdays = by(
        "weekdays",
        "report-table-weekdays",
        col(l, "weekday", "report-col-weekday", false),
        &r.by_weekday,
        "dow",
    );
    vec![
        headline,
        bands,
        periods,
        sites,
        forces,
        reasons,
        hours_table,
        weekdays,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reports::{PeriodRow, Unit};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_and_periods_are_worded_in_each_language() {
        assert_eq!(short_date(Lang::En, d("2026-11-01")), "1 Nov 2026");
        assert_eq!(short_date(Lang::Cy, d("2026-11-01")), "1 Tach 2026");
        assert_eq!(long_date(Lang::Cy, d("2026-04-01")), "1 Ebrill 2026");
        let row = |from, to| PeriodRow {
            from: d(from),
            to: d(to),
            counts: Counts::default(),
            median_seconds: None,
            p90_seconds: None,
        };
        let week = row("2026-11-02", "2026-11-08");
        assert_eq!(
            period_words(Lang::En, Unit::Week, &week),
            "2 Nov to 8 Nov 2026"
        );
        assert_eq!(
            period_words(Lang::Cy, Unit::Week, &week),
            "2 Tach i 8 Tach 2026"
        );
        let month = row("2026-11-01", "2026-11-30");
        assert_eq!(period_words(Lang::En, Unit::Month, &month), "November 2026");
        assert_eq!(period_words(Lang::Cy, Unit::Month, &month), "Tachwedd 2026");
    }

    #[test]
    fn csv_headers_keep_their_english_names_and_have_welsh_ones() {
        use super::export::{CASE_COLUMNS, header};
        for key in CASE_COLUMNS {
            assert_eq!(header(Lang::En, key), *key);
            let cy = header(Lang::Cy, key);
            assert!(!cy.starts_with("report-csv-"), "{key}: no Welsh header");
            assert!(
                cy.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{key}: {cy}"
            );
        }
        assert_eq!(header(Lang::Cy, "reference"), "cyfeirnod");
    }
}
