//! CSV downloads: the filtered case list (one row per stay) and each report
//! table. UTF-8 with a byte-order mark (so Excel reads it as UTF-8), ISO 8601
//! dates, plain numbers, and text cells that a spreadsheet would run as a
//! formula (starting `=`, `+`, `-`, `@`, tab or carriage return) prefixed with
//! an apostrophe.

use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;

use super::{LangQuery, TABLES, Table, tables};
use crate::db::episodes::{ExportRow, StayFilter, export_page};
use crate::domain::auth::Scope;
use crate::domain::reports::{self, ReportFilter, ReportQuery};
use crate::domain::time::{from_db, iso_utc, london};
use crate::error::AppError;
use crate::http::AppState;
use crate::i18n::{self, Lang};
use crate::web::session::CurrentUser;
use crate::web::with_db;

pub const BOM: &str = "\u{feff}";
/// Rows fetched per database round trip while streaming the case list.
const PAGE: i64 = 2000;

/// Neutralises text that a spreadsheet would treat as a formula.
pub fn safe_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, AppError> {
    w.into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("csv: {e}")))
}

fn csv_err(e: csv::Error) -> AppError {
    AppError::internal(anyhow::anyhow!("csv: {e}"))
}

/// A column's header in `lang`: the stable snake_case key in English, its
/// Welsh counterpart (`report-csv-{key}`) in Welsh. Values never change.
pub fn header(lang: Lang, key: &str) -> String {
    i18n::text(lang, &format!("report-csv-{key}"))
}

pub fn table_csv(t: &Table, lang: Lang) -> Result<Vec<u8>, AppError> {
    let mut w = writer();
    w.write_record(t.columns.iter().map(|c| header(lang, c.key)))
        .map_err(csv_err)?;
    for row in &t.rows {
        w.write_record(row.iter().map(|c| {
            if c.numeric {
                c.raw.clone()
            } else {
                safe_text(&c.raw)
            }
        }))
        .map_err(csv_err)?;
    }
    let mut out = BOM.as_bytes().to_vec();
    out.extend(finish(w)?);
    Ok(out)
}

pub const CASE_COLUMNS: &[&str] = &[
    "reference",
    "force",
    "site",
    "site_name",
    "site_kind",
    "arrived_utc",
    "arrived_uk",
    "handed_over_utc",
    "handed_over_uk",
    "seconds_to_handover",
    "minutes_to_handover",
    "breached",
    "delay_reason",
    "officers",
    "cancelled",
    // #17: the handover in full.
    "place_of_safety_number",
    "handover_offered_utc",
    "handover_offered_uk",
    "accepted_by_role",
    "police_left_utc",
    "police_left_uk",
    "stay_requested_utc",
    "stay_request_reason",
    "stay_request_answer",
    "transferred_utc",
    "transferred_to",
    "outcome",
    // The pre-alert that became the case (on its first stay's row).
    "prealerted_utc",
    "prealert_eta_utc",
];

/// What the rows of one page need beyond the stays: the requests to stay,
/// where transferred people went, and the target and time for open stays.
pub struct PageContext {
    pub requests: Vec<crate::db::stay_requests::StayRequest>,
    pub sites: Vec<(i64, i32, String)>,
    /// (episode id, made at, ETA) of the pre-alerts that became these cases.
    pub prealerts: Vec<(i64, NaiveDateTime, NaiveDateTime)>,
    pub target: i64,
    pub now: chrono::DateTime<chrono::Utc>,
}

