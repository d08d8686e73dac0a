-- The per-stay counts behind db::reports::Counts and the report rollup
-- tables, one a line, in Counts order: "column: expression over a stays row
-- R". {target} is the handover target in seconds. The one source read by
-- src/db/reports.rs (include_str!, summed in SQL over the stays) and by
-- scripts/gen-report-rollups.py (the rollup triggers). After an edit, run
-- the generator and add a migration with it (see docs/reports.md).
stays: 1
episodes: CASE WHEN R.seq = 1 AND NOT R.cancelled THEN 1 ELSE 0 END
cancelled: CASE WHEN R.cancelled THEN 1 ELSE 0 END
handed_over: CASE WHEN NOT R.cancelled AND R.handover_seconds IS NOT NULL THEN 1 ELSE 0 END
breaches: CASE WHEN NOT R.cancelled AND R.handover_seconds IS NOT NULL AND R.breached THEN 1 ELSE 0 END
breaches_with_reason: CASE WHEN NOT R.cancelled AND R.handover_seconds IS NOT NULL AND R.breached AND R.delay_reason IS NOT NULL THEN 1 ELSE 0 END
breaches_agreed: CASE WHEN NOT R.cancelled AND R.handover_seconds IS NOT NULL AND R.breached AND R.stay_agreed THEN 1 ELSE 0 END
lost_officer_seconds: CASE WHEN NOT R.cancelled AND R.handover_seconds > {target} THEN (R.handover_seconds - {target}) * R.officers ELSE 0 END
departed: CASE WHEN NOT R.cancelled AND R.handover_seconds IS NULL AND R.departed_at IS NOT NULL THEN 1 ELSE 0 END
