"""Renewal on time: councils whose renewal for the next term has not started although the term
starts within `renewal_lead_months`, and open renewals that cannot reach the B&W decision before
the term starts at their current deadlines (the rest of this stage, then every later stage's
deadline from `stage_days`).

Only councils that exist for the current term are watched, as for shortages
(tasks/queries/vacancies.py): an area nobody has set up yet is not an alarm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Area, Council, Procedure, Term
from models.deadlines import deadline
from models.enums import ProcedureKind, Stage
from models.terms import term_on
from tasks.adapters.settings import get_settings

# The stages up to the B&W decision; once decided, the members are seated.
UNTIL_DECISION = (
    Stage.COMMITTEE_FORMING,
    Stage.RECRUITING,
    Stage.SCREENING,
    Stage.NOMINATING,
    Stage.AWAITING_DECISION,
)


@dataclass(frozen=True)
class NotStarted:
    area_id: int
    area: str
    term_start: date
    start_by: date  # the term start minus the lead time


@dataclass(frozen=True)
class TooLate:
    procedure_id: int
    area: str
    stage: Stage
    decision_by: date  # the latest B&W decision at the current deadlines
    term_start: date


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def not_started(session: Session, day: date) -> list[NotStarted]:
    """Councils of the current term without a renewal (open or done, not cancelled) for the
    next term, when that term starts within the lead time."""
    current = term_on(day)
    coming = current.next()
    start_by = months_before(coming.start, get_settings().renewal_lead_months)
    if day < start_by:
        return []
    renewed = select(Procedure.area_id).where(
        Procedure.kind == ProcedureKind.RENEWAL,
        Procedure.stage != Stage.CANCELLED,
        Procedure.term.has(Term.election_year == coming.election_year),
    )
    rows = session.execute(
        select(Area.id, Area.name)
        .join(Council, Council.area_id == Area.id)
        .join(Term, Term.id == Council.term_id)
        .where(Term.election_year == current.election_year, Area.id.not_in(renewed))
        .order_by(Area.id)
    ).all()
    return [NotStarted(area_id, name, coming.start, start_by) for area_id, name in rows]


def decision_by(procedure: Procedure, day: date) -> date | None:
    """The latest day of the B&W decision if every remaining stage takes its full deadline;
    None once B&W have decided."""
    stage = procedure.current_stage
    if stage not in UNTIL_DECISION:
        return None
    settings = get_settings()
    finish = max(day, procedure.stage_deadline or day)
    for later in UNTIL_DECISION[UNTIL_DECISION.index(stage) + 1 :]:
        days = settings.stage_days[later.value][1]
        finish = deadline(finish, days, working_days_only=settings.deadlines_on_working_days)
    return finish


def too_late(session: Session, day: date) -> list[TooLate]:
    """Open renewals whose B&W decision, at the current deadlines, falls after the term start."""
    renewals = session.scalars(
        select(Procedure)
        .where(Procedure.kind == ProcedureKind.RENEWAL, Procedure.is_open_clause())
        .order_by(Procedure.id)
    )
    found = []
    for procedure in renewals:
        finish = decision_by(procedure, day)
        if finish is not None and finish > procedure.term.start_date:
            found.append(
                TooLate(
                    procedure.id,
                    procedure.area.name,
                    procedure.current_stage,
                    finish,
                    procedure.term.start_date,
                )
            )
    return found