fn uk(t: NaiveDateTime) -> String {
    london(from_db(t))
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// A stay's breach: the stored flag once the wait ended; for a stay still
/// waiting, whether it has waited past the target by now (the board's rule);
/// empty for a cancelled one (never a breach, never counted).
fn breached(r: &ExportRow, cx: &PageContext) -> String {
    if r.cancelled {
        return String::new();
    }
    match r.breached {
        Some(b) => b.to_string(),
        None => {
            let waited = crate::domain::rules::seconds_between(from_db(r.arrived_at), cx.now);
            crate::domain::rules::is_breach(waited, cx.target).to_string()
        }
    }
}

fn case_record(r: &ExportRow, cx: &PageContext) -> Vec<String> {
    let time = |t: Option<NaiveDateTime>| t.map(|t| iso_utc(from_db(t))).unwrap_or_default();
    let time_uk = |t: Option<NaiveDateTime>| t.map(uk).unwrap_or_default();
    let request = cx.requests.iter().find(|q| q.stay_id == r.id);
    let next_site = r
        .departed_at
        .and_then(|_| {
            cx.sites
                .iter()
                .find(|(e, seq, _)| *e == r.episode_id && *seq == r.seq + 1)
        })
        .map(|(_, _, code)| code.as_str())
        .unwrap_or("");
    let mut out = vec![
        safe_text(&r.reference),
        safe_text(&r.force_code),
        safe_text(&r.site_code),
        safe_text(&r.site_name),
        safe_text(&r.site_kind),
        iso_utc(from_db(r.arrived_at)),
        uk(r.arrived_at),
        r.handed_over_at
            .map(|t| iso_utc(from_db(t)))
            .unwrap_or_default(),
        r.handed_over_at.map(uk).unwrap_or_default(),
        r.handover_seconds
            .map(|s| s.to_string())
            .unwrap_or_default(),
        r.handover_seconds
            .map(|s| ((s as f64 / 60.0 * 100.0).round() / 100.0).to_string())
            .unwrap_or_default(),
        breached(r, cx),
        safe_text(r.delay_reason.as_deref().unwrap_or("")),
        r.officers.to_string(),
        r.cancelled.to_string(),
    ];
    out.extend([
        r.seq.to_string(),
        time(r.handover_offered_at),
        time_uk(r.handover_offered_at),
        safe_text(r.accepted_by_role.as_deref().unwrap_or("")),
        time(r.police_left_at),
        time_uk(r.police_left_at),
        time(request.map(|q| q.requested_at)),
        safe_text(request.map(|q| q.reason.as_str()).unwrap_or("")),
        match request.map(|q| q.agreed) {
            None => "",
            Some(None) => "unanswered",
            Some(Some(true)) => "agreed",
            Some(Some(false)) => "declined",
        }
        .to_string(),
        time(r.departed_at.filter(|_| !next_site.is_empty())),
        safe_text(next_site),
        safe_text(r.outcome.as_deref().unwrap_or("")),
    ]);
    let prealert = cx
        .prealerts
        .iter()
        .find(|(e, _, _)| *e == r.episode_id && r.seq == 1);
    out.extend([time(prealert.map(|p| p.1)), time(prealert.map(|p| p.2))]);
    out
}

/// The case list the report counts: the same days (arrival, UK time), scope
/// and filters, cancelled stays included and flagged.
pub fn stay_filter(f: &ReportFilter) -> StayFilter {
    let w = f.window();
    StayFilter {
        local_from: Some(w.from),
        local_to: Some(w.to),
        force_id: w.force_id,
        site_id: w.site_id,
        site_kind: w.site_kind,
        breached_flag: w.breached_only,
        include_cancelled: true,
        oldest_first: true,
        ..Default::default()
    }
}

fn filename(what: &str, f: &ReportFilter) -> String {
    format!(
        "attachment; filename=\"s136-{what}-{}-to-{}.csv\"",
        f.from, f.to
    )
}

async fn parsed(
    user: &CurrentUser,
    state: &web::Data<AppState>,
    q: ReportQuery,
) -> Result<(Scope, ReportFilter), AppError> {
    crate::domain::policy::REPORTS.check_role(&user.actor)?;
    let scope = user.actor.scope();
    let today = london(state.now()).date_naive();
    let f = with_db(state, move |c| reports::parse_filter(c, scope, &q, today)).await?;
    Ok((scope, f))
}

/// `GET /reports/{table}.csv`
pub async fn table(
    user: CurrentUser,
    state: web::Data<AppState>,
    name: web::Path<String>,
    query: web::Query<ReportQuery>,
    lang: web::Query<LangQuery>,
) -> Result<HttpResponse, AppError> {
    let name = name.into_inner();
    if name == "cases" {
        return cases(user, state, query, lang).await;
    }
    let lang = lang.or(user.reader.lang);
    if !TABLES.contains(&name.as_str()) {
        return Err(AppError::not_found());
    }
    let (scope, f) = parsed(&user, &state, query.into_inner()).await?;
    let fc = f.clone();
    let report = with_db(&state, move |c| reports::report(c, scope, &fc)).await?;
    let table = tables(&report, &f, lang)
        .into_iter()
        .find(|t| t.id == name)
        .ok_or_else(AppError::not_found)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", filename(&name, &f)))
        .body(table_csv(&table, lang)?))
}

