"""The councils' advice to B&W and B&W's answers, as the doors and the monitor read them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models import Advice, CouncilDecision, Meeting
from models.advice import OUTCOME_LABELS
from models.enums import AdviceOutcome
from models.errors import NotFound
from tasks.queries import lookup


@dataclass(frozen=True)
class AdviceRow:
    id: int
    area: str  # slug
    council: str
    subject: str
    text: str
    decision_id: int
    meeting_id: int
    decided_on: date  # the meeting's date
    sent_on: date
    answer_due_on: date
    answered_on: date | None
    outcome: str | None  # the code
    outcome_label: str | None
    answer_text: str | None
    answer_reference: str | None
    answered_in_time: bool | None  # None while unanswered
    state: str  # open | due_soon | overdue | answered
    days_over: int  # days past the due date without an answer

    def as_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # flat: no deep copy


def _state(advice: Advice, today: date, soon: int) -> str:
    if advice.answered:
        return "answered"
    if advice.overdue(today):
        return "overdue"
    if advice.answer_due_on <= today + timedelta(days=soon):
        return "due_soon"
    return "open"


STATE_LABELS = {
    "answered": "beantwoord",
    "overdue": "antwoord te laat",
    "due_soon": "antwoord bijna verwacht",
    "open": "wacht op antwoord",
}


def row(advice: Advice, today: date, soon: int = 7) -> AdviceRow:
    decision = advice.decision
    return AdviceRow(
        id=advice.id,
        area=advice.area.slug,
        council=advice.area.council_name,
        subject=advice.subject,
        text=advice.text,
        decision_id=advice.decision_id,
        meeting_id=decision.meeting_id,
        decided_on=decision.meeting.held_on,
        sent_on=advice.sent_on,
        answer_due_on=advice.answer_due_on,
        answered_on=advice.answered_on,
        outcome=advice.outcome.value if advice.outcome else None,
        outcome_label=OUTCOME_LABELS[advice.outcome] if advice.outcome else None,
        answer_text=advice.answer_text,
        answer_reference=advice.answer_reference,
        answered_in_time=advice.answered_in_time if advice.answered else None,
        state=_state(advice, today, soon),
        days_over=advice.days_over(today),
    )


def _query():  # type: ignore[no-untyped-def]
    return select(Advice).options(
        joinedload(Advice.area),
        joinedload(Advice.decision).joinedload(CouncilDecision.meeting),
    )


def advice_list(
    session: Session,
    today: date,
    *,
    open_only: bool = False,
    area: str | None = None,
    area_id: int | None = None,
    soon: int = 7,
) -> list[AdviceRow]:
    """Every advice, the newest first; `open_only`: those still awaiting B&W's answer, the
    first due first."""
    query = _query()
    if area:
        area_id = lookup.area(session, area).id
    if area_id is not None:
        query = query.where(Advice.area_id == area_id)
    if open_only:
        query = query.where(Advice.answered_on.is_(None)).order_by(Advice.answer_due_on, Advice.id)
    else:
        query = query.order_by(Advice.sent_on.desc(), Advice.id.desc())
    return [row(a, today, soon) for a in session.scalars(query)]


def one(session: Session, advice_id: int, today: date, soon: int = 7) -> AdviceRow:
    found = session.scalar(_query().where(Advice.id == advice_id))
    if found is None:
        raise NotFound(f"{advice_id} bestaat niet.", field="advice", hint="list:advice")
    return row(found, today, soon)


def awaiting(session: Session, today: date, soon: int) -> list[AdviceRow]:
    """Unanswered advice due within `soon` days or overdue: the monitor's reminders."""
    query = (
        _query()
        .where(
            Advice.answered_on.is_(None),
            Advice.answer_due_on <= today + timedelta(days=soon),
        )
        .order_by(Advice.answer_due_on, Advice.id)
    )
    return [row(a, today, soon) for a in session.scalars(query)]


def overdue(session: Session, today: date) -> list[AdviceRow]:
    return [r for r in awaiting(session, today, 0) if r.state == "overdue"]


@dataclass(frozen=True)
class AdviceCounts:
    """One area's advice of a year (by the day sent): given, answered in time, followed."""

    given: int = 0
    answered: int = 0
    answered_in_time: int = 0
    adopted: int = 0  # overgenomen
    partly_adopted: int = 0  # deels overgenomen
    not_adopted: int = 0  # niet overgenomen
    overdue: int = 0  # unanswered past the due date


def year_counts(session: Session, year: int, today: date) -> dict[int, AdviceCounts]:
    """Per area id: the advice sent in `year`, and what became of it."""
    rows = session.execute(
        select(Advice.area_id, Advice.answered_on, Advice.answer_due_on, Advice.outcome).where(
            Advice.sent_on.between(date(year, 1, 1), date(year, 12, 31))
        )
    )
    counts: dict[int, dict[str, int]] = {}
    for area_id, answered_on, due_on, outcome in rows:
        c = counts.setdefault(area_id, dict.fromkeys(AdviceCounts.__dataclass_fields__, 0))
        c["given"] += 1
        if answered_on is None:
            c["overdue"] += due_on < today
            continue
        c["answered"] += 1
        c["answered_in_time"] += answered_on <= due_on
        c[
            {
                AdviceOutcome.ADOPTED: "adopted",
                AdviceOutcome.PARTLY_ADOPTED: "partly_adopted",
                AdviceOutcome.NOT_ADOPTED: "not_adopted",
            }[AdviceOutcome(str(outcome))]
        ] += 1
    return {area_id: AdviceCounts(**c) for area_id, c in counts.items()}


def public_advice(session: Session, area_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """An area's advice with B&W's answers, for the public page: the newest first."""
    rows = session.execute(
        select(
            Advice.id,
            Advice.subject,
            Advice.text,
            Advice.sent_on,
            Advice.answer_due_on,
            Advice.answered_on,
            Advice.outcome,
            Advice.answer_text,
            Advice.answer_reference,
            Meeting.held_on,
        )
        .join(CouncilDecision, CouncilDecision.id == Advice.decision_id)
        .join(Meeting, Meeting.id == CouncilDecision.meeting_id)
        .where(Advice.area_id == area_id)
        .order_by(Advice.sent_on.desc(), Advice.id.desc())
        .limit(limit)
    )
    return [
        {
            "id": r.id,
            "subject": r.subject,
            "text": r.text,
            "decided_on": r.held_on,
            "sent_on": r.sent_on,
            "answer_due_on": r.answer_due_on,
            "answered_on": r.answered_on,
            "outcome": OUTCOME_LABELS[r.outcome] if r.outcome else None,
            "answer_text": r.answer_text,
            "answer_reference": r.answer_reference,
        }
        for r in rows
    ]
