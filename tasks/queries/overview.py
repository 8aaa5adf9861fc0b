"""Read-only views for the CLI: plain dicts, the same for the Rich table and for --json."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Area, Council, Membership
from models.terms import term_on
from tasks.steps import members


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


def membership_view(m: Membership) -> dict[str, Any]:
    return {
        "id": m.id,
        "area": m.council.area.slug,
        "council": m.council.area.council_name,
        "name": m.person.name,
        "email": m.person.email,
        "role": m.role.value,
        "since": m.start_date,
        "until": m.end_date,
        "left_on": m.left_on,
    }


def sitting_members(session: Session, area_slug: str | None, day: date) -> list[dict[str, Any]]:
    return [membership_view(m) for m in members.sitting(session, area_slug, day)]
