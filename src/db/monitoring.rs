//! The monitoring fields of a detention (Home Office annual data requirement,
//! MHSDS) and the counts of the Home Office return. Kept apart from
//! `db::episodes` so the rest of the record need not load them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

use super::DbConn;
use super::scope::Scope;
use crate::schema::{episodes, sites, stays};

/// The stored codes (see `domain::rules`), each `None` until recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = episodes)]
pub struct MonitoringRow {
    #[diesel(column_name = id)]
    pub episode_id: i64,
    pub age_band: Option<String>,
    pub sex: Option<String>,
    pub ethnicity: Option<String>,
    pub transport: Option<String>,
    pub police_vehicle_reason: Option<String>,
    pub ethnicity_perceived: Option<String>,
    pub arrested: Option<String>,
}

/// The codes to store; `None` clears a field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonitoringCodes<'a> {
    pub age_band: Option<&'a str>,
    pub sex: Option<&'a str>,
    pub ethnicity: Option<&'a str>,
    pub transport: Option<&'a str>,
    pub police_vehicle_reason: Option<&'a str>,
    pub ethnicity_perceived: Option<&'a str>,
    pub arrested: Option<&'a str>,
}

pub fn of_many(conn: &mut DbConn, episode_ids: &[i64]) -> QueryResult<Vec<MonitoringRow>> {
    episodes::table
        .filter(episodes::id.eq_any(episode_ids))
        .select(MonitoringRow::as_select())
        .load(conn)
}

pub fn set(conn: &mut DbConn, episode_id: i64, m: &MonitoringCodes) -> QueryResult<usize> {
    diesel::update(episodes::table.find(episode_id))
        .set((
            episodes::age_band.eq(m.age_band),
            episodes::sex.eq(m.sex),
            episodes::ethnicity.eq(m.ethnicity),
            episodes::transport.eq(m.transport),
            episodes::police_vehicle_reason.eq(m.police_vehicle_reason),
            episodes::ethnicity_perceived.eq(m.ethnicity_perceived),
            episodes::arrested.eq(m.arrested),
        ))
        .execute(conn)
}

/// One group of the return: the power (`s136`/`s135`), the code (`None`:
/// not recorded) and how many detentions.
pub type Group = (String, Option<String>, i64);

/// Which detentions the return counts: not cancelled, first arrival (stay 1)
/// on a Europe/London day in `from..=to`, visible in `scope` (the cases the
/// reader could open: their force's, or those that passed through their site).
#[derive(Debug, Clone, Copy)]
pub struct ReturnWindow {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub scope: Scope,
}

/// `GROUP BY` power and `$col` over the first stays in the window (and
/// `$extra`), joined to the episode and the first site. A macro because each
/// scope's filter gives the query another (unnameable) type, and a grouped
/// query cannot be boxed.
macro_rules! grouped {
    ($conn:expr, $w:expr, $col:expr, $extra:expr) => {
        grouped!(
            $conn,
            $w,
            $extra,
            (episodes::kind, $col),
            (episodes::kind, $col, diesel::dsl::count_star())
        )
    };
    ($conn:expr, $w:expr, $extra:expr, $group:expr, $select:expr) => {{
        let w: ReturnWindow = $w;
        let any_stay = diesel::alias!(stays as any_stay);
        macro_rules! run {
            ($scope_filter:expr) => {
                stays::table
                    .inner_join(episodes::table)
                    .inner_join(sites::table)
                    .filter(stays::seq.eq(1))
                    .filter(episodes::cancelled_at.is_null())
                    .filter(stays::arrived_local_date.ge(w.from))
                    .filter(stays::arrived_local_date.le(w.to))
                    .filter($extra)
                    .filter($scope_filter)
                    .group_by($group)
                    .select($select)
                    .load::<Group>($conn)
            };
        }
        match w.scope {
            Scope::All => run!(stays::seq.eq(1)),
            Scope::Force(f) => run!(episodes::force_id.eq(f)),
            Scope::Site(s) => run!(
                episodes::id.eq_any(
                    any_stay
                        .filter(any_stay.field(stays::site_id).eq(s))
                        .select(any_stay.field(stays::episode_id))
                )
            ),
            Scope::Nothing => Ok(Vec::new()),
        }
    }};
}

