//! Who may do what to a case: one declared policy per action. The case
//! opening ([`super::case::act`]) enforces it; pages and the API ask it to
//! show or hide a button and to answer 403 before a form is shown.

use super::auth::Actor;
use super::rules::Role;
use crate::domain::lang::Msg;
use crate::error::AppError;

/// Where a role may act, beyond seeing the case at all (the scope query).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Anywhere the actor can see the case: officers of the force, health
    /// staff of a place of safety the person was taken to, managers in scope.
    InScope,
    /// Only at the place of safety where the person is now (health staff).
    WhereNow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub place: Place,
}

const fn grant(role: Role, place: Place) -> Grant {
    Grant { role, place }
}

/// The case actions, each with its one policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    LogArrival,
    OfferHandover,
    ConfirmHandover,
    AskToStay,
    AnswerStayRequest,
    PoliceLeft,
    Transfer,
    Extend,
    End,
    Cancel,
    Correct,
    HealthCheck,
    LocationType,
    Monitoring,
    /// Pages and figures, not a case: reports and the Home Office return.
    Reports,
    CaseList,
    Board,
    OfficerHome,
    Setup,
    /// Saying a person is on the way, or that they are no longer coming.
    Prealert,
    /// The live stream of changes, and the list of people on the way.
    Live,
}

#[derive(Debug)]
pub struct Policy {
    pub action: Action,
    pub grants: &'static [Grant],
    /// The catalogue key of "Your account ({ $role }) cannot …".
    pub refusal: &'static str,
    /// The catalogue key of "Only staff at the place of safety where the
    /// person is now can …".
    pub where_now: &'static str,
    /// Refused once the case is cancelled.
    pub open_only: bool,
    /// Refused once the detention has ended.
    pub before_end: bool,
}

use Place::{InScope, WhereNow};
use Role::{Admin, Health, Manager, Officer};

pub const LOG_ARRIVAL: Policy = Policy {
    action: Action::LogArrival,
    grants: &[grant(Officer, InScope)],
    refusal: "case-refuse-log-arrival",
    where_now: "",
    open_only: false,
    before_end: false,
};
pub const OFFER_HANDOVER: Policy = Policy {
    action: Action::OfferHandover,
    grants: &[grant(Officer, InScope)],
    refusal: "case-refuse-offer",
    where_now: "",
    open_only: true,
    before_end: true,
};
pub const CONFIRM_HANDOVER: Policy = Policy {
    action: Action::ConfirmHandover,
    grants: &[grant(Health, WhereNow)],
    refusal: "case-refuse-handover",
    where_now: "case-where-now-handover",
    open_only: true,
    before_end: true,
};
pub const ASK_TO_STAY: Policy = Policy {
    action: Action::AskToStay,
    grants: &[grant(Health, WhereNow)],
    refusal: "case-refuse-ask-stay",
    where_now: "case-where-now-ask-stay",
    open_only: true,
    before_end: true,
};
pub const ANSWER_STAY_REQUEST: Policy = Policy {
    action: Action::AnswerStayRequest,
    grants: &[grant(Officer, InScope)],
    refusal: "case-refuse-answer-stay",
    where_now: "",
    open_only: true,
    before_end: false,
};
pub const POLICE_LEFT: Policy = Policy {
    action: Action::PoliceLeft,
    grants: &[grant(Officer, InScope)],
    refusal: "case-refuse-police-left",
    where_now: "",
    open_only: true,
    before_end: false,
};
pub const TRANSFER: Policy = Policy {
    action: Action::Transfer,
    grants: &[grant(Officer, InScope), grant(Health, WhereNow)],
    refusal: "case-refuse-transfer",
    where_now: "case-where-now-transfer",
    open_only: true,
    before_end: true,
};
pub const EXTEND: Policy = Policy {
    action: Action::Extend,
    grants: &[grant(Health, WhereNow)],
    refusal: "case-refuse-extend",
    where_now: "case-where-now-extend",
    open_only: true,
    before_end: true,
};
pub const END: Policy = Policy {
    action: Action::End,
    grants: &[grant(Officer, InScope), grant(Health, WhereNow)],
    refusal: "case-refuse-end",
    where_now: "case-where-now-end",
    open_only: true,
    before_end: true,
};
pub const CANCEL: Policy = Policy {
    action: Action::Cancel,
    grants: &[
        grant(Officer, InScope),
        grant(Manager, InScope),
        grant(Admin, InScope),
    ],
    refusal: "case-refuse-cancel",
    where_now: "",
    // Cancelling a cancelled case has its own answer (409, not a field error).
    open_only: false,
    before_end: false,
};
/// Who may open corrections at all; which time each may correct is the
/// recorder rule in [`super::corrections`].
pub const CORRECT: Policy = Policy {
    action: Action::Correct,
    grants: &[
        grant(Officer, InScope),
        grant(Health, InScope),
        grant(Manager, InScope),
    ],
    refusal: "case-refuse-correct",
    where_now: "",
    open_only: true,
    before_end: false,
};
pub const HEALTH_CHECK: Policy = Policy {
    action: Action::HealthCheck,
    grants: &[grant(Officer, InScope), grant(Health, WhereNow)],
    refusal: "case-refuse-check",
    where_now: "case-where-now-check",
    open_only: true,
    before_end: true,
};
pub const LOCATION_TYPE: Policy = Policy {
    action: Action::LocationType,
    grants: &[grant(Officer, InScope)],
    refusal: "case-refuse-location",
    where_now: "",
    open_only: true,
    before_end: false,
};
pub const MONITORING: Policy = Policy {
    action: Action::Monitoring,
    grants: &[
        grant(Officer, InScope),
        grant(Health, InScope),
        grant(Manager, InScope),
    ],
    refusal: "case-refuse-monitoring",
    where_now: "",
    open_only: true,
    before_end: false,
};

