// One schema for both backends: portable types only (BigInt ids, Text, Bool,
// Timestamp holding UTC).

diesel::table! {
    forces (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    sites (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        kind -> Text,
        trust -> Text,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        force_id -> Nullable<BigInt>,
        site_id -> Nullable<BigInt>,
        collar_number -> Nullable<Text>,
        last_site_id -> Nullable<BigInt>,
        active -> Bool,
        created_at -> Timestamp,
        must_change_password -> Bool,
        language -> Nullable<Text>,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        token_hash -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> BigInt,
        username -> Text,
        ip -> Text,
        attempted_at -> Timestamp,
        succeeded -> Bool,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    episodes (id) {
        id -> BigInt,
        reference -> Text,
        kind -> Text,
        force_id -> BigInt,
        collar_number -> Text,
        detained_at -> Nullable<Timestamp>,
        notes -> Nullable<Text>,
        created_by -> BigInt,
        client_ref -> Nullable<Text>,
        cancelled_at -> Nullable<Timestamp>,
        cancelled_by -> Nullable<BigInt>,
        cancel_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
        ended_by -> Nullable<BigInt>,
        outcome -> Nullable<Text>,
        outcome_note -> Nullable<Text>,
        assessment_started_at -> Nullable<Timestamp>,
        assessment_completed_at -> Nullable<Timestamp>,
        location_type -> Nullable<Text>,
        warrant_at -> Nullable<Timestamp>,
        amhp_name -> Nullable<Text>,
        age_band -> Nullable<Text>,
        sex -> Nullable<Text>,
        ethnicity -> Nullable<Text>,
        transport -> Nullable<Text>,
        police_vehicle_reason -> Nullable<Text>,
        request_digest -> Nullable<Text>,
        ethnicity_perceived -> Nullable<Text>,
        arrested -> Nullable<Text>,
        purged_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    stays (id) {
        id -> BigInt,
        episode_id -> BigInt,
        seq -> Integer,
        site_id -> BigInt,
        force_id -> BigInt,
        officers -> Integer,
        arrived_at -> Timestamp,
        backdate_reason -> Nullable<Text>,
        handed_over_at -> Nullable<Timestamp>,
        handover_seconds -> Nullable<BigInt>,
        breached -> Nullable<Bool>,
        accepted_by -> Nullable<BigInt>,
        accepted_by_name -> Nullable<Text>,
        accepted_by_role -> Nullable<Text>,
        delay_reason -> Nullable<Text>,
        delay_note -> Nullable<Text>,
        police_left_at -> Nullable<Timestamp>,
        cancelled -> Bool,
        created_at -> Timestamp,
        departed_at -> Nullable<Timestamp>,
        handover_offered_at -> Nullable<Timestamp>,
        arrived_local_date -> Nullable<Date>,
        arrived_local_hour -> Nullable<SmallInt>,
        arrived_local_dow -> Nullable<SmallInt>,
        stay_agreed -> Bool,
        police_left_reason -> Nullable<Text>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        episode_id -> Nullable<BigInt>,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        at -> Timestamp,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<BigInt>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        redacted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        label -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    extensions (id) {
        id -> BigInt,
        episode_id -> BigInt,
        authorised_by_name -> Text,
        authorised_at -> Timestamp,
        hours -> Integer,
        reason -> Text,
        reason_note -> Nullable<Text>,
        superintendent_name -> Nullable<Text>,
        superintendent_collar -> Nullable<Text>,
        recorded_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    stay_requests (id) {
        id -> BigInt,
        stay_id -> BigInt,
        episode_id -> BigInt,
        requested_at -> Timestamp,
        requested_by -> BigInt,
        requested_by_name -> Text,
        reason -> Text,
        reason_note -> Nullable<Text>,
        agreed -> Nullable<Bool>,
        answered_at -> Nullable<Timestamp>,
        answered_by -> Nullable<BigInt>,
        answered_by_name -> Nullable<Text>,
    }
}

// Report rollups kept by triggers on stays (migration 2026-11-24-300001).
diesel::table! {
    report_counts (grain, period_start, b, site_id, force_id) {
        grain -> Text,
        period_start -> Date,
        b -> SmallInt,
        site_id -> BigInt,
        force_id -> BigInt,
        stays -> BigInt,
        episodes -> BigInt,
        cancelled -> BigInt,
        handed_over -> BigInt,
        breaches -> BigInt,
        breaches_with_reason -> BigInt,
        breaches_agreed -> BigInt,
        lost_officer_seconds -> BigInt,
        departed -> BigInt,
    }
}

// Report rollups kept by triggers on stays (migration 2026-11-24-300001).
diesel::table! {
    report_reasons (grain, period_start, b, reason) {
        grain -> Text,
        period_start -> Date,
        b -> SmallInt,
        reason -> Text,
        stays -> BigInt,
        episodes -> BigInt,
        cancelled -> BigInt,
        handed_over -> BigInt,
        breaches -> BigInt,
        breaches_with_reason -> BigInt,
        breaches_agreed -> BigInt,
        lost_officer_seconds -> BigInt,
        departed -> BigInt,
    }
}

// Report rollups kept by triggers on stays (migration 2026-11-24-300001).
diesel::table! {
    report_hours (grain, period_start, b, hour, dow) {
        grain -> Text,
        period_start -> Date,
        b -> SmallInt,
        hour -> SmallInt,
        dow -> SmallInt,
        stays -> BigInt,
        episodes -> BigInt,
        cancelled -> BigInt,
        handed_over -> BigInt,
        breaches -> BigInt,
        breaches_with_reason -> BigInt,
        breaches_agreed -> BigInt,
        lost_officer_seconds -> BigInt,
        departed -> BigInt,
    }
}

// Report rollups kept by triggers on stays (migration 2026-11-24-300001).
diesel::table! {
    report_minutes (grain, period_start, b, minute) {
        grain -> Text,
        period_start -> Date,
        b -> SmallInt,
        minute -> BigInt,
        n -> BigInt,
    }
}

diesel::table! {
    police_station_authorisations (id) {
        id -> BigInt,
        stay_id -> BigInt,
        episode_id -> BigInt,
        inspector_name -> Text,
        inspector_collar -> Text,
        imminent_risk -> Bool,
        no_other_place -> Bool,
        health_consulted -> Text,
        not_consulted_reason -> Nullable<Text>,
        recorded_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    health_checks (id) {
        id -> BigInt,
        episode_id -> BigInt,
        stay_id -> BigInt,
        checked_at -> Timestamp,
        checked_by_name -> Text,
        note -> Nullable<Text>,
        recorded_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sso_providers (id) {
        id -> BigInt,
        name -> Text,
        label -> Text,
        issuer -> Text,
        client_id -> Text,
        client_secret -> Text,
        claim -> Text,
        create_users -> Bool,
        role -> Nullable<Text>,
        force_id -> Nullable<BigInt>,
        site_id -> Nullable<BigInt>,
        enabled -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> BigInt,
        at -> Timestamp,
        kind -> Text,
        force_id -> BigInt,
        site_id -> BigInt,
        other_site_id -> Nullable<BigInt>,
        episode_id -> Nullable<BigInt>,
        prealert_id -> Nullable<BigInt>,
        data -> Text,
    }
}

diesel::table! {
    sso_logins (id) {
        id -> BigInt,
        state_hash -> Text,
        pre_session_hash -> Text,
        provider_id -> BigInt,
        pkce_verifier -> Text,
        nonce -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    prealerts (id) {
        id -> BigInt,
        force_id -> BigInt,
        site_id -> BigInt,
        created_by -> BigInt,
        created_at -> Timestamp,
        eta_at -> Timestamp,
        under_18 -> Bool,
        needs_ed -> Bool,
        violence_risk -> Bool,
        note -> Nullable<Text>,
        cancelled_at -> Nullable<Timestamp>,
        cancelled_by -> Nullable<BigInt>,
        episode_id -> Nullable<BigInt>,
        arrived_at -> Nullable<Timestamp>,
    }
}

// The outbox and what decides its rows (migration 2026-12-01-150001).
diesel::table! {
    notifications (id) {
        id -> BigInt,
        key -> Text,
        channel -> Text,
        target -> Text,
        kind -> Text,
        episode_id -> Nullable<BigInt>,
        site_id -> Nullable<BigInt>,
        force_id -> Nullable<BigInt>,
        payload -> Text,
        created_at -> Timestamp,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        claimed_by -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhooks (id) {
        id -> BigInt,
        url -> Text,
        secret -> Text,
        site_id -> Nullable<BigInt>,
        force_id -> Nullable<BigInt>,
        events -> Text,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    escalation_rules (site_id) {
        site_id -> BigInt,
        thresholds -> Text,
        repeat_minutes -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    escalations (id) {
        id -> BigInt,
        stay_id -> BigInt,
        episode_id -> BigInt,
        threshold_minutes -> Integer,
        at -> Timestamp,
    }
}

diesel::table! {
    stay_reminders (stay_request_id) {
        stay_request_id -> BigInt,
        at -> Timestamp,
    }
}

diesel::table! {
    site_contacts (id) {
        id -> BigInt,
        site_id -> BigInt,
        role -> Text,
        email -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    push_subscriptions (id) {
        id -> BigInt,
        user_id -> BigInt,
        endpoint -> Text,
        p256dh -> Text,
        auth -> Text,
        label -> Text,
        created_at -> Timestamp,
        last_success_at -> Nullable<Timestamp>,
        failures -> Integer,
        ended_at -> Nullable<Timestamp>,
        ended_reason -> Nullable<Text>,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(extensions -> episodes (episode_id));
diesel::joinable!(stays -> episodes (episode_id));
diesel::joinable!(stays -> sites (site_id));
diesel::joinable!(episodes -> forces (force_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(audit_events -> episodes (episode_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    sso_providers,
    sso_logins,
    forces,
    sites,
    users,
    sessions,
    login_attempts,
    settings,
    episodes,
    stays,
    audit_events,
    extensions,
    stay_requests,
    police_station_authorisations,
    health_checks,
    events,
    prealerts,
    notifications,
    webhooks,
    escalation_rules,
    escalations,
    stay_reminders,
    site_contacts,
    push_subscriptions,
);
