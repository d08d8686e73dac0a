#!/usr/bin/env python3
"""Writes the report rollup trigger SQL for both backends, never a past migration.

The rollups are kept by database triggers on `stays`, so every write path,
including a plain `UPDATE stays SET ...` correcting a recorded time, keeps them
right with no application code. The SQL is generated because the same count
expressions appear for four tables, three grains and two backends. The count
expressions themselves are read from src/db/report_counts.sql, the file
src/db/reports.rs sums over `stays` too, so the two cannot drift.

Migrations are written once: a database that applied one never runs it again,
so editing it would reach new databases only. Hence:

    python3 scripts/gen-report-rollups.py
        writes the current SQL to src/db/ (report_rollups_triggers.<backend>.sql,
        what the latest migrations must install, and report_rollups_bulk.<backend>.sql,
        which db::bulk runs); never a migration.
    python3 scripts/gen-report-rollups.py --out DIR
        the same files into DIR (scripts/test.sh diffs them with src/db/).
    python3 scripts/gen-report-rollups.py --check
        fails unless, for every trigger and function, the latest migration
        that defines it defines it exactly as generated now (an edited count
        or trigger needs a new migration).
    python3 scripts/gen-report-rollups.py --new-migration 2026-12-01-000001_name
        writes that NEW migration (refused if it exists or is not the latest):
        up.sql installs the current triggers and rebuilds every rollup row from
        `stays`; down.sql puts back the definitions the migrations before it
        installed and rebuilds again.
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_DB = os.path.join(HERE, "..", "src", "db")
ROOT = os.path.join(HERE, "..", "migrations")
BACKENDS = ("sqlite", "postgres")


def read_counts():
    """(column, expression over R) from src/db/report_counts.sql."""
    out = []
    with open(os.path.join(SRC_DB, "report_counts.sql")) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("--"):
                continue
            col, expr = line.split(": ", 1)
            out.append((col, expr))
    return out


def read_target():
    """db::report_rollups::TARGET_SECONDS: the target the rollups measure against."""
    with open(os.path.join(SRC_DB, "report_rollups.rs")) as f:
        m = re.search(r"pub const TARGET_SECONDS: i64 = (\d+);", f.read())
    if not m:
        sys.exit("TARGET_SECONDS not found in src/db/report_rollups.rs")
    return int(m.group(1))


# Lost officer time is measured against the target the rollups are read for
# (db::report_rollups::TARGET_SECONDS); other targets read stays directly.
TARGET = read_target()
COUNTS = [(c, e.replace("{target}", str(TARGET))) for c, e in read_counts()]

B = "CASE WHEN R.breached THEN 1 ELSE 0 END"
MINUTE = "(R.handover_seconds + 59) / 60"
HANDED = "NOT R.cancelled AND R.handover_seconds IS NOT NULL"

# table -> (extra key columns with their SQL types and expressions, value columns)
TABLES = [
    ("report_counts", [("site_id", "BIGINT", "R.site_id"), ("force_id", "BIGINT", "R.force_id")], COUNTS, None),
    ("report_reasons", [("reason", "TEXT", "COALESCE(R.delay_reason, '')")], COUNTS, None),
    ("report_hours", [("hour", "SMALLINT", "COALESCE(R.arrived_local_hour, -1)"),
                      ("dow", "SMALLINT", "COALESCE(R.arrived_local_dow, -1)")], COUNTS, None),
    ("report_minutes", [("minute", "BIGINT", MINUTE)], [("n", "1")], HANDED),
]

# Columns whose change can move a stay between rollup rows.
WATCHED = ["arrived_local_date", "arrived_local_hour", "arrived_local_dow", "site_id", "force_id",
           "seq", "cancelled", "handover_seconds", "breached", "officers", "delay_reason",
           "departed_at", "stay_agreed"]

# 'A' (all time) has one period, starting on db::reports::EARLIEST.
GRAINS = {"sqlite": {"M": "date(R.arrived_local_date, 'start of month')",
                     "Y": "date(R.arrived_local_date, 'start of year')",
                     "A": "'1900-01-01'"},
          "postgres": {"M": "CAST(date_trunc('month', R.arrived_local_date) AS DATE)",
                       "Y": "CAST(date_trunc('year', R.arrived_local_date) AS DATE)",
                       "A": "DATE '1900-01-01'"}}
# The grains the triggers maintain ('A' since 2026-11-25-000001).
ALL_GRAINS = ("M", "Y", "A")

def upsert(backend, table, keys, vals, cond, grain, row, sign):
    g = GRAINS[backend][grain].replace("R.", row + ".")
    key_cols = ["grain", "period_start", "b"] + [k for k, _, _ in keys]
    key_exprs = [f"'{grain}'", g, B] + [e for _, _, e in keys]
    val_exprs = [f"{sign}({e})" for _, e in vals]
    exprs = [e.replace("R.", row + ".") for e in key_exprs + val_exprs]
    cols = key_cols + [v for v, _ in vals]
    sets = ", ".join(f"{v} = {table}.{v} + excluded.{v}" for v, _ in vals)
    if cond and backend == "sqlite":
        body = f"SELECT {', '.join(exprs)} WHERE {cond.replace('R.', row + '.')}"
    else:
        body = f"VALUES ({', '.join(exprs)})"
    stmt = (f"INSERT INTO {table} ({', '.join(cols)})\n        {body}\n"
            f"        ON CONFLICT ({', '.join(key_cols)}) DO UPDATE SET {sets};")
    if cond and backend == "postgres":
        stmt = f"IF {cond.replace('R.', row + '.')} THEN\n        {stmt}\n        END IF;"
    return stmt


def apply_all(backend, row, sign, grains=ALL_GRAINS):
    return "\n".join(
        "        " + upsert(backend, t, k, v, c, g, row, sign)
        for t, k, v, c in TABLES for g in grains)


def backfill(backend, delta=False, grains=ALL_GRAINS):
    out = []
    for name, keys, vals, cond in TABLES:
        for grain in grains:
            g = GRAINS[backend][grain].replace("R.", "")
            kx = [f"'{grain}'", g, B.replace("R.", "")] + [e.replace("R.", "") for _, _, e in keys]
            vx = [f"CAST(SUM({e.replace('R.', '')}) AS BIGINT)" for _, e in vals]
            where = "arrived_local_date IS NOT NULL" + (f" AND {cond.replace('R.', '')}" if cond else "")
            if delta:
                where += " AND id > $AFTER_ID"
            # Group by the key columns' positions; 'A' has a constant period.
            first = 3 if grain == "A" else 2
            groups = ", ".join(str(i + 1) for i in range(first - 1, len(kx)))
            cols = ["grain", "period_start", "b"] + [k for k, _, _ in keys] + [v for v, _ in vals]
            tail = ""
            if delta:
                key_cols = ["grain", "period_start", "b"] + [k for k, _, _ in keys]
                sets = ", ".join(f"{v} = {name}.{v} + excluded.{v}" for v, _ in vals)
                tail = f"\n    ON CONFLICT ({', '.join(key_cols)}) DO UPDATE SET {sets}"
            out.append(f"INSERT INTO {name} ({', '.join(cols)})\n    SELECT {', '.join(kx + vx)}\n"
                       f"    FROM stays WHERE {where}\n    GROUP BY {groups}{tail};")
    return "\n".join(out)


def pg_trigger_fn(create, pausable):
    pause = ""
    if pausable:
        pause = """    -- db::bulk sets this (SET LOCAL, its own transaction only) and adds
    -- the rows it inserted to the rollups itself, set-based.
    IF TG_OP = 'INSERT' AND current_setting('s136.rollups_paused', true) = 'on' THEN
        RETURN NULL;
    END IF;
