//! `s136 demo`: two forces, four places of safety, an account for every role
//! and a few hundred past cases over 90 days, written through the same domain
//! functions as the pages (so every rule and audit row applies), with the
//! clock set to each event's time.

mod bulk;

use chrono::{DateTime, Duration, Timelike, Utc};
use clap::Args;

use crate::db::{DbConn, orgs, users};
use crate::domain::admin::{self, By, NewUserInput};
use crate::domain::auth::{Actor, random_token};
use crate::domain::episodes::{
    ArrivalInput, EndInput, HandoverInput, StayRequestInput, answer_stay_request,
    ask_police_to_stay, cancel, confirm_handover, log_arrival, record_end, record_police_left,
};
use crate::domain::monitoring::MonitoringInput;
use crate::domain::rules::{
    AgeBand, DelayReason, Ethnicity, Outcome, PoliceVehicleReason, Sex, Transport, is_breach,
};
use crate::domain::safeguards::{HealthCheckInput, record_health_check};

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Past cases to create.
    #[arg(long, default_value_t = 300)]
    pub episodes: u32,
    /// Seed for the pseudo-random generator (the same seed gives the same data).
    #[arg(long, default_value_t = 136)]
    pub seed: u64,
    /// Generate a national data set instead: 43 forces, 300 places of safety
    /// and --episodes detentions over this many years, written in bulk
    /// (for reports at scale and benchmarks; up to a million and more).
    #[arg(long)]
    pub years: Option<u32>,
}

