//! Safeguards: the power used (s136 or s135) and where, police-station
//! authorisations and the health checks made there.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use crate::schema::{episodes, health_checks, police_station_authorisations as psa, stays};

/// The safeguard fields of an episode.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = episodes)]
pub struct Power {
    pub id: i64,
    pub kind: String,
    pub location_type: Option<String>,
    pub warrant_at: Option<NaiveDateTime>,
    pub amhp_name: Option<String>,
    pub age_band: Option<String>,
}

pub struct NewPower<'a> {
    pub kind: &'a str,
    pub location_type: Option<&'a str>,
    pub warrant_at: Option<NaiveDateTime>,
    pub amhp_name: Option<&'a str>,
}

pub fn power_of(conn: &mut DbConn, episode_id: i64) -> QueryResult<Power> {
    episodes::table
        .find(episode_id)
        .select(Power::as_select())
        .first(conn)
}

pub fn powers_of_many(conn: &mut DbConn, episode_ids: &[i64]) -> QueryResult<Vec<Power>> {
    episodes::table
        .filter(episodes::id.eq_any(episode_ids))
        .select(Power::as_select())
        .load(conn)
}

/// Sets the power at arrival (the episode was just inserted as s136).
pub fn set_power(conn: &mut DbConn, episode_id: i64, p: &NewPower) -> QueryResult<usize> {
    diesel::update(episodes::table.find(episode_id))
        .set((
            episodes::kind.eq(p.kind),
            episodes::location_type.eq(p.location_type),
            episodes::warrant_at.eq(p.warrant_at),
            episodes::amhp_name.eq(p.amhp_name),
        ))
        .execute(conn)
}

pub fn set_location_type(
    conn: &mut DbConn,
    episode_id: i64,
    location_type: &str,
) -> QueryResult<usize> {
    diesel::update(episodes::table.find(episode_id))
        .set(episodes::location_type.eq(location_type))
        .execute(conn)
}

pub fn set_age_band(conn: &mut DbConn, episode_id: i64, age_band: &str) -> QueryResult<usize> {
    diesel::update(episodes::table.find(episode_id))
        .set(episodes::age_band.eq(age_band))
        .execute(conn)
}

/// The id of stay `seq` of an episode.
pub fn stay_id(conn: &mut DbConn, episode_id: i64, seq: i32) -> QueryResult<i64> {
    stays::table
        .filter(stays::episode_id.eq(episode_id))
        .filter(stays::seq.eq(seq))
        .select(stays::id)
        .first(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = psa)]
pub struct Authorisation {
    pub id: i64,
    pub stay_id: i64,
    pub episode_id: i64,
    pub inspector_name: String,
    pub inspector_collar: String,
    pub imminent_risk: bool,
    pub no_other_place: bool,
    /// `consulted` or `not_practicable`.
    pub health_consulted: String,
    pub not_consulted_reason: Option<String>,
    pub recorded_by: i64,
    pub created_at: NaiveDateTime,
}

pub struct NewAuthorisation<'a> {
    pub stay_id: i64,
    pub episode_id: i64,
    pub inspector_name: &'a str,
    pub inspector_collar: &'a str,
    pub health_consulted: &'a str,
    pub not_consulted_reason: Option<&'a str>,
    pub recorded_by: i64,
    pub created_at: NaiveDateTime,
}

/// Records an authorisation; both conditions were confirmed by the caller.
pub fn insert_authorisation(conn: &mut DbConn, a: &NewAuthorisation) -> QueryResult<usize> {
    diesel::insert_into(psa::table)
        .values((
            psa::stay_id.eq(a.stay_id),
            psa::episode_id.eq(a.episode_id),
            psa::inspector_name.eq(a.inspector_name),
            psa::inspector_collar.eq(a.inspector_collar),
            psa::imminent_risk.eq(true),
            psa::no_other_place.eq(true),
            psa::health_consulted.eq(a.health_consulted),
            psa::not_consulted_reason.eq(a.not_consulted_reason),
            psa::recorded_by.eq(a.recorded_by),
            psa::created_at.eq(a.created_at),
        ))
        .execute(conn)
}

pub fn authorisations_of_many(
    conn: &mut DbConn,
    episode_ids: &[i64],
) -> QueryResult<Vec<Authorisation>> {
    psa::table
        .filter(psa::episode_id.eq_any(episode_ids))
        .order((psa::episode_id.asc(), psa::id.asc()))
        .select(Authorisation::as_select())
        .load(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = health_checks)]
pub struct HealthCheck {
    pub id: i64,
    pub episode_id: i64,
    pub stay_id: i64,
    pub checked_at: NaiveDateTime,
    pub checked_by_name: String,
    pub note: Option<String>,
    pub recorded_by: i64,
    pub created_at: NaiveDateTime,
}

pub struct NewHealthCheck<'a> {
    pub episode_id: i64,
    pub stay_id: i64,
    pub checked_at: NaiveDateTime,
    pub checked_by_name: &'a str,
    pub note: Option<&'a str>,
    pub recorded_by: i64,
    pub created_at: NaiveDateTime,
}

pub fn insert_check(conn: &mut DbConn, h: &NewHealthCheck) -> QueryResult<usize> {
    diesel::insert_into(health_checks::table)
        .values((
            health_checks::episode_id.eq(h.episode_id),
            health_checks::stay_id.eq(h.stay_id),
            health_checks::checked_at.eq(h.checked_at),
            health_checks::checked_by_name.eq(h.checked_by_name),
            health_checks::note.eq(h.note),
            health_checks::recorded_by.eq(h.recorded_by),
            health_checks::created_at.eq(h.created_at),
        ))
        .execute(conn)
}

/// Checks of several episodes, each episode's in time order.
pub fn checks_of_many(conn: &mut DbConn, episode_ids: &[i64]) -> QueryResult<Vec<HealthCheck>> {
    health_checks::table
        .filter(health_checks::episode_id.eq_any(episode_ids))
        .order((
            health_checks::episode_id.asc(),
            health_checks::checked_at.asc(),
            health_checks::id.asc(),
        ))
        .select(HealthCheck::as_select())
        .load(conn)
}
