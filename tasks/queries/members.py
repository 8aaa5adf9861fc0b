"""The sitting members of the councils: who sits on a day, and one membership as shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from models import Council, Membership, Person, Procedure, Term, rules, seats
from models.enums import ProcedureKind
from models.errors import NotFound
from models.terms import term_on
from tasks.queries import lookup

# id, person_id, name, start_date, end_date, left_on, election_year, term_end
SeatRow = Row[int, int, str, date, date, date | None, int, date]


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


def appointing_seats(session: Session, procedure: Procedure, day: date) -> list[SeatRow]:
    """Who appoints the procedure's committee on `day`, as rows (id, person_id, name), by
    membership id: the sitting members of the area's current council. For a renewal opened
    late (after its term began) the seats of the ending term still count: they continue while
    the renewal is open, until the new members are seated. One statement: the page of every open
    procedure shows them."""
    current_year = term_on(day).election_year
    councils = Term.election_year == current_year
    if procedure.kind == ProcedureKind.RENEWAL and procedure.is_open:
        previous = (
            select(Council.id)
            .join(Term, Term.id == Council.term_id)
            .where(Council.area_id == procedure.area_id, Term.end_date < procedure.term.start_date)
            .order_by(Term.end_date.desc())
            .limit(1)
            .scalar_subquery()
        )
        councils = or_(councils, Council.id == previous)
    rows = session.execute(
        select(
            Membership.id,
            Membership.person_id,
            Person.name,
            Membership.start_date,
            Membership.end_date,
            Membership.left_on,
            Term.election_year,
            Term.end_date.label("term_end"),
        )
        .join(Council, Council.id == Membership.council_id)
        .join(Term, Term.id == Council.term_id)
        .join(Person, Person.id == Membership.person_id)
        .where(Council.area_id == procedure.area_id, councils)
        .order_by(Membership.id)
    ).all()
    sitting = [
        r
        for r in rows
        if r.election_year == current_year
        and seats.is_sitting(r.start_date, r.end_date, r.left_on, day)
    ]
    ending = [r for r in rows if r.election_year != current_year]
    staying = rules.staying_on(ending, ending[0].term_end, day) if ending else []
    return sorted([*sitting, *staying], key=lambda r: r.id)


def appointing_members(session: Session, procedure: Procedure, day: date) -> list[Membership]:
    """The memberships of `appointing_seats`, as objects (for the commands)."""
    ids = [seat.id for seat in appointing_seats(session, procedure, day)]
    found = {m.id: m for m in session.scalars(select(Membership).where(Membership.id.in_(ids)))}
    return [found[i] for i in ids]
