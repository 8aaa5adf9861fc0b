"""The councils' advice to B&W: sent when the council decides it, answered when B&W answer."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Advice, AuditEvent, CouncilDecision
from models.advice import AnswerInput, answer_due, check_sent_on, subject_of
from models.enums import Actor
from models.errors import NotFound
from tasks.adapters.clock import now, today
from tasks.adapters.settings import get_settings


def _audit(action: str, advice: Advice, actor: str, reason: str | None = None) -> AuditEvent:
    return AuditEvent(
        at=now(),
        actor=actor,
        action=action,
        subject_type="advice",
        subject_id=advice.id,
        reason=reason,
    )


def send(
    session: Session,
    decision: CouncilDecision,
    text: str | None,
    sent_on: date | None = None,
    *,
    actor: str = Actor.COORDINATOR,
) -> Advice:
    """The advice a council decided, sent to B&W on `sent_on` (default today: between the
    meeting and today); the answer is due in the setting's weeks."""
    day = check_sent_on(sent_on or today(), decision.meeting.held_on, today())
    advice = Advice(
        decision_id=decision.id,
        area_id=decision.meeting.area_id,
        subject=subject_of(decision.summary),
        text=text or decision.summary,
        sent_on=day,
        answer_due_on=answer_due(day, get_settings().advice_answer_weeks),
    )
    session.add(advice)
    session.flush()
    session.add(_audit("advice_sent", advice, actor))
    return advice


def get(session: Session, advice_id: int) -> Advice:
    found = session.get(Advice, advice_id)
    if found is None:
        raise NotFound(f"{advice_id} bestaat niet.", field="advice", hint="list:advice")
    return found


def for_decision(session: Session, decision_id: int) -> Advice | None:
    return session.scalar(select(Advice).where(Advice.decision_id == decision_id))


def answer(
    session: Session, advice_id: int, data: AnswerInput, *, actor: str = Actor.COORDINATOR
) -> Advice:
    """Record B&W's answer (once); the row is locked so two doors at once answer once."""
    advice = session.scalar(select(Advice).where(Advice.id == advice_id).with_for_update()) or get(
        session, advice_id
    )
    advice.record_answer(data, today=today(), at=now())
    session.add(_audit("advice_answered", advice, actor, reason=advice.outcome))
    return advice
