"""Read-only views for the CLI: plain dicts, the same for the Rich table and for --json."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Area, Council
from models.terms import term_on

# The members' listing moved to tasks/queries/members.py; these names stay for existing callers.
from tasks.queries.members import membership_view as membership_view
from tasks.queries.members import sitting_members as sitting_members


def areas(session: Session, day: date) -> list[dict[str, Any]]:
    current = term_on(day)
    councils = {
        c.area_id: c
        for c in session.scalars(
            select(Council)
            .where(Council.term.has(election_year=current.election_year))
            .options(selectinload(Council.memberships))
        )
    }
    result = []
    for area in session.scalars(select(Area).order_by(Area.id)):
        council = councils.get(area.id)
        seated = len(council.sitting_on(day)) if council else 0
        result.append(
            {
                "id": area.id,
                "slug": area.slug,
                "name": area.name,
                "kind": area.kind.value,
                "council": area.council_name,
                "max_seats": area.max_seats,
                "min_seats": area.min_seats,
                "members": seated,
            }
        )
    return result


def terms(day: date) -> list[dict[str, Any]]:
    current = term_on(day)
    return [
        {"which": which, "election_year": t.election_year, "start": t.start, "end": t.end}
        for which, t in (("current", current), ("next", current.next()))
    ]
