"""Councils that are too small or have had seats vacant too long, with no procedure to fix it.

Only councils that exist for the current term are watched (a council row exists once members
are registered or a procedure was started): an area nobody has set up yet is not an alarm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Council, Membership, Procedure
from models.enums import Stage
from models.stages import OPEN_STAGES
from models.terms import term_on
from tasks.settings import get_settings


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


def vacant_since(memberships: list[Membership], max_seats: int, start: date, today: date) -> date:
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


def shortages(session: Session, today: date) -> list[Shortage]:
    """Councils of the current term below their minimum, or with seats vacant too long,
    that have no open procedure."""
    term = term_on(today)
    open_councils = set(
        session.scalars(
            select(Procedure.council_id).where(Procedure.stage.in_((*OPEN_STAGES, Stage.SUSPENDED)))
        )
    )
    councils = session.scalars(
        select(Council)
        .where(Council.term.has(election_year=term.election_year))
        .options(selectinload(Council.memberships), selectinload(Council.area))
        .order_by(Council.area_id)
    )
    limit = _months_ago(today, get_settings().vacancy_alarm_months)
    found = []
    for council in councils:
        if council.id in open_councils:
            continue
        area = council.area
        seated = len(council.sitting_on(today))
        since = (
            vacant_since(list(council.memberships), area.max_seats, term.start, today)
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
