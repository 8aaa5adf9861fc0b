"""Where the councils stand: the areas with their seats filled, and per area its open procedure
with the monitor's verdict. What `wijkraad status`, `wijkraad areas` and the overview page show.

Read with SQLAlchemy Core on `tables` (no entity, no mapper registry): `wijkraad status --json`
answers without loading the ORM. Each function takes a Session or a Connection.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from models.enums import AreaKind
from models.seats import council_name, is_sitting
from models.stages import label
from models.terms import term_on
from tasks.queries import stalled, tables

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session


def areas(connection: Session | Connection, day: date) -> list[dict[str, Any]]:
    """The 11 areas, each with its council's name and the members sitting on `day` in the
    council of the term of that day."""
    a, c, t, m = tables.areas, tables.councils, tables.terms, tables.memberships
    seats = connection.execute(
        select(c.c.area_id, m.c.start_date, m.c.end_date, m.c.left_on)
        .join(c, c.c.id == m.c.council_id)
        .join(t, t.c.id == c.c.term_id)
        .where(t.c.election_year == term_on(day).election_year)
    )
    seated = Counter(
        row.area_id for row in seats if is_sitting(row.start_date, row.end_date, row.left_on, day)
    )
    return [
        {
            "id": row.id,
            "slug": row.slug,
            "name": row.name,
            "kind": AreaKind(row.kind).value,
            "council": council_name(row.kind, row.name),
            "max_seats": row.max_seats,
            "min_seats": row.min_seats,
            "members": seated[row.id],
        }
        for row in connection.execute(select(a).order_by(a.c.id))
    ]


def overview_and_stalled(
    connection: Session | Connection, day: date
) -> tuple[list[dict[str, Any]], list[stalled.StalledState]]:
    """One row per area: its council now, the seats filled, and its open procedure (the most
    recent when there are two, a vacancy and a renewal) with its stalled state; and the stalled
    procedures, most overdue first, from the same read."""
    procedures = stalled.open_procedures(connection, None)
    states = stalled.states_of(connection, procedures, day)
    latest = {procedure.area.slug: procedure for procedure in procedures}  # ordered by id
    term = term_on(day).election_year
    rows = []
    for area in areas(connection, day):
        shown = latest.get(area["slug"])
        state = states.get(shown.id) if shown else None
        rows.append(
            {
                "area": area["slug"],
                "council": area["council"],
                "members": area["members"],
                "max_seats": area["max_seats"],
                "term": term,
                "procedure": shown.id if shown else None,
                "kind": shown.kind.value if shown else None,
                "stage": shown.stage.value if shown else None,
                "stage_label": label(shown.stage) if shown else None,
                "deadline": shown.stage_deadline if shown else None,
                "stalled": state.level.value if state else None,
                "stalled_label": stalled.stalled_label(state) if shown else "",
            }
        )
    return rows, stalled.late_first(states.values())


def overview(connection: Session | Connection, day: date) -> list[dict[str, Any]]:
    return overview_and_stalled(connection, day)[0]