/// Each stay at a police station of the detentions the return counts: the
/// power, when the person arrived there and when they left it (the transfer
/// out, else the end of the detention; `None` while still held or when no
/// end was recorded). The return bands the hours in Rust, the same on both
/// backends (their date arithmetic differs).
pub fn police_station_stays(
    conn: &mut DbConn,
    w: ReturnWindow,
) -> QueryResult<Vec<(String, NaiveDateTime, Option<NaiveDateTime>)>> {
    let first = diesel::alias!(stays as first);
    let counted = first
        .filter(first.field(stays::seq).eq(1))
        .filter(first.field(stays::arrived_local_date).ge(w.from))
        .filter(first.field(stays::arrived_local_date).le(w.to))
        .select(first.field(stays::episode_id));
    let q = stays::table
        .inner_join(episodes::table)
        .inner_join(sites::table)
        .filter(sites::kind.eq("police_station"))
        .filter(episodes::cancelled_at.is_null())
        .filter(stays::episode_id.eq_any(counted))
        .select((
            episodes::kind,
            stays::arrived_at,
            stays::departed_at,
            episodes::ended_at,
        ));
    let rows: Vec<(
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
    )> = match w.scope {
        Scope::All => q.load(conn)?,
        Scope::Force(f) => q.filter(episodes::force_id.eq(f)).load(conn)?,
        Scope::Site(s) => {
            let any_stay = diesel::alias!(stays as any_stay);
            q.filter(
                episodes::id.eq_any(
                    any_stay
                        .filter(any_stay.field(stays::site_id).eq(s))
                        .select(any_stay.field(stays::episode_id)),
                ),
            )
            .load(conn)?
        }
        Scope::Nothing => Vec::new(),
    };
    Ok(rows
        .into_iter()
        .map(|(kind, arrived, departed, ended)| (kind, arrived, departed.or(ended)))
        .collect())
}

/// The dimensions of the return, each counted by one `GROUP BY` query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    AgeBand,
    Sex,
    Ethnicity,
    FirstPlaceKind,
    Transport,
    /// Among detentions taken in a police vehicle only.
    PoliceVehicleReason,
    Outcome,
    /// The officer-perceived ethnic group (recorded where it differs).
    EthnicityPerceived,
    /// Among detentions with a stay at a police station only.
    Arrested,
}

pub fn count_by(conn: &mut DbConn, w: ReturnWindow, d: Dimension) -> QueryResult<Vec<Group>> {
    // A no-op condition for the dimensions that count every detention.
    let all = stays::seq.eq(1);
    match d {
        Dimension::AgeBand => grouped!(conn, w, episodes::age_band, all),
        Dimension::Sex => grouped!(conn, w, episodes::sex, all),
        Dimension::Ethnicity => grouped!(conn, w, episodes::ethnicity, all),
        Dimension::Transport => grouped!(conn, w, episodes::transport, all),
        Dimension::Outcome => grouped!(conn, w, episodes::outcome, all),
        Dimension::EthnicityPerceived => grouped!(conn, w, episodes::ethnicity_perceived, all),
        Dimension::Arrested => {
            let (station, ps) = diesel::alias!(stays as station, sites as ps);
            grouped!(
                conn,
                w,
                episodes::arrested,
                episodes::id.eq_any(
                    station
                        .filter(
                            station.field(stays::site_id).eq_any(
                                ps.filter(ps.field(sites::kind).eq("police_station"))
                                    .select(ps.field(sites::id))
                            )
                        )
                        .select(station.field(stays::episode_id))
                )
            )
        }
        // The reason applies only to police vehicles (and is refused for anything else).
        Dimension::PoliceVehicleReason => grouped!(
            conn,
            w,
            episodes::police_vehicle_reason,
            episodes::transport.eq("police_vehicle")
        ),
        // Columns of two tables: diesel's group-by check wants them declared
        // together, so this one is spelt out (fixed SQL, no input in it).
        Dimension::FirstPlaceKind => grouped!(
            conn,
            w,
            all,
            sql::<Text>("episodes.kind, sites.kind"),
            sql::<(Text, Nullable<Text>, BigInt)>("episodes.kind, sites.kind, COUNT(*)")
        ),
    }
}