"""
    return f"""{create} FUNCTION report_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
{pause}    IF TG_OP = 'UPDATE' OR TG_OP = 'DELETE' THEN"""


def pg_trigger_rest():
    return """        PERFORM report_rollup_apply(OLD, -1);
    END IF;
    IF TG_OP = 'UPDATE' OR TG_OP = 'INSERT' THEN
        PERFORM report_rollup_apply(NEW, 1);
    END IF;
    RETURN NULL;
END $$;
"""


def sqlite_insert_trigger(pausable, grains=ALL_GRAINS):
    when = "NEW.arrived_local_date IS NOT NULL"
    if pausable:
        when += "\n    AND NOT EXISTS (SELECT 1 FROM report_rollups_paused)"
    return (f"CREATE TRIGGER stays_rollup_insert AFTER INSERT ON stays\n"
            f"    WHEN {when} BEGIN\n{apply_all('sqlite', 'NEW', '', grains)}\nEND;")


def sqlite_other_triggers(grains):
    w = ", ".join(WATCHED)
    return [f"CREATE TRIGGER stays_rollup_delete AFTER DELETE ON stays\n"
            f"    WHEN OLD.arrived_local_date IS NOT NULL BEGIN\n{apply_all('sqlite', 'OLD', '-', grains)}\nEND;",
            f"CREATE TRIGGER stays_rollup_update_old AFTER UPDATE OF {w} ON stays\n"
            f"    WHEN OLD.arrived_local_date IS NOT NULL BEGIN\n{apply_all('sqlite', 'OLD', '-', grains)}\nEND;",
            f"CREATE TRIGGER stays_rollup_update_new AFTER UPDATE OF {w} ON stays\n"
            f"    WHEN NEW.arrived_local_date IS NOT NULL BEGIN\n{apply_all('sqlite', 'NEW', '', grains)}\nEND;"]


def pg_apply_fn(create, grains):
    return f"""{create} FUNCTION report_rollup_apply(r stays, sgn BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF r.arrived_local_date IS NULL THEN
        RETURN;
    END IF;
{apply_all('postgres', 'r', 'sgn * ', grains)}
END $$;
"""



TRIGGERS_HEADER = """-- GENERATED by scripts/gen-report-rollups.py from src/db/report_counts.sql:
-- edit those, not this. The report rollup triggers as the latest migrations
-- must install them (`--check` compares); a change goes into a NEW migration
-- (`--new-migration NAME`), never into one already applied.
"""

SQLITE_TRIGGERS = ["stays_rollup_insert", "stays_rollup_delete", "stays_rollup_update_old",
                   "stays_rollup_update_new"]
PG_FUNCTIONS = ["report_rollup_apply", "report_rollup_trigger"]


def current_objects(backend):
    """[(name, statement)] of every trigger (SQLite) or function (PostgreSQL)."""
    if backend == "sqlite":
        stmts = [sqlite_insert_trigger(True, ALL_GRAINS)] + sqlite_other_triggers(ALL_GRAINS)
        return list(zip(SQLITE_TRIGGERS, stmts))
    return [("report_rollup_apply", pg_apply_fn("CREATE OR REPLACE", ALL_GRAINS).rstrip("\n")),
            ("report_rollup_trigger",
             (pg_trigger_fn("CREATE OR REPLACE", True) + "\n" + pg_trigger_rest()).rstrip("\n"))]


def triggers_sql(backend):
    return TRIGGERS_HEADER + "\n" + "\n\n".join(s for _, s in current_objects(backend)) + "\n"


def bulk_sql(backend):
    return ("-- GENERATED by scripts/gen-report-rollups.py: adds the stays with\n"
            "-- id > $AFTER_ID (one bulk batch) to the rollups.\n"
            + backfill(backend, True, ALL_GRAINS) + "\n")


def generated_files():
    out = {}
    for b in BACKENDS:
        out[f"report_rollups_triggers.{b}.sql"] = triggers_sql(b)
        out[f"report_rollups_bulk.{b}.sql"] = bulk_sql(b)
    return out


def definition(backend, sql, name):
    """The statement defining `name` in `sql` (the last one), from its name on."""
    if backend == "sqlite":
        pat = re.compile(r"CREATE TRIGGER " + re.escape(name) + r"\b.*?\nEND;", re.S)
    else:
        pat = re.compile(r"FUNCTION " + re.escape(name) + r"\(.*?\nEND \$\$;", re.S)
    found = pat.findall(sql)
    return found[-1] if found else None


def strip_create(backend, stmt):
    # Compare from the object's name on: "CREATE" and "CREATE OR REPLACE" install the same.
    if backend == "postgres":
        return stmt[stmt.index("FUNCTION "):]
    return stmt


def migrations(backend):
    d = os.path.join(ROOT, backend)
    return sorted(n for n in os.listdir(d) if os.path.isfile(os.path.join(d, n, "up.sql")))


def installed(backend, upto=None):
    """{name: (migration, statement)} as the migrations (before `upto`) leave them."""
    out = {}
    for m in migrations(backend):
        if upto is not None and m >= upto:
            break
        with open(os.path.join(ROOT, backend, m, "up.sql")) as f:
            sql = f.read()
        for name, _ in current_objects(backend):
            stmt = definition(backend, sql, name)
            if stmt is not None:
                out[name] = (m, stmt)
    return out


def check():
    bad = []
    for b in BACKENDS:
        have = installed(b)
        for name, stmt in current_objects(b):
            m, got = have.get(name, (None, None))
            if got is None or strip_create(b, got) != strip_create(b, stmt):
                bad.append(f"{b}: {name} as generated now is not what the migrations install "
                           f"(last defined in {m}); add a new migration: "
                           f"scripts/gen-report-rollups.py --new-migration YYYY-MM-DD-NNNNNN_name")
    for line in bad:
        print(line, file=sys.stderr)
    return not bad


def rebuild(backend):
    s = [f"DELETE FROM {t};" for t, *_ in TABLES]
    s.append(backfill(backend, grains=ALL_GRAINS))
    return "\n".join(s)


def install(backend, objects):
    s = []
    for name, stmt in objects:
        if backend == "sqlite":
            s.append(f"DROP TRIGGER IF EXISTS {name};")
        s.append(stmt if backend == "sqlite" else
                 "CREATE OR REPLACE " + strip_create(backend, stmt))
    return "\n".join(s)


def new_migration(name):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}-\d{6}_[a-z0-9_]+", name):
        sys.exit(f"{name}: a migration name looks like 2026-12-01-000001_what_it_does")
    for b in BACKENDS:
        d = os.path.join(ROOT, b, name)
        if os.path.exists(d):
            sys.exit(f"{d} exists: migrations are written once")
        if any(m >= name for m in migrations(b)):
            sys.exit(f"{name} must sort after every migration in migrations/{b}")
    for b in BACKENDS:
        before = installed(b)
        prev = [(n, before[n][1]) for n, _ in current_objects(b) if n in before]
        d = os.path.join(ROOT, b, name)
        os.makedirs(d)
        with open(os.path.join(d, "up.sql"), "w") as f:
            f.write("-- GENERATED by scripts/gen-report-rollups.py --new-migration.\n"
                    "-- Installs the current report rollup triggers and rebuilds every\n"
                    "-- rollup row from stays with them.\n"
                    + install(b, current_objects(b)) + "\n" + rebuild(b) + "\n")
        with open(os.path.join(d, "down.sql"), "w") as f:
            f.write("-- GENERATED by scripts/gen-report-rollups.py --new-migration.\n"
                    "-- Puts back the triggers the earlier migrations installed.\n"
                    + install(b, prev) + "\n" + rebuild(b) + "\n")
        print(f"wrote {d}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=SRC_DB, help="directory for the generated files")
    ap.add_argument("--check", action="store_true",
                    help="fail unless the migrations install the triggers as generated now")
    ap.add_argument("--new-migration", metavar="NAME",
                    help="write this new migration (both backends)")
    a = ap.parse_args()
    if a.check:
        sys.exit(0 if check() else 1)
    if a.new_migration:
        new_migration(a.new_migration)
        return
    os.makedirs(a.out, exist_ok=True)
    for fname, text in generated_files().items():
        with open(os.path.join(a.out, fname), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
