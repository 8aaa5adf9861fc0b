"""Benchmark: the daily monitor's database work with a long history of procedures.

Creates a throwaway PostgreSQL database (dropped afterwards), fills it by bulk SQL with 10,000
and then 100,000 procedures (the history of many councils over many terms) of which 1% are
open, and times at both sizes:
  - the monitor's query work: every step of flows/monitor.py without Prefect (recruitment due,
    newly stalled, experiment proposals and reminders, the digest's composition);
  - the `stalled` query of tasks/stalled.py against a hand-written indexed SQL baseline that
    only selects the stalled rows, measured in the same run.
Prints the figures, the ratio to the baseline and the growth from 10,000 to 100,000; a third
run keeps 100 open procedures in the 100,000 history to show that the history alone costs little.
Target: the monitor ≤ 2 s at 100,000, growing with the open procedures, not with the history.

Run: .venv/bin/python bench/monitor.py  (PostgreSQL on 127.0.0.1:5432 as user postgres, or set
WIJKRAAD_BENCH_POSTGRES, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SERVER = os.environ.get(
    "WIJKRAAD_BENCH_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
NAME = f"wijkraad_bench_monitor_{os.getpid()}"
URL = SERVER.rsplit("/", 1)[0] + "/" + NAME
TODAY = "2027-03-01"
AREAS = 2000  # bench areas besides the 11 of Oss: councils of many municipalities
MEMBERS_PER_COUNCIL = 5
# (procedures, open ones): 1% open at both sizes, and the large history with the small open set
SIZES = ((10_000, 100), (100_000, 1_000), (100_000, 100))

os.environ["WIJKRAAD_DATABASE_URL"] = URL
os.environ["WIJKRAAD_HOME"] = tempfile.mkdtemp(prefix="wijkraad-bench-")
os.environ["WIJKRAAD_NOW"] = f"{TODAY}T07:00"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

OPEN = (
    "('committee_forming','recruiting','screening','nominating','awaiting_decision',"
    "'onboarding','suspended')"
)
STAGES = [
    "committee_forming",
    "recruiting",
    "screening",
    "nominating",
    "awaiting_decision",
    "onboarding",
]

BASELINE = f"""
SELECT p.id, a.slug, p.stage, p.stage_target, p.stage_deadline,
       CASE WHEN p.stage_deadline < :today THEN 'overdue' ELSE 'warning' END AS level
