//! `s136 demo --years Y --episodes N`: a synthetic national data set for
//! reports and benchmarks. The 43 forces of England and Wales, 300 places of
//! safety, and N detentions spread over Y years ending yesterday, with a daily
//! and weekly rhythm of arrivals, a long tail of waits (most under an hour, a
//! few to 16 hours, shorter since Right Care, Right Person) and delay reasons
//! on most breaches. Written in batches straight through `db::bulk`: going
//! through the per-case rules would take hours at a million stays.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use std::time::Instant;

use super::{Rng, arrival_in_day, fail};
use crate::db::bulk::{self, BulkCase};
use crate::db::{DbConn, orgs, users};
use crate::domain::admin::{self, By, NewUserInput};
use crate::domain::auth::random_token;
use crate::domain::rules::is_breach;
use crate::domain::time::{local_parts, london, to_db};
use crate::domain::types::Reference;

/// The territorial forces of England and Wales, with a rough weight for how
/// many detentions each records (the Met most).
const FORCES: &[(&str, &str, u32)] = &[
    ("ASP", "Avon and Somerset Constabulary", 4),
    ("BDP", "Bedfordshire Police", 2),
    ("CAM", "Cambridgeshire Constabulary", 2),
    ("CHE", "Cheshire Constabulary", 2),
    ("COL", "City of London Police", 1),
    ("CLE", "Cleveland Police", 2),
    ("CUM", "Cumbria Constabulary", 1),
    ("DER", "Derbyshire Constabulary", 2),
    ("DCP", "Devon and Cornwall Police", 4),
    ("DOR", "Dorset Police", 2),
    ("DUR", "Durham Constabulary", 2),
    ("DPP", "Dyfed-Powys Police", 1),
    ("ESS", "Essex Police", 3),
    ("GLO", "Gloucestershire Constabulary", 1),
    ("GMP", "Greater Manchester Police", 6),
    ("GWE", "Gwent Police", 1),
    ("HAM", "Hampshire and Isle of Wight Constabulary", 4),
    ("HER", "Hertfordshire Constabulary", 2),
    ("HUM", "Humberside Police", 2),
    ("KEN", "Kent Police", 4),
    ("LAN", "Lancashire Constabulary", 4),
    ("LEI", "Leicestershire Police", 2),
    ("LIN", "Lincolnshire Police", 2),
    ("MER", "Merseyside Police", 4),
    ("MPS", "Metropolitan Police Service", 14),
    ("NOR", "Norfolk Constabulary", 2),
    ("NWP", "North Wales Police", 2),
    ("NYP", "North Yorkshire Police", 2),
    ("NTH", "Northamptonshire Police", 2),
    ("NBR", "Northumbria Police", 3),
    ("NOT", "Nottinghamshire Police", 2),
    ("SWP", "South Wales Police", 3),
    ("SYP", "South Yorkshire Police", 3),
    ("STA", "Staffordshire Police", 2),
    ("SUF", "Suffolk Constabulary", 2),
    ("SUR", "Surrey Police", 2),
    ("SUS", "Sussex Police", 3),
    ("TVP", "Thames Valley Police", 4),
    ("WAR", "Warwickshire Police", 1),
    ("WMC", "West Mercia Police", 2),
    ("WMP", "West Midlands Police", 6),
    ("WYP", "West Yorkshire Police", 5),
    ("WIL", "Wiltshire Police", 1),
];

const SITES: usize = 300;
/// Rows per transaction.
const BATCH: usize = 10_000;

struct SiteInfo {
    id: i64,
    kind: &'static str,
}

/// Delay reasons on breaches, weighted, with the place-of-safety kind that
/// makes each likelier.
fn reason(rng: &mut Rng, kind: &str) -> Option<&'static str> {
    if rng.unit() < 0.08 {
        return None; // some breaches are recorded without a reason
    }
    let ed = kind == "emergency_department";
    let table: [(&'static str, f64); 6] = [
        ("insufficient_staff", 0.33),
        ("awaiting_medical_clearance", if ed { 0.35 } else { 0.08 }),
        ("awaiting_bed_or_transfer", 0.22),
        ("risk_to_life", 0.07),
        ("violence_or_absconding_risk", 0.07),
        ("other", 0.04),
    ];
    let total: f64 = table.iter().map(|r| r.1).sum();
    let mut pick = rng.unit() * total;
    for (code, w) in table {
        if pick < w {
            return Some(code);
        }
        pick -= w;
    }
    Some("other")
}

