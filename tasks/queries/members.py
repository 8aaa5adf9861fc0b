"""The sitting members of the councils: who sits on a day, and one membership as shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Council, Membership, Procedure, Term, rules
from models.enums import ProcedureKind
from models.errors import NotFound
from tasks.queries import lookup


def sitting(session: Session, area_slug: str | None, day: date) -> list[Membership]:
    query = select(Membership).order_by(Membership.council_id, Membership.id)
    if area_slug:
        area = lookup.area(session, area_slug)
        query = query.where(Membership.council.has(area_id=area.id))
    return [m for m in session.scalars(query) if m.is_sitting(day)]


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


def membership(session: Session, membership_id: int) -> dict[str, Any]:
    found = session.get(Membership, membership_id)
    if found is None:
        raise NotFound(f"{membership_id} bestaat niet.", field="member", hint="list:members")
    return membership_view(found)


def memberships(session: Session, membership_ids: list[int]) -> list[dict[str, Any]]:
    """These memberships as shown, in the order given."""
    return [membership(session, i) for i in membership_ids]


def sitting_members(session: Session, area_slug: str | None, day: date) -> list[dict[str, Any]]:
    return [membership_view(m) for m in sitting(session, area_slug, day)]


def appointing_members(session: Session, procedure: Procedure, day: date) -> list[Membership]:
    """Who sits on `day` on the council that appoints the procedure's committee: the area's
    current council. For a renewal opened late (after its term began) the seats of the ending
    term still count: they continue while the renewal is open, until the new members are
    seated."""
    current = lookup.existing_council(session, procedure.area, day)
    sitting = current.sitting_on(day) if current is not None else []
    if procedure.kind != ProcedureKind.RENEWAL or not procedure.is_open:
        return sitting
    previous = session.scalar(
        select(Council)
        .join(Term, Term.id == Council.term_id)
        .where(Council.area_id == procedure.area_id, Term.end_date < procedure.term.start_date)
        .order_by(Term.end_date.desc())
        .limit(1)
    )
    if previous is None:
        return sitting
    staying = rules.staying_on(previous.memberships, previous.term.end_date, day)
    return sorted([*sitting, *staying], key=lambda m: m.id)
