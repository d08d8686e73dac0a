//! Writes for corrections of recorded times: a stay's times with everything
//! derived from them, an episode's times, an extension's authorised time, a
//! health check's time.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::DbConn;
use crate::schema::{episodes, extensions, health_checks, stays};

/// Every stored time of a stay and every column derived from them.
pub struct StayTimes {
    pub arrived_at: NaiveDateTime,
    pub handover_offered_at: Option<NaiveDateTime>,
    pub handed_over_at: Option<NaiveDateTime>,
    pub police_left_at: Option<NaiveDateTime>,
    pub departed_at: Option<NaiveDateTime>,
    pub handover_seconds: Option<i64>,
    pub breached: Option<bool>,
    pub arrived_local_date: NaiveDate,
    pub arrived_local_hour: i16,
    pub arrived_local_dow: i16,
}

pub fn set_stay_times(conn: &mut DbConn, stay_id: i64, t: &StayTimes) -> QueryResult<usize> {
    diesel::update(stays::table.find(stay_id))
        .set((
            stays::arrived_at.eq(t.arrived_at),
            stays::handover_offered_at.eq(t.handover_offered_at),
            stays::handed_over_at.eq(t.handed_over_at),
            stays::police_left_at.eq(t.police_left_at),
            stays::departed_at.eq(t.departed_at),
            stays::handover_seconds.eq(t.handover_seconds),
            stays::breached.eq(t.breached),
            stays::arrived_local_date.eq(t.arrived_local_date),
            stays::arrived_local_hour.eq(t.arrived_local_hour),
            stays::arrived_local_dow.eq(t.arrived_local_dow),
        ))
        .execute(conn)
}

/// The reason for a delay, recorded when a correction makes a stay a breach.
pub fn set_delay_reason(
    conn: &mut DbConn,
    stay_id: i64,
    reason: &str,
    note: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(stays::table.find(stay_id))
        .set((stays::delay_reason.eq(reason), stays::delay_note.eq(note)))
        .execute(conn)
}

/// The times stored on the episode itself.
pub struct EpisodeTimes {
    pub detained_at: Option<NaiveDateTime>,
    pub warrant_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
    pub assessment_started_at: Option<NaiveDateTime>,
    pub assessment_completed_at: Option<NaiveDateTime>,
}

pub fn set_episode_times(
    conn: &mut DbConn,
    episode_id: i64,
    t: &EpisodeTimes,
) -> QueryResult<usize> {
    diesel::update(episodes::table.find(episode_id))
        .set((
            episodes::detained_at.eq(t.detained_at),
            episodes::warrant_at.eq(t.warrant_at),
            episodes::ended_at.eq(t.ended_at),
            episodes::assessment_started_at.eq(t.assessment_started_at),
            episodes::assessment_completed_at.eq(t.assessment_completed_at),
        ))
        .execute(conn)
}

pub fn set_extension_authorised_at(
    conn: &mut DbConn,
    extension_id: i64,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(extensions::table.find(extension_id))
        .set(extensions::authorised_at.eq(at))
        .execute(conn)
}

pub fn set_check_time(conn: &mut DbConn, check_id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(health_checks::table.find(check_id))
        .set(health_checks::checked_at.eq(at))
        .execute(conn)
}
