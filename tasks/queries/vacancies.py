"""Councils that are too small or have had seats vacant too long, with no procedure to fix it.

Only councils that exist for the current term are watched (a council row exists once members
are registered or a procedure was started): an area nobody has set up yet is not an alarm.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Area, Council, Membership, Procedure, Term
from models.terms import term_on
from tasks.adapters.settings import get_settings


@dataclass(frozen=True)
class Shortage:
    area_id: int
    area: str
    council: str
    members: int
    min_seats: int
    max_seats: int
    vacant_since: date | None
    below_minimum: bool
    vacant_too_long: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "council": self.council,
            "members": self.members,
            "min_seats": self.min_seats,
            "max_seats": self.max_seats,
            "vacant_since": self.vacant_since,
            "below_minimum": self.below_minimum,
            "vacant_too_long": self.vacant_too_long,
        }

    @property
    def reason(self) -> str:
        """Why an experiment is proposed, in Dutch."""
        if self.below_minimum:
            return (
                f"{self.council} heeft {self.members} leden, minder dan het minimum van "
                f"{self.min_seats}, en er loopt geen benoemingsprocedure."
            )
        return (
            f"{self.council} heeft sinds {self.vacant_since} vacante zetels "
            f"({self.members} van {self.max_seats} bezet) en er loopt geen benoemingsprocedure."
        )


class SeatDates(Protocol):
    @property
    def start_date(self) -> date: ...

    @property
    def left_on(self) -> date | None: ...

    def is_sitting(self, day: date) -> bool: ...


@dataclass(frozen=True)
class Seat:
    """The dates of one membership, read without loading the ORM object."""

    start_date: date
    end_date: date
    left_on: date | None

    def is_sitting(self, day: date) -> bool:
        if self.left_on is not None and day >= self.left_on:
            return False
        return self.start_date <= day <= self.end_date


def vacant_since(
    memberships: Sequence[SeatDates], max_seats: int, start: date, today: date
) -> date:
    """The first day of the current unbroken stretch with fewer members than seats.

    Occupancy changes only on a start date or a leaving date, so walking those days back from
    today finds the last day the council was full; the stretch starts the day after.
    """
    days = sorted(
        {start}
        | {m.start_date for m in memberships if start <= m.start_date <= today}
        | {m.left_on for m in memberships if m.left_on and start <= m.left_on <= today},
        reverse=True,
    )
    since = start
    for day in days:
        if sum(m.is_sitting(day) for m in memberships) >= max_seats:
            later = [d for d in days if d > day]
            return min(later) if later else today
        since = day
    return since


def _months_ago(today: date, months: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, 28))


def _seats(session: Session, election_year: int) -> dict[int, list[Seat]]:
    """Membership dates per council of a term, as plain rows (cheap for thousands)."""
    rows = session.execute(
        select(
            Membership.council_id, Membership.start_date, Membership.end_date, Membership.left_on
        )
        .join(Council, Council.id == Membership.council_id)
        .join(Term, Term.id == Council.term_id)
        .where(Term.election_year == election_year)
    )
    seats: dict[int, list[Seat]] = {}
    for council_id, start, end, left in rows:
        seats.setdefault(council_id, []).append(Seat(start, end, left))
    return seats


def shortages(session: Session, today: date) -> list[Shortage]:
    """Councils of the current term below their minimum, or with seats vacant too long,
    in an area without an open procedure."""
    term = term_on(today)
    # any open procedure of the area counts, a renewal for the next term too
    with_procedure = select(Procedure.area_id).where(Procedure.is_open_clause())
    councils = session.execute(
        select(Council.id, Council.area_id)
        .join(Term, Term.id == Council.term_id)
        .where(Term.election_year == term.election_year, Council.area_id.not_in(with_procedure))
        .order_by(Council.area_id)
    ).all()
    if not councils:
        return []
    areas = {a.id: a for a in session.scalars(select(Area))}
    seats = _seats(session, term.election_year)
    limit = _months_ago(today, get_settings().vacancy_alarm_months)
    found = []
    for council_id, area_id in councils:
        area, own = areas[area_id], seats.get(council_id, [])
        seated = sum(s.is_sitting(today) for s in own)
        since = (
            vacant_since(own, area.max_seats, term.start, today)
            if seated < area.max_seats
            else None
        )
        below = seated < area.min_seats
        too_long = since is not None and since <= limit
        if below or too_long:
            found.append(
                Shortage(
                    area.id,
                    area.slug,
                    area.council_name,
                    seated,
                    area.min_seats,
                    area.max_seats,
                    since,
                    below,
                    too_long,
                )
            )
    return found