/// `GET /reports/cases.csv`: streamed page by page, so a national all-time
/// export never sits whole in memory.
pub async fn cases(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<ReportQuery>,
    lang: web::Query<LangQuery>,
) -> Result<HttpResponse, AppError> {
    let lang = lang.or(user.reader.lang);
    let (scope, f) = parsed(&user, &state, query.into_inner()).await?;
    let sf = stay_filter(&f);
    let now = state.now();
    let target = with_db(&state, |c| Ok(crate::db::orgs::target_minutes(c)?)).await?;
    // (position after the last row sent, whether the header is still to come)
    type Cursor = Option<(NaiveDateTime, i64)>;
    let start: Option<(Cursor, bool)> = Some((None, true));
    let body = futures_util::stream::unfold(start, move |cursor| {
        let state = state.clone();
        let sf = sf.clone();
        async move {
            let (after, first) = cursor?;
            let (rows, cx) = match with_db(&state, move |c| {
                let rows = export_page(c, scope, &sf, after, PAGE)?;
                let mut ids: Vec<i64> = rows.iter().map(|r| r.episode_id).collect();
                ids.sort_unstable();
                ids.dedup();
                let cx = PageContext {
                    requests: crate::db::stay_requests::of_many(c, &ids)?,
                    sites: crate::db::episodes::stay_sites(c, &ids)?,
                    prealerts: crate::db::prealerts::of_episodes(c, &ids)?,
                    target,
                    now,
                };
                Ok((rows, cx))
            })
            .await
            {
                Ok(x) => x,
                Err(e) => return Some((Err(e), None)),
            };
            if rows.is_empty() && !first {
                return None;
            }
            let mut w = writer();
            let mut out = Vec::new();
            if first {
                out.extend_from_slice(BOM.as_bytes());
                if let Err(e) = w.write_record(CASE_COLUMNS.iter().map(|k| header(lang, k))) {
                    return Some((Err(csv_err(e)), None));
                }
            }
            for r in &rows {
                if let Err(e) = w.write_record(case_record(r, &cx)) {
                    return Some((Err(csv_err(e)), None));
                }
            }
            match finish(w) {
                Ok(b) => out.extend(b),
                Err(e) => return Some((Err(e), None)),
            }
            let next = (rows.len() as i64 == PAGE)
                .then(|| rows.last().map(|r| ((Some((r.arrived_at, r.id))), false)))
                .flatten();
            Some((Ok::<_, AppError>(Bytes::from(out)), next))
        }
    });
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", filename("cases", &f)))
        .streaming(futures_util::StreamExt::map(body, |chunk| {
            // Headers are sent by now: a failure can only cut the download short.
            chunk.map_err(|e| {
                log::error!("case export stopped: {e}");
                std::io::Error::other(e.to_string())
            })
        })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_not() {
        assert_eq!(safe_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_text("+44"), "'+44");
        assert_eq!(safe_text("-1"), "'-1");
        assert_eq!(safe_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_text("\tx"), "'\tx");
        assert_eq!(safe_text("Oakwood"), "Oakwood");
        assert_eq!(safe_text(""), "");
    }
}