/// xorshift64*: small, deterministic, good enough for demo data.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }
    fn normal(&mut self) -> f64 {
        let (u1, u2) = (self.unit().max(1e-12), self.unit());
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

const FORCES: &[(&str, &str)] = &[
    ("WMP", "West Midlands Police"),
    ("WYP", "West Yorkshire Police"),
];
const SITES: &[(&str, &str, &str, &str)] = &[
    (
        "OAK",
        "Oakwood 136 suite",
        "mental_health_unit",
        "Birmingham Mental Health NHS Foundation Trust",
    ),
    (
        "CITYED",
        "City Hospital emergency department",
        "emergency_department",
        "City Hospitals NHS Trust",
    ),
    (
        "MOOR",
        "Moorside 136 suite",
        "mental_health_unit",
        "Yorkshire Minds NHS Foundation Trust",
    ),
    (
        "CUSTODY",
        "Central custody suite",
        "police_station",
        "West Yorkshire Police",
    ),
];

fn actor(conn: &mut DbConn, username: &str) -> anyhow::Result<Actor> {
    let u = users::by_username(conn, username)?
        .ok_or_else(|| anyhow::anyhow!("demo user {username} missing"))?;
    Actor::from_user(&u).ok_or_else(|| anyhow::anyhow!("demo user {username} has no role"))
}

fn fail(e: crate::AppError) -> anyhow::Error {
    anyhow::anyhow!("{} {:?}", crate::i18n::en(&e.message), e.fields.0)
}

/// A plausible arrival hour: fewer in the early morning, most in the evening.
fn arrival_in_day(rng: &mut Rng) -> u32 {
    const WEIGHTS: [u32; 24] = [
        5, 4, 3, 2, 2, 2, 2, 3, 4, 5, 6, 6, 6, 6, 7, 7, 8, 8, 9, 9, 9, 8, 7, 6,
    ];
    let total: u32 = WEIGHTS.iter().sum();
    let mut pick = (rng.unit() * total as f64) as u32;
    for (h, w) in WEIGHTS.iter().enumerate() {
        if pick < *w {
            return h as u32;
        }
        pick -= w;
    }
    23
}

/// A police station needs an adult age band and an inspector's authorisation
/// (s136A; SI 2017/1036 reg 2); other sites need nothing more.
fn custody_input(site: &str, rng: &mut Rng) -> ArrivalInput {
    let custody = site == "CUSTODY";
    let about = about_person(rng, custody);
    if !custody {
        return ArrivalInput {
            about,
            ..Default::default()
        };
    }
    ArrivalInput {
        about,
        police_station: crate::domain::safeguards::PoliceStationInput {
            inspector_name: Some("Insp. Dana Price".into()),
            inspector_collar: Some("2231".into()),
            imminent_risk: true,
            no_other_place: true,
            health_consulted: Some("consulted".into()),
            not_consulted_reason: None,
        },
        ..Default::default()
    }
}

/// Monitoring fields as officers really leave them: mostly recorded, some
/// missing, so the Home Office return shows its "not recorded" rows.
fn about_person(rng: &mut Rng, custody: bool) -> MonitoringInput {
    fn weighted<T: Copy>(rng: &mut Rng, options: &[(T, u32)]) -> T {
        let total: u32 = options.iter().map(|(_, w)| w).sum();
        let mut pick = rng.below(total as usize) as u32;
        for (o, w) in options {
            if pick < *w {
                return *o;
            }
            pick -= w;
        }
        options[0].0
    }
    let known = |rng: &mut Rng, p: f64| rng.unit() < p;
    let ages: &[(AgeBand, u32)] = &[
        (AgeBand::Under18, 6),
        (AgeBand::From18To24, 22),
        (AgeBand::From25To34, 27),
        (AgeBand::From35To44, 19),
        (AgeBand::From45To54, 14),
        (AgeBand::From55To64, 8),
        (AgeBand::From65, 4),
    ];
    // A police station needs a known adult band (s136A).
    let age = (custody || known(rng, 0.9)).then(|| {
        weighted(rng, &ages[usize::from(custody)..])
            .code()
            .to_string()
    });
    let sex = known(rng, 0.92).then(|| {
        weighted(
            rng,
            &[
                (Sex::Male, 55),
                (Sex::Female, 43),
                (Sex::Other, 1),
                (Sex::NotStated, 1),
            ],
        )
        .code()
        .to_string()
    });
    let ethnicity = known(rng, 0.8)
        .then(|| Ethnicity::ALL[rng.below(Ethnicity::ALL.len())])
        .map(|e| {
            // Mostly White British, as in the national figures.
            if rng.unit() < 0.6 {
                Ethnicity::WhiteBritish
            } else {
                e
            }
        })
        .map(|e| e.code().to_string());
    let transport = known(rng, 0.85).then(|| {
        weighted(
            rng,
            &[
                (Transport::Ambulance, 48),
                (Transport::PoliceVehicle, 42),
                (Transport::OtherHealthVehicle, 2),
                (Transport::Other, 3),
                (Transport::Unknown, 3),
                (Transport::AlreadyAtPlaceOfSafety, 2),
            ],
        )
    });
    let police_vehicle_reason = (transport == Some(Transport::PoliceVehicle) && known(rng, 0.9))
        .then(|| {
            PoliceVehicleReason::ALL[rng.below(PoliceVehicleReason::ALL.len())]
                .code()
                .to_string()
        });
    MonitoringInput {
        age_band: age,
        sex,
        ethnicity,
        transport: transport.map(|t| t.code().to_string()),
        police_vehicle_reason,
        ..Default::default()
    }
}

/// Roughly the national mix of s136 outcomes (most go home with or without
/// follow-up; about a quarter are admitted under section 2).
fn outcome(rng: &mut Rng) -> Outcome {
    let pick = rng.below(100);
    match pick {
        0..=19 => Outcome::AdmittedInformally,
        20..=44 => Outcome::DetainedS2,
        45..=49 => Outcome::DetainedS3,
        50..=84 => Outcome::DischargedWithFollowUp,
        85..=94 => Outcome::DischargedWithoutFollowUp,
        95..=97 => Outcome::TransferredToPoliceCustody,
        _ => Outcome::Other,
    }
}

pub fn run(conn: &mut DbConn, args: &DemoArgs) -> anyhow::Result<()> {
    if let Some(years) = args.years {
        return bulk::run(conn, args.episodes, years, args.seed);
    }
    if orgs::force_by_code(conn, "WMP")?.is_some() {
        anyhow::bail!("the demo data is already in this database");
    }
    let now = Utc::now();
    let setup_time = now - Duration::days(91);
    for (code, name) in FORCES {
        admin::add_force(conn, &By::Cli, code, name, setup_time).map_err(fail)?;
    }
    for (code, name, kind, trust) in SITES {
        admin::add_site(conn, &By::Cli, code, name, kind, trust, setup_time).map_err(fail)?;
    }
    let accounts: &[(&str, &str, &str, &str, &str, &str)] = &[
        ("officer.wmp", "PC Sam Patel", "officer", "WMP", "", "4521"),
        ("officer.wyp", "PC Jo Hughes", "officer", "WYP", "", "1187"),
        ("nurse.oak", "Alex Morgan", "health", "", "OAK", ""),
        ("nurse.cityed", "Priya Shah", "health", "", "CITYED", ""),
        ("nurse.moor", "Chris Bell", "health", "", "MOOR", ""),
        ("hcp.custody", "Dee Walsh", "health", "", "CUSTODY", ""),
        ("manager.wmp", "Insp. Lee Carter", "manager", "WMP", "", ""),
        (
            "manager.oak",
            "Ward manager Oakwood",
            "manager",
            "",
            "OAK",
            "",
        ),
        (
            "manager.all",
            "Partnership board analyst",
            "manager",
            "",
            "",
            "",
        ),
    ];
    println!("Demo accounts (passwords shown once):");
    for (username, name, role, force, site, collar) in accounts {
        let password = random_token(9);
        let input = NewUserInput {
            username: username.to_string(),
            display_name: name.to_string(),
            role: role.to_string(),
            force_code: force.to_string(),
            site_code: site.to_string(),
            collar_number: collar.to_string(),
            password: password.clone(),
            // A demonstration is for trying the service: its made-up
            // accounts need no change at first sign-in.
            must_change_password: false,
        };
        admin::add_user(conn, &By::Cli, &input, setup_time).map_err(fail)?;
        println!("  {username:<14} {role:<8} {password}");
    }

    // Which force takes people where (police stations only rarely).
    let routes: &[(&str, &str, f64)] = &[
        ("officer.wmp", "OAK", 0.45),
        ("officer.wmp", "CITYED", 0.30),
        ("officer.wyp", "MOOR", 0.22),
        ("officer.wyp", "CUSTODY", 0.03),
    ];
    let health_for = |site: &str| match site {
        "OAK" => "nurse.oak",
        "CITYED" => "nurse.cityed",
        "MOOR" => "nurse.moor",
        _ => "hcp.custody",
    };
    let mut rng = Rng(args.seed.max(1));
    let mut made = 0;
    let target = crate::db::orgs::target_minutes(conn)?;
    let mut arrivals: Vec<DateTime<Utc>> = (0..args.episodes)
        .map(|_| {
            let day = now - Duration::days(1 + rng.below(89) as i64);
            let t = day.with_hour(arrival_in_day(&mut rng)).unwrap_or(day);
            t - Duration::minutes(rng.below(60) as i64)
        })
        .collect();
    arrivals.sort();
    for arrived in arrivals {
        let pick = rng.unit();
        let mut acc = 0.0;
        let route = routes.iter().find(|r| {
            acc += r.2;
            pick < acc
        });
        let (officer, site, _) = route.unwrap_or(&routes[0]);
        let officer = actor(conn, officer)?;
        let health = actor(conn, health_for(site))?;
        // Long-tailed waits: median about 45 minutes, a tail to 16 hours.
        let minutes = (3.8 + 0.85 * rng.normal()).exp().clamp(4.0, 16.0 * 60.0);
        let handed = arrived + Duration::seconds((minutes * 60.0) as i64);
        let logged = log_arrival(
            conn,
            &officer,
            &ArrivalInput {
                site_code: Some(site.to_string()),
                officers: Some(if rng.unit() < 0.7 {
                    2
                } else {
                    1 + rng.below(3) as i64
                }),
                ..custody_input(site, &mut rng)
            },
            arrived,
        )
        .map_err(fail)?;
        if rng.unit() < 0.03 {
            cancel(
                conn,
                &officer,
                &logged.reference,
                Some("Logged in error: duplicate of another case"),
                arrived + Duration::minutes(5),
            )
            .map_err(fail)?;
            continue;
        }
        let breached = is_breach((handed - arrived).num_seconds(), target);
        let reason = breached.then(|| DelayReason::ALL[rng.below(DelayReason::ALL.len())]);
        // Near the target, staff often ask police to stay; most officers agree.
        if let Some(r) = reason.filter(|_| rng.unit() < 0.4) {
            let asked = arrived + Duration::minutes((target - 10).max(1));
            ask_police_to_stay(
                conn,
                &health,
                &logged.reference,
                &StayRequestInput {
                    reason: Some(r.code().to_string()),
                    reason_note: (r == DelayReason::Other)
                        .then(|| "Assessment team attending another emergency".into()),
                },
                asked,
            )
            .map_err(fail)?;
            let agreed = rng.unit() < 0.7;
            answer_stay_request(
                conn,
                &officer,
                &logged.reference,
                agreed,
                asked + Duration::minutes(3),
            )
            .map_err(fail)?;
        }
        confirm_handover(
            conn,
            &health,
            &logged.reference,
            &HandoverInput {
                delay_reason: reason.map(|r| r.code().to_string()),
                delay_note: (reason == Some(DelayReason::Other))
                    .then(|| "Assessment team attending another emergency".into()),
                ..Default::default()
            },
            handed,
        )
        .map_err(fail)?;
        let left = handed + Duration::minutes(3 + rng.below(15) as i64);
        record_police_left(conn, &officer, &logged.reference, None, None, left).map_err(fail)?;
        // The Mental Health Act assessment follows; the detention ends with
        // its outcome (unless that is still to come: the last day's cases).
        let started = handed + Duration::minutes(10 + rng.below(50) as i64);
        let completed = started + Duration::minutes(30 + rng.below(60) as i64);
        let ended = completed.max(left) + Duration::minutes(5 + rng.below(60) as i64);
        let how = outcome(&mut rng);
        if ended < now - Duration::minutes(10) {
            record_end(
                conn,
                &health,
                &logged.reference,
                &EndInput {
                    ended_at: Some(ended),
                    outcome: Some(how.code().to_string()),
                    outcome_note: (how == Outcome::Other)
                        .then(|| "Taken home by family with a crisis team visit".into()),
                    assessment_started_at: Some(started),
                    assessment_completed_at: Some(completed),
                    expected_version: None,
                },
                ended,
            )
            .map_err(fail)?;
        }
        made += 1;
    }
    // A few people waiting now, some already past the hour.
    for (minutes_ago, officer, site) in [
        (12, "officer.wmp", "OAK"),
        (41, "officer.wmp", "OAK"),
        (58, "officer.wmp", "CITYED"),
        (95, "officer.wmp", "OAK"),
        (170, "officer.wyp", "MOOR"),
    ] {
        let officer = actor(conn, officer)?;
        log_arrival(
            conn,
            &officer,
            &ArrivalInput {
                site_code: Some(site.into()),
                ..Default::default()
            },
            now - Duration::minutes(minutes_ago),
        )
        .map_err(fail)?;
    }
    // Someone held at the police station now, handed over 40 minutes ago:
    // the custody board shows them with the 30-minute health check overdue.
    let (officer, hcp) = (actor(conn, "officer.wyp")?, actor(conn, "hcp.custody")?);
    let held = log_arrival(
        conn,
        &officer,
        &ArrivalInput {
            site_code: Some("CUSTODY".into()),
            ..custody_input("CUSTODY", &mut rng)
        },
        now - Duration::minutes(75),
    )
    .map_err(fail)?;
    confirm_handover(
        conn,
        &hcp,
        &held.reference,
        &HandoverInput::default(),
        now - Duration::minutes(40),
    )
    .map_err(fail)?;
    record_health_check(
        conn,
        &hcp,
        &held.reference,
        &HealthCheckInput::default(),
        now - Duration::minutes(35),
    )
    .map_err(fail)?;
    println!(
        "Created {made} handed-over cases over 90 days, some cancelled, 5 people waiting now and 1 held at the police station."
    );
    Ok(())
}
