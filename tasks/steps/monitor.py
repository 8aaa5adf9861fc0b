"""The daily monitor's units of work, without Prefect (flows/monitor.py orchestrates them).

Each function is one transaction and safe to repeat: a second run on the same day finds the
work done (a recruitment already closed, a proposal already open, a stalled procedure already
reported, the day's digest already in the outbox) and changes nothing.
Everything is computed from "now", not from "today's" items: a run missed while the service was
down is caught up by the next one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Application, AuditEvent, Candidate, Procedure
from models.enums import Actor, FollowUp, Stage
from tasks.adapters.clock import now
from tasks.adapters.db import session_scope
from tasks.adapters.settings import get_settings
from tasks.mail import digest
from tasks.queries import followups, stalled, vacancies
from tasks.steps import experiments

STALLED_REPORTED = "stalled_reported"


def recruitment_due(day: date) -> list[int]:
    """Procedures still recruiting after their application deadline: screening is due. Not yet
    while an application sent in time may still be confirmed (it counts: the moment the
    resident sent it decides), nor while nobody applied (stalled: 'geen aanmeldingen')."""
    with session_scope() as session:
        due = session.scalars(
            select(Procedure)
            .where(Procedure.stage == Stage.RECRUITING, Procedure.application_deadline < day)
            .order_by(Procedure.id)
        ).all()
        if not due:
            return []
        ids = [p.id for p in due]
        waiting = set(
            session.scalars(
                select(Application.procedure_id)
                .join(Procedure, Procedure.id == Application.procedure_id)
                .where(
                    Application.procedure_id.in_(ids),
                    Application.confirmed_at.is_(None),
                    Application.refused_at.is_(None),
                    Application.expires_at > now(),
                    func.date(Application.submitted_at) <= Procedure.application_deadline,
                )
            )
        )
        applied = set(
            session.scalars(select(Candidate.procedure_id).where(Candidate.procedure_id.in_(ids)))
        )
        return [p for p in ids if p not in waiting and (p in applied)]


def _reported(session: Session, states: list[stalled.StalledState]) -> set[int]:
    """Procedures whose current stall was already reported (since they entered their stage)."""
    if not states:
        return set()
    rows = session.execute(
        select(AuditEvent.procedure_id, AuditEvent.at, Procedure.stage_entered_at)
        .join(Procedure, Procedure.id == AuditEvent.procedure_id)
        .where(
            AuditEvent.procedure_id.in_([s.procedure_id for s in states]),
            AuditEvent.action == STALLED_REPORTED,
        )
    )
    return {pid for pid, at, entered in rows if pid is not None and at >= entered}


def newly_stalled(day: date) -> list[tuple[int, str]]:
    """(procedure id, level) of every stalled procedure not yet reported in its stage."""
    with session_scope() as session:
        states = stalled.stalled(session, today=day)
        done = _reported(session, states)
        return [(s.procedure_id, s.level.value) for s in states if s.procedure_id not in done]


def record_stalled_reported(reported: list[tuple[int, str]]) -> int:
    """Remember that the event was emitted, so that a rerun does not emit it again."""
    with session_scope() as session:
        procedures = {
            p.id: p
            for p in session.scalars(
                select(Procedure).where(Procedure.id.in_([pid for pid, _ in reported]))
            )
        }
        for pid, level in reported:
            session.add(
                AuditEvent(
                    procedure_id=pid,
                    at=now(),
                    actor=Actor.SYSTEM,
                    action=STALLED_REPORTED,
                    from_stage=procedures[pid].current_stage,
                    reason=level,
                )
            )
        return len(reported)


def propose_experiments(day: date) -> list[int]:
    """An experiment proposal for every council too small or with seats vacant too long."""
    with session_scope() as session:
        return experiments.propose(session, vacancies.shortages(session, day))


def lapse_proposals(day: date) -> list[int]:
    """Proposals whose shortage is gone (the council is full, or a procedure is open) lapse."""
    with session_scope() as session:
        return experiments.lapse(session, day)


def experiment_reminders(day: date) -> list[int]:
    """Outbox ids of the reminders about evaluations due soon (existing ones included)."""
    with session_scope() as session:
        return experiments.due_reminders(session, day)


def enqueue_digest(day: date) -> int | None:
    """The day's digest for the coördinator, once a day, only when there is something to tell."""
    with session_scope() as session:
        return digest.enqueue_digest(session, day)


def pending_followups(moment: datetime) -> list[tuple[int, FollowUp]]:
    """Unit: the steps recorded more than the grace period ago whose flow never finished."""
    grace = timedelta(minutes=get_settings().followup_grace_minutes)
    with session_scope() as session:
        return followups.pending(session, moment - grace)