/// Busier on Friday and Saturday nights.
const WEEKDAY_WEIGHT: [f64; 7] = [0.95, 0.93, 0.95, 0.98, 1.08, 1.12, 0.99];

pub fn run(conn: &mut DbConn, episodes: u32, years: u32, seed: u64) -> anyhow::Result<()> {
    if bulk::count_stays(conn)? > 0 || orgs::force_by_code(conn, "MPS")?.is_some() {
        anyhow::bail!("this database already has cases; generate into an empty one");
    }
    if !(1..=100).contains(&years) {
        anyhow::bail!("--years must be from 1 to 100");
    }
    let now = Utc::now();
    let today = london(now).date_naive();
    let first_day = today - Duration::days(365 * years as i64 + (years as i64) / 4);
    let setup_time = now - Duration::days(365 * years as i64 + 400);
    let mut rng = Rng(seed.max(1));

    let started = Instant::now();
    let mut force_ids = Vec::new();
    for (code, name, _) in FORCES {
        let f = admin::add_force(conn, &By::Cli, code, name, setup_time).map_err(fail)?;
        force_ids.push(f.id);
    }
    // Sites per force in proportion to its weight; each force gets at least one
    // mental health unit and one emergency department.
    let total_weight: u32 = FORCES.iter().map(|f| f.2).sum();
    let mut sites_of: Vec<Vec<SiteInfo>> = Vec::new();
    let mut made = 0;
    for (i, (code, name, w)) in FORCES.iter().enumerate() {
        let share = if i + 1 == FORCES.len() {
            SITES - made
        } else {
            ((SITES as u32 * w) / total_weight).max(2) as usize
        };
        let area = name
            .trim_end_matches(" Police Service")
            .trim_end_matches(" Constabulary")
            .trim_end_matches(" Police");
        let mut list = Vec::new();
        for n in 0..share {
            let kind = match n % 14 {
                0 | 2 | 4 | 6 | 8 | 10 => "mental_health_unit",
                13 if n > 13 => "police_station",
                12 => "other",
                _ => "emergency_department",
            };
            let (label, trust) = match kind {
                "mental_health_unit" => ("136 suite", "Mental Health NHS Foundation Trust"),
                "emergency_department" => ("emergency department", "Hospitals NHS Trust"),
                "police_station" => ("custody suite", "Police"),
                _ => ("crisis house", "Community Interest Company"),
            };
            let site_code = format!("{code}{:02}", n + 1);
            let s = admin::add_site(
                conn,
                &By::Cli,
                &site_code,
                &format!("{area} {label} {}", n + 1),
                kind,
                &format!("{area} {trust}"),
                setup_time,
            )
            .map_err(fail)?;
            list.push(SiteInfo { id: s.id, kind });
        }
        made += share;
        sites_of.push(list);
    }

    let accounts: &[(&str, &str, &str, &str, &str)] = &[
        ("officer.wmp", "PC Sam Patel", "officer", "WMP", "4521"),
        ("manager.wmp", "Insp. Lee Carter", "manager", "WMP", ""),
        (
            "manager.all",
            "Partnership board analyst",
            "manager",
            "",
            "",
        ),
    ];
    println!("Demo accounts (passwords shown once):");
    for (username, name, role, force, collar) in accounts {
        let password = random_token(9);
        let input = NewUserInput {
            username: username.to_string(),
            display_name: name.to_string(),
            role: role.to_string(),
            force_code: force.to_string(),
            collar_number: collar.to_string(),
            password: password.clone(),
            ..Default::default()
        };
        admin::add_user(conn, &By::Cli, &input, setup_time).map_err(fail)?;
        println!("  {username:<14} {role:<8} {password}");
    }
    let created_by = users::by_username(conn, "officer.wmp")?
        .map(|u| u.id)
        .ok_or_else(|| anyhow::anyhow!("generator account missing"))?;
    let target = orgs::target_minutes(conn)?;
    let setup_secs = started.elapsed().as_secs_f64();

    // Spread exactly `episodes` over the days, weighted by weekday.
    let days = (today - first_day).num_days().max(1);
    let weights: Vec<f64> = (0..days)
        .map(|d| {
            let day = first_day + Duration::days(d);
            WEEKDAY_WEIGHT[day.weekday().num_days_from_monday() as usize]
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let per_weight = episodes as f64 / total;

    let started = Instant::now();
    let mut id = bulk::next_episode_id(conn)?;
    let mut batch: Vec<BulkCase> = Vec::with_capacity(BATCH);
    let mut cumulative: f64 = 0.0;
    let mut written: i64 = 0;
    for (d, w) in weights.iter().enumerate() {
        let day: NaiveDate = first_day + Duration::days(d as i64);
        let before = cumulative.round() as i64;
        cumulative += w * per_weight;
        let n = cumulative.round() as i64 - before;
        let progress = d as f64 / days as f64;
        let mut times: Vec<DateTime<Utc>> = (0..n)
            .filter_map(|_| {
                let local = day.and_hms_opt(
                    arrival_in_day(&mut rng),
                    rng.below(60) as u32,
                    rng.below(60) as u32,
                )?;
                uk_instant(local)
            })
            .collect();
        times.sort();
        for arrived in times {
            // Force by weight, then mostly one of its own sites.
            let mut pick = rng.below(total_weight as usize) as u32;
            let mut fi = 0;
            for (i, f) in FORCES.iter().enumerate() {
                if pick < f.2 {
                    fi = i;
                    break;
                }
                pick -= f.2;
            }
            let home = if rng.unit() < 0.85 {
                fi
            } else {
                (fi + 1 + rng.below(2)) % FORCES.len()
            };
            let candidates = &sites_of[home];
            // Police stations only exceptionally (about 1%).
            let mut site = &candidates[rng.below(candidates.len())];
            if site.kind == "police_station" && rng.unit() > 0.15 {
                site = &candidates[0];
            }
            let cancelled = rng.unit() < 0.03;
            // Long-tailed waits: median about 45 minutes, a tail to 16 hours,
            // longer in emergency departments and improving over the years.
            let mu = 3.85 - 0.35 * progress
                + if site.kind == "emergency_department" {
                    0.15
                } else {
                    0.0
                };
            let minutes = (mu + 0.85 * rng.normal()).exp().clamp(3.0, 16.0 * 60.0);
            let seconds = (minutes * 60.0) as i64;
            let (local_date, local_hour, local_dow) = local_parts(arrived);
            let breached = is_breach(seconds, target);
            let handed = arrived + Duration::seconds(seconds);
            let (handed_over_at, handover_seconds, breached, delay_reason, police_left_at) =
                if cancelled {
                    (None, None, None, None, None)
                } else {
                    (
                        Some(to_db(handed)),
                        Some(seconds),
                        Some(breached),
                        if breached {
                            reason(&mut rng, site.kind)
                        } else {
                            None
                        },
                        Some(to_db(handed + Duration::minutes(3 + rng.below(15) as i64))),
                    )
                };
            batch.push(BulkCase {
                id,
                reference: Reference::new(local_date.year(), id).into_inner(),
                force_id: force_ids[fi],
                site_id: site.id,
                collar_number: format!("{}", 1000 + rng.below(9000)),
                officers: if rng.unit() < 0.7 {
                    2
                } else {
                    1 + rng.below(3) as i32
                },
                arrived_at: to_db(arrived),
                local_date,
                local_hour,
                local_dow,
                handed_over_at,
                handover_seconds,
                breached,
                delay_reason,
                police_left_at,
                cancelled_at: cancelled.then(|| to_db(arrived + Duration::minutes(5))),
            });
            id += 1;
            if batch.len() == BATCH {
                bulk::insert_cases(conn, &batch, created_by)?;
                written += batch.len() as i64;
                batch.clear();
            }
        }
    }
    if !batch.is_empty() {
        bulk::insert_cases(conn, &batch, created_by)?;
        written += batch.len() as i64;
    }
    let write_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    bulk::finish(conn)?;
    println!(
        "Created {} forces, {SITES} places of safety and {written} stays from {first_day} to {} \
         in {:.1} s ({:.0} stays/s; set-up {:.1} s, statistics {:.1} s).",
        FORCES.len(),
        today - Duration::days(1),
        write_secs,
        written as f64 / write_secs.max(1e-9),
        setup_secs,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A UK wall-clock time as an instant: the later reading when the hour
/// repeats, an hour on when it was skipped.
fn uk_instant(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match London.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(_, t) => Some(t.with_timezone(&Utc)),
        LocalResult::None => uk_instant(local + Duration::hours(1)),
    }
}
