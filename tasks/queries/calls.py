"""The public call for candidates: which areas recruit, and one area's call, for the residents'
pages. Only what the municipality publishes anyway: no candidate, no committee member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Area, Procedure, profile
from models.enums import ProcedureKind, Stage
from tasks.adapters import db
from tasks.adapters.clock import today
from tasks.queries import lookup


@dataclass(frozen=True)
class Call:
    slug: str
    area_name: str
    council_name: str
    procedure_id: int | None = None
    renewal: bool = False
    seats: int = 0
    deadline: date | None = None
    call_text: str | None = None
    term_end: date | None = None
    term_start: date | None = None

    @property
    def years_left(self) -> int | None:
        """Whole years from today to the end of the term, rounded (a vacancy's seat)."""
        if self.term_end is None:
            return None
        return max(0, round((self.term_end - today()).days / 365.25)) or None

    @property
    def open(self) -> bool:
        """Residents may apply now: recruiting, its call published, the deadline not passed."""
        return (
            self.procedure_id is not None
            and self.deadline is not None
            and (today() <= self.deadline)
        )

    @property
    def closed(self) -> bool:
        """Recruiting, but its deadline has passed (screening follows)."""
        return self.procedure_id is not None and self.deadline is not None and not self.open


COMPETENCIES = profile.COMPETENCIES
REQUIREMENTS = profile.REQUIREMENTS


def _recruiting(session: Session, area_id: int | None = None) -> list[Procedure]:
    query = select(Procedure).where(Procedure.stage == Stage.RECRUITING)
    if area_id is not None:
        query = query.where(Procedure.area_id == area_id)
    return list(session.scalars(query.order_by(Procedure.id)))


def _call(area: Area, procedure: Procedure | None) -> Call:
    if procedure is None:
        return Call(area.slug, area.name, area.council_name)
    return Call(
        slug=area.slug,
        area_name=area.name,
        council_name=area.council_name,
        procedure_id=procedure.id,
        renewal=procedure.kind == ProcedureKind.RENEWAL,
        seats=procedure.seats,
        deadline=procedure.application_deadline,
        call_text=procedure.call_text,
        term_end=procedure.term.end_date,
        term_start=procedure.term.start_date,
    )


def open_calls() -> list[Call]:
    """The areas where residents may apply today, by name."""
    with db.session_scope() as session:
        calls = [_call(p.area, p) for p in _recruiting(session)]
    return sorted((c for c in calls if c.open), key=lambda c: c.area_name)


def call_for(slug: str) -> Call:
    """One area's call (NotFound for an unknown area); not recruiting: a Call without one."""
    with db.session_scope() as session:
        area = lookup.area(session, slug)
        procedures = _recruiting(session, area.id)
        return _call(area, procedures[0] if procedures else None)
