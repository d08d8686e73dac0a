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
    pub fn date(d: NaiveDate) -> Self {
        Self {
            text: d.format("%-d %b %Y").to_string(),
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
    /// CSV header: snake_case, stable.
    pub key: &'static str,
    pub label: &'static str,
    pub numeric: bool,
    /// In the CSV only: the page shows it another way (a site's code and
    /// kind under its name), so the table fits its box.
    pub csv_only: bool,
}

const fn col(key: &'static str, label: &'static str, numeric: bool) -> Column {
    Column {
        key,
        label,
        numeric,
        csv_only: false,
    }
}

const fn csv_col(key: &'static str, label: &'static str) -> Column {
    Column {
        key,
        label,
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

fn change_count(now: i64, before: Option<i64>) -> Cell {
    match before {
        None => Cell::number(None),
        Some(b) => {
            let d = now - b;
            Cell {
                text: signed(d as f64, ""),
                raw: d.to_string(),
                numeric: true,
                link: None,
                note: None,
            }
        }
    }
}

fn change_value(now: Option<f64>, before: Option<f64>, rate: bool) -> Cell {
    match (now, before) {
        (Some(n), Some(b)) => {
            let d = ((n - b) * 10_000.0).round() / 10_000.0;
            Cell {
                text: if rate {
                    signed((d * 10_000.0).round() / 100.0, " points")
                } else {
                    signed(d, "")
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

fn signed(d: f64, unit: &str) -> String {
    if d > 0.0 {
        format!("+{d}{unit}")
    } else if d < 0.0 {
        format!("−{}{unit}", -d)
    } else {
        "no change".into()
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

fn counts_columns(first: Column) -> Vec<Column> {
    vec![
        first,
        col("stays", "Stays (not cancelled)", true),
        col("handed_over", "Handed over", true),
        col("open", "Still open", true),
        col("breaches", "Breaches", true),
        col("breach_rate", "Breach rate", true),
        col(
            "lost_officer_hours",
            "Lost officer hours (beyond the target)",
            true,
        ),
    ]
}

/// Every table on the page, in page order.
pub fn tables(r: &Report, f: &ReportFilter) -> Vec<Table> {
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
            Cell::text(label),
            Cell::count(n, link_for(&links)),
            match (p, &prev_links) {
                (Some(p), Some(pl)) => Cell::count(p, link_for(pl)),
                _ => Cell::number(None),
            },
            change_count(n, p),
        ]
    };
    let value_row = |label: &str, n: Option<f64>, p: Option<f64>, rate: bool| {
        let cell = |v: Option<f64>| if rate { Cell::rate(v) } else { Cell::number(v) };
        vec![
            Cell::text(label),
            cell(n),
            if prev.is_some() {
                cell(p)
            } else {
                Cell::number(None)
            },
            change_value(n, p, rate),
        ]
    };
    let headline = Table {
        id: "headline",
        caption: "Headline figures".into(),
        columns: vec![
            col("figure", "Figure", false),
            col("this_period", "This period", true),
            col("previous_period", "Previous period", true),
            col("change", "Change", true),
        ],
        rows: vec![
            count_row(
                "Detentions (first place of safety, not cancelled)",
                c.episodes,
                pc.map(|p| p.episodes),
                &[],
            ),
            count_row(
                "Stays handed over",
                c.handed_over,
                pc.map(|p| p.handed_over),
                &[("status", "handed_over")],
            ),
            count_row(
                "Still open",
                c.open(),
                pc.map(|p| p.open()),
                &[("status", "open")],
            ),
            count_row(
                "Logged in error (cancelled: not detentions, left out of all rates)",
                c.cancelled,
                pc.map(|p| p.cancelled),
                &[("status", "cancelled")],
            ),
            count_row(
                "Breaches (handed over after more than the target)",
                c.breaches,
                pc.map(|p| p.breaches),
                &[("breached", "1")],
            ),
            count_row(
                "Breaches with an agreed request to stay (still breaches)",
                c.breaches_agreed,
                pc.map(|p| p.breaches_agreed),
                &[("breached", "1"), ("stay", "agreed")],
            ),
            count_row(
                "Breaches with no agreed request to stay (none, declined or unanswered)",
                c.breaches - c.breaches_agreed,
                pc.map(|p| p.breaches - p.breaches_agreed),
                &[("breached", "1"), ("stay", "not_agreed")],
            ),
            value_row(
                "Breach rate (of stays handed over)",
                s.breach_rate,
                prev.and_then(|p| p.breach_rate()),
                true,
            ),
            value_row(
                "Breaches with a recorded reason",
                now.reason_share(),
                prev.and_then(|p| p.reason_share()),
                true,
            ),
            value_row(
                "Median minutes to handover",
                s.median_minutes,
                prev.and_then(|p| minutes(p.median_seconds)),
                false,
            ),
            value_row(
                "90th percentile minutes to handover",
                s.p90_minutes,
                prev.and_then(|p| minutes(p.p90_seconds)),
                false,
            ),
            value_row(
                "Longest minutes to handover",
                s.max_minutes,
                prev.and_then(|p| minutes(p.max_seconds)),
                false,
            ),
            value_row(
                &format!(
                    "Lost officer hours beyond the {}-minute target (times officers present)",
                    r.target_minutes
                ),
                Some(s.lost_officer_hours),
                prev.map(|p| p.lost_officer_hours()),
                false,
            ),
            value_row(
                "Officer hours from arrival to handover (times officers present)",
                Some(s.officer_hours_from_arrival),
                None,
                false,
            ),
        ],
    };

    let bands = Table {
        id: "bands",
        caption: "Time to handover, in bands".into(),
        columns: vec![
            col("band", "Time to handover", false),
            col("handovers", "Handovers", true),
            col("share", "Share of handovers", true),
        ],
        rows: BANDS
            .iter()
            .zip(s.bands.0.iter())
            .map(|((code, label, ..), n)| {
                vec![
                    Cell::text(*label),
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
        col("period", "Period", false),
        col("from", "From", false),
        col("to", "To", false),
    ];
    period_cols.extend(counts_columns(col("", "", false)).into_iter().skip(1));
    period_cols.push(col("median_minutes", "Median minutes", true));
    let periods = Table {
        id: "periods",
        caption: format!("By {} of arrival", r.unit.noun()),
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
                    format!(
                        "{} (part: {} of the {}'s days)",
                        p.label,
                        p.days(),
                        r.unit.noun()
                    )
                } else {
                    p.label.clone()
                };
                let mut row = vec![Cell::text(label), Cell::date(p.from), Cell::date(p.to)];
                row.extend(counts_cells(&p.counts, &period_links, &[]));
                row.push(Cell::number(minutes(p.median_seconds)));
                row
            })
            .collect(),
    };

    let mut site_cols = vec![
        col("site", "Place of safety", false),
        csv_col("site_code", "Code"),
        csv_col("kind", "Kind"),
        col("detentions", "Detentions", true),
    ];
    site_cols.extend(counts_columns(col("", "", false)).into_iter().skip(1));
    let sites = Table {
        id: "sites",
        caption: "By place of safety".into(),
        columns: site_cols,
        rows: s
            .by_site
            .iter()
            .map(|site| {
                let code = site.code.as_str();
                let kind = crate::domain::rules::SiteKind::parse(&site.kind)
                    .map(|k| k.label())
                    .unwrap_or("");
                let mut name = Cell::text(&site.name);
                name.note = Some(format!("{kind} ({code})"));
                let mut row = vec![
                    name,
                    Cell::text(code),
                    Cell::text(kind),
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
        caption: "By police force".into(),
        columns: counts_columns(col("force", "Police force", false)),
        rows: r
            .by_force
            .iter()
            .map(|row| {
                let mut cells = vec![Cell::text(&row.label)];
                cells.extend(counts_cells(&row.counts, &links, &[("force", &row.key)]));
                cells
            })
            .collect(),
    };

    let reasons = Table {
        id: "reasons",
        caption: "Breaches by delay reason".into(),
        columns: vec![
            col("reason", "Delay reason", false),
            col("breaches", "Breaches", true),
            col("share", "Share of breaches", true),
            col(
                "lost_officer_hours",
                "Lost officer hours (beyond the target)",
                true,
            ),
        ],
        rows: r
            .by_reason
            .iter()
            .map(|row| {
                vec![
                    Cell::text(&row.label),
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
        caption: caption.into(),
        columns: counts_columns(first),
        rows: rows
            .iter()
            .map(|row| {
                let mut cells = vec![Cell::text(&row.label)];
                cells.extend(counts_cells(&row.counts, &links, &[(key, &row.key)]));
                cells
            })
            .collect(),
    };
    let hours_table = by(
        "hours",
        "By hour of arrival (UK time)",
        col("hour", "Hour of arrival", false),
        &r.by_hour,
        "hour",
    );
    let weekdays = by(
        "weekdays",
        "By day of the week of arrival",
        col("weekday", "Day of arrival", false),
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
