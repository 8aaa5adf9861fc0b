"""The columns the status reads use, as SQLAlchemy Core tables without the ORM.

`wijkraad status --json` answers before the mapper registry is loaded (importing and configuring
every entity costs more than the read itself), so its queries name tables and columns here:
lightweight `table()`/`column()` constructs with the types that convert values (dates, times).
The entities in models/ stay the one definition of the schema; tests/unit/test_query_tables.py
checks every column here against them.
"""

from __future__ import annotations

from sqlalchemy import Date, DateTime, Integer, String, column, table

areas = table(
    "areas",
    column("id", Integer),
    column("slug", String),
    column("name", String),
    column("kind", String),
    column("max_seats", Integer),
    column("min_seats", Integer),
)

terms = table("terms", column("id", Integer), column("election_year", Integer))

councils = table(
    "councils", column("id", Integer), column("area_id", Integer), column("term_id", Integer)
)

memberships = table(
    "memberships",
    column("council_id", Integer),
    column("start_date", Date),
    column("end_date", Date),
    column("left_on", Date),
)

procedures = table(
    "procedures",
    column("id", Integer),
    column("area_id", Integer),
    column("kind", String),
    column("stage", String),
    column("suspended_stage", String),
    column("stage_entered_at", DateTime),
    column("stage_target", Date),
    column("stage_deadline", Date),
    column("application_deadline", Date),
    column("suspended_days", Integer),
)

suspensions = table(
    "suspensions",
    column("id", Integer),
    column("procedure_id", Integer),
    column("started_at", DateTime),
    column("ended_at", DateTime),
    column("days", Integer),
)

candidates = table("candidates", column("procedure_id", Integer), column("status", String))

applications = table(
    "applications",
    column("procedure_id", Integer),
    column("expires_at", DateTime),
    column("confirmed_at", DateTime),
    column("refused_at", DateTime),
)

onboarding_tasks = table(
    "onboarding_tasks", column("procedure_id", Integer), column("done_at", DateTime)
)

ALL = (
    areas,
    terms,
    councils,
    memberships,
    procedures,
    suspensions,
    candidates,
    applications,
    onboarding_tasks,
)