FROM procedures p JOIN areas a ON a.id = p.area_id
WHERE p.stage IN {OPEN} AND p.stage <> 'suspended' AND p.stage_target < :today
ORDER BY p.id
"""


def admin(sql: str) -> None:
    engine = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def schema() -> None:
    from tasks.adapters import db
    from tasks.steps import seed

    db.upgrade_schema()
    with db.session_scope() as session:
        seed.seed(session)
        from models.terms import TermDates
        from tasks.queries import lookup

        for year in range(1986, 2031, 4):
            lookup.term(session, TermDates.of(year))
    with db.engine().begin() as c:
        c.execute(
            text(
                "INSERT INTO areas (slug, name, kind, max_seats, min_seats) "
                "SELECT 'bench-' || g, 'Bench ' || g, "
                "CASE WHEN g % 2 = 0 THEN 'wijk' ELSE 'dorp' END, 7, 3 "
                "FROM generate_series(1, :n) g"
            ),
            {"n": AREAS},
        )
        c.execute(
            text("INSERT INTO councils (area_id, term_id) SELECT a.id, t.id FROM areas a, terms t")
        )
        _members(c)


def _members(c) -> None:  # type: ignore[no-untyped-def]
    """Five sitting members in every council of the current term (2026)."""
    c.execute(
        text(
            "INSERT INTO persons (name, email, postcode, house_number, created_at) "
            "SELECT 'Persoon ' || g, 'p' || g || '@example.nl', '5343AB', g::text, now() "
            "FROM generate_series(1, :n) g"
        ),
        {"n": (AREAS + 11) * MEMBERS_PER_COUNCIL},
    )
    c.execute(
        text(
            """
            INSERT INTO memberships (council_id, person_id, role, start_date, end_date)
            SELECT c.id, (row_number() OVER ()) , 'lid', t.start_date, t.end_date
            FROM councils c JOIN terms t ON t.id = c.term_id
            CROSS JOIN generate_series(1, :m)
            WHERE t.election_year = 2026
            """
        ),
        {"m": MEMBERS_PER_COUNCIL},
    )


def fill(total: int, open_count: int) -> None:
    """`total` procedures: 1% open on distinct councils of the current term, the rest closed
    over the history; three audit events and one delivered message per procedure."""
    from tasks.adapters import db

    with db.engine().begin() as c:
        for table in (
            "outbox_messages",
            "audit_events",
            "suspensions",
            "experiments",
            "procedures",
        ):
            c.execute(text(f"DELETE FROM {table}"))
        c.execute(
            text(
                """
                INSERT INTO procedures (area_id, council_id, term_id, kind, stage, seats,
                    opened_at, closed_at, stage_entered_at, suspended_days, cancel_reason)
                SELECT c.area_id, c.id, c.term_id,
                       CASE WHEN g % 3 = 0 THEN 'renewal' ELSE 'vacancy' END,
                       CASE WHEN g % 10 = 0 THEN 'cancelled' ELSE 'completed' END, 2,
                       make_date(t.election_year, 1, 1) + (g % 1200),
                       make_date(t.election_year, 1, 1) + (g % 1200) + 200,
                       make_date(t.election_year, 1, 1) + (g % 1200) + 150, 0,
                       CASE WHEN g % 10 = 0 THEN 'geen kandidaten' END
                FROM generate_series(1, :closed) g
                JOIN councils c ON c.id = 1 + (g % (SELECT count(*) FROM councils))
                JOIN terms t ON t.id = c.term_id
                """
            ),
            {"closed": total - open_count},
        )
        c.execute(
            text(
                f"""
                INSERT INTO procedures (area_id, council_id, term_id, kind, stage, seats,
                    opened_at, stage_entered_at, stage_target, stage_deadline,
                    application_deadline, suspended_days, suspended_stage)
                SELECT c.area_id, c.id, c.term_id, 'vacancy', s.stage, 2,
                       CAST(:today AS date) - 100, CAST(:today AS date) - (g % 90),
                       CAST(:today AS date) - (g % 90) + 21, CAST(:today AS date) - (g % 90) + 42,
                       CASE WHEN s.stage = 'recruiting' THEN CAST(:today AS date) + 10 END, 0, NULL
                FROM generate_series(1, :open) g
                JOIN (SELECT c.* , row_number() OVER (ORDER BY c.id) AS n FROM councils c
                      JOIN terms t ON t.id = c.term_id WHERE t.election_year = 2026) c
                  ON c.n = g
                JOIN (SELECT unnest(ARRAY{STAGES!r}) AS stage,
                             generate_series(0, {len(STAGES) - 1}) AS k) s
                  ON s.k = g % {len(STAGES)}
                """
            ),
            {"open": open_count, "today": TODAY},
        )
        c.execute(
            text(
                "UPDATE procedures SET suspended_stage = stage, stage = 'suspended' "
                "WHERE stage IN ('nominating') AND id % 7 = 0"
            )
        )
        c.execute(
            text(
                "INSERT INTO suspensions (procedure_id, started_at, reason) "
                "SELECT id, stage_entered_at + interval '3 days', 'wachten' "
                "FROM procedures WHERE stage = 'suspended'"
            )
        )
        c.execute(
            text(
                "INSERT INTO audit_events (procedure_id, at, actor, action) "
                "SELECT p.id, p.opened_at, 'coordinator', 'step' || k "
                "FROM procedures p CROSS JOIN generate_series(1, 3) k"
            )
        )
        c.execute(
            text(
                "INSERT INTO outbox_messages (idempotency_key, template, recipient_role, "
                "procedure_id, context, status, attempts, created_at) "
                "SELECT 'p' || p.id, 'call', 'coordinator', p.id, '{}', "
                "CASE WHEN p.id % 5000 = 0 THEN 'permanent_failure' ELSE 'delivered' END, "
                "1, p.opened_at FROM procedures p"
            )
        )
    with db.engine().connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM ANALYZE"))


def monitor_work() -> None:
    """Every database step of the monitor flow, without Prefect."""
    from datetime import date

    from tasks.adapters import db
    from tasks.mail import digest
    from tasks.steps import monitor

    day = date.fromisoformat(TODAY)
    monitor.recruitment_due(day)
    monitor.newly_stalled(day)
    monitor.propose_experiments(day)
    monitor.experiment_reminders(day)
    with db.session_scope() as session:
        digest.compose(session, day)


def ours_stalled() -> int:
    from tasks.adapters import db
    from tasks.queries import stalled

    with db.session_scope() as session:
        return len(stalled.stalled(session))


def baseline_stalled() -> int:
    from tasks.adapters import db

    with db.engine().connect() as c:
        return len(c.execute(text(BASELINE), {"today": TODAY}).all())


def best(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    admin(f"CREATE DATABASE {NAME}")
    try:
        schema()
        results = {}
        for size in SIZES:
            fill(*size)
            monitor_work()  # warm: imports, caches, the first proposals
            assert ours_stalled() == baseline_stalled(), "the two stalled queries disagree"
            results[size] = {
                "monitor": best(monitor_work, 3),
                "stalled": best(ours_stalled),
                "baseline": best(baseline_stalled),
                "stalled_rows": baseline_stalled(),
            }
            r = results[size]
            print(
                f"{size[0]:>7,} procedures ({size[1]:,} open, {r['stalled_rows']:,} stalled): "
                f"monitor {r['monitor']:.3f} s | stalled {r['stalled'] * 1000:.1f} ms vs "
                f"SQL baseline {r['baseline'] * 1000:.1f} ms "
                f"(ratio {r['stalled'] / r['baseline']:.1f})"
            )
        small, large, history = (results[s] for s in SIZES)
        print(
            f"growth 10,000 -> 100,000 (history x10, open x10): monitor "
            f"x{large['monitor'] / small['monitor']:.2f}, "
            f"stalled x{large['stalled'] / small['stalled']:.2f}, "
            f"baseline x{large['baseline'] / small['baseline']:.2f}"
        )
        print(
            f"growth with the history alone (x10, same 100 open): monitor "
            f"x{history['monitor'] / small['monitor']:.2f}, "
            f"stalled x{history['stalled'] / small['stalled']:.2f}"
        )
        verdict = "met" if large["monitor"] <= 2.0 else "MISSED"
        print(f"target monitor <= 2 s at 100,000: {verdict} ({large['monitor']:.3f} s)")
    finally:
        from tasks.adapters import db

        db.engine().dispose()
        admin(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