/// Who sees what, beyond cases: the same table, asked by the pages and the API.
const fn view(action: Action, grants: &'static [Grant], refusal: &'static str) -> Policy {
    Policy {
        action,
        grants,
        refusal,
        where_now: "",
        open_only: false,
        before_end: false,
    }
}
/// Breach reports, their CSV exports, the JSON summary and the Home Office
/// return: managers and admins, each in their scope.
pub const REPORTS: Policy = view(
    Action::Reports,
    &[grant(Manager, InScope), grant(Admin, InScope)],
    "case-refuse-reports",
);
pub const CASE_LIST: Policy = view(
    Action::CaseList,
    &[grant(Manager, InScope), grant(Admin, InScope)],
    "case-refuse-case-list",
);
pub const BOARD: Policy = view(
    Action::Board,
    &[grant(Health, InScope)],
    "case-refuse-board",
);
pub const OFFICER_HOME: Policy = view(
    Action::OfficerHome,
    &[grant(Officer, InScope)],
    "case-refuse-officer-home",
);

/// A pre-alert is police business: the officer bringing the person, or
/// the force's control room (a manager's token), in their force.
pub const PREALERT: Policy = view(
    Action::Prealert,
    &[grant(Officer, InScope), grant(Manager, InScope)],
    "case-refuse-prealert",
);
/// Everyone signed in, each in their scope.
pub const LIVE: Policy = view(
    Action::Live,
    &[
        grant(Officer, InScope),
        grant(Health, InScope),
        grant(Manager, InScope),
        grant(Admin, InScope),
    ],
    "case-refuse-live",
);

/// Forces, places of safety, accounts and settings.
pub const SETUP: Policy = view(Action::Setup, &[grant(Admin, InScope)], "case-refuse-setup");

/// Every case action's policy, for the pages, the API and the test that walks them.
pub const ALL: &[&Policy] = &[
    &LOG_ARRIVAL,
    &OFFER_HANDOVER,
    &CONFIRM_HANDOVER,
    &ASK_TO_STAY,
    &ANSWER_STAY_REQUEST,
    &POLICE_LEFT,
    &TRANSFER,
    &EXTEND,
    &END,
    &CANCEL,
    &CORRECT,
    &HEALTH_CHECK,
    &LOCATION_TYPE,
    &MONITORING,
];

impl Policy {
    fn grant_for(&self, role: Role) -> Option<Grant> {
        self.grants.iter().copied().find(|g| g.role == role)
    }

    /// Whether the role may take this action anywhere.
    pub fn grants_role(&self, role: Role) -> bool {
        self.grant_for(role).is_some()
    }

    /// Whether the actor's role may take this action anywhere.
    pub fn role_allowed(&self, actor: &Actor) -> bool {
        self.grants_role(actor.role)
    }

    /// 403 unless the actor's role may take this action (before a form is shown).
    pub fn check_role(&self, actor: &Actor) -> Result<(), AppError> {
        if self.role_allowed(actor) {
            Ok(())
        } else {
            Err(AppError::forbidden(
                Msg::new(self.refusal).arg("role", Msg::new(role_words(actor.role))),
            ))
        }
    }

    /// Whether the actor may act on a case (already in their scope) whose
    /// person is now at `current_site`.
    pub fn permits(&self, actor: &Actor, current_site: i64) -> bool {
        match self.grant_for(actor.role) {
            Some(g) => g.place == InScope || actor.site_id == Some(current_site),
            None => false,
        }
    }

    /// [`Self::permits`] as a 403 with the rule in words.
    pub fn check(&self, actor: &Actor, current_site: i64) -> Result<(), AppError> {
        self.check_role(actor)?;
        if self.permits(actor, current_site) {
            Ok(())
        } else {
            Err(AppError::forbidden(self.where_now))
        }
    }
}

/// The role as a refusal names it ("health staff"): a catalogue key.
fn role_words(role: Role) -> &'static str {
    match role {
        Officer => "case-role-officer",
        Health => "case-role-health",
        Manager => "case-role-manager",
        Admin => "case-role-admin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, site: Option<i64>) -> Actor {
        Actor {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            force_id: Some(1),
            site_id: site,
            collar_number: None,
            last_site_id: None,
        }
    }

    #[test]
    fn where_now_needs_the_current_site() {
        let nurse = actor(Health, Some(7));
        assert!(CONFIRM_HANDOVER.permits(&nurse, 7));
        assert!(!CONFIRM_HANDOVER.permits(&nurse, 8));
        assert!(
            crate::i18n::en(&CONFIRM_HANDOVER.check(&nurse, 8).unwrap_err().message)
                .contains("where the person is now can confirm the handover")
        );
        // In scope: a site the person passed through is enough.
        assert!(MONITORING.permits(&nurse, 8));
        let officer = actor(Officer, None);
        assert!(TRANSFER.permits(&officer, 8));
        assert!(!CONFIRM_HANDOVER.permits(&officer, 8));
    }

    #[test]
    fn every_action_has_one_policy_and_where_now_has_words() {
        let mut seen = std::collections::HashSet::new();
        for p in ALL {
            assert!(seen.insert(p.action), "{:?} listed twice", p.action);
            if p.grants.iter().any(|g| g.place == WhereNow) {
                assert!(!p.where_now.is_empty(), "{:?}", p.action);
            }
        }
        assert_eq!(seen.len(), 14);
    }
}
