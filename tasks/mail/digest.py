"""The coördinator's daily digest: what is stalled, short, late or failed, in one mail.

The digest is a snapshot of the morning's state, stored in the outbox row's context: procedure,
meeting, experiment, advice and message ids, area names, stages, counts, dates and the subjects
of advice (public anyway) — no personal data.
One per day (the idempotency key's occasion is the date); nothing is sent when nothing is found.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import Area, Council, Experiment, Membership, OutboxMessage, Term
from models.enums import ExperimentStatus, MessageStatus
from models.stages import label
from models.statuses import ACTIVE_EXPERIMENT
from models.terms import term_on
from tasks.adapters.settings import get_settings
from tasks.adapters.templating import datum
from tasks.mail.outbox import COORDINATOR, enqueue, idempotency_key
from tasks.queries import meetings, renewals, stalled, vacancies

TEMPLATE = "digest"
SUBJECT = "digest"
MAX_LISTED_FAILURES = 20


def _areas(session: Session) -> dict[int, Area]:
    return {a.id: a for a in session.scalars(select(Area))}


def _stalled(session: Session, day: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    states = stalled.stalled_states(session, today=day).values()
    rows = [
        {
            "procedure_id": s.procedure_id,
            "area": s.area,
            "stage": label(s.stage),
            "level": s.level.value,
            "days_over": s.days_over,
            "deadline": datum(s.deadline),
            "awaited_from": s.awaited_from,
            "awaited": s.awaited,
            "reason": s.reason,
        }
        for s in sorted(states, key=lambda s: (-s.days_over, s.procedure_id))
        if s.stalled
    ]
    suspended = [
        {
            "procedure_id": s.procedure_id,
            "area": s.area,
            "stage": label(s.stage),
            "days": s.suspension_age,
        }
        for s in states
        if s.level == stalled.Level.SUSPENDED
    ]
    return rows, suspended


def _councils_with_members(session: Session, day: date) -> set[int]:
    """Areas whose council of this term has sitting members: they are expected to meet."""
    term = term_on(day)
    return set(
        session.scalars(
            select(Council.area_id)
            .distinct()
            .join(Membership, Membership.council_id == Council.id)
            .join(Term, Term.id == Council.term_id)
            .where(
                Term.election_year == term.election_year,
                Membership.start_date <= day,
                Membership.end_date >= day,
                or_(Membership.left_on.is_(None), Membership.left_on > day),
            )
        )
    )


def _experiments(session: Session, day: date, areas: dict[int, Area]) -> dict[str, Any]:
    horizon = day + timedelta(days=get_settings().experiment_reminder_days)
    proposed = session.scalars(
        select(Experiment)
        .where(Experiment.status == ExperimentStatus.PROPOSED)
        .order_by(Experiment.id)
    )
    due = session.scalars(
        select(Experiment)
        .where(
            Experiment.status.in_(ACTIVE_EXPERIMENT),
            Experiment.evaluate_on <= horizon,
        )
        .order_by(Experiment.evaluate_on, Experiment.id)
    )
    return {
        "lapsed": _lapsed(session, day, areas),
        "proposed": [
            {"experiment_id": e.id, "area": areas[e.area_id].name, "reason": e.proposal_reason}
            for e in proposed
        ],
        "evaluations": [
            {
                "experiment_id": e.id,
                "area": areas[e.area_id].name,
                "form": e.form,
                "evaluate_on": datum(e.evaluate_on),
            }
            for e in due
        ],
    }


def _lapsed(session: Session, day: date, areas: dict[int, Area]) -> list[dict[str, Any]]:
    """Proposals that lapsed since the previous digest (so each is mentioned once)."""
    previous = session.scalar(
        select(func.max(OutboxMessage.created_at)).where(
            OutboxMessage.template == TEMPLATE, OutboxMessage.created_at < _day_start(day)
        )
    )
    query = select(Experiment).where(
        Experiment.status == ExperimentStatus.LAPSED, Experiment.evaluated_at < _day_end(day)
    )
    if previous is not None:
        query = query.where(Experiment.evaluated_at > previous)
    return [
        {"experiment_id": e.id, "area": areas[e.area_id].name, "reason": e.outcome}
        for e in session.scalars(query.order_by(Experiment.id))
    ]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _day_end(day: date) -> datetime:
    return _day_start(day + timedelta(days=1))


def _renewals(session: Session, day: date) -> dict[str, Any]:
    """Renewals for the next term not started within the lead time, and open renewals that
    cannot reach the B&W decision before the term starts at their current deadlines."""
    return {
        "renewals_not_started": [
            {
                "area": r.area,
                "term_start": datum(r.term_start),
                "start_by": datum(r.start_by),
                "months": get_settings().renewal_lead_months,
            }
            for r in renewals.not_started(session, day)
        ],
        "renewals_too_late": [
            {
                "procedure_id": r.procedure_id,
                "area": r.area,
                "stage": label(r.stage),
                "decision_by": datum(r.decision_by),
                "term_start": datum(r.term_start),
            }
            for r in renewals.too_late(session, day)
        ],
    }


def _mail_failures(session: Session) -> dict[str, Any]:
    """Messages that failed permanently: the count and the latest, by id and template."""
    from tasks.queries.outbox import permanent_failures

    failed = OutboxMessage.status == MessageStatus.PERMANENT_FAILURE
    total = session.scalar(select(func.count()).select_from(OutboxMessage).where(failed)) or 0
    latest = permanent_failures(session, limit=MAX_LISTED_FAILURES) if total else []
    return {
        "total": total,
        "latest": [
            {"message_id": f["id"], "template": f["template"], "procedure_id": f["procedure_id"]}
            for f in latest
        ],
    }


def _advice(session: Session, day: date) -> dict[str, Any]:
    """Advice to B&W without an answer: due within the reminder days, and overdue."""
    from tasks.queries import advice

    rows = advice.awaiting(session, day, get_settings().advice_reminder_days)
    shown = [
        {
            "advice_id": r.id,
            "area": r.council,
            "subject": r.subject,
            "sent_on": datum(r.sent_on),
            "due_on": datum(r.answer_due_on),
            "days_over": r.days_over,
        }
        for r in rows
    ]
    return {
        "due_soon": [a for a, r in zip(shown, rows, strict=True) if r.state != "overdue"],
        "overdue": [a for a, r in zip(shown, rows, strict=True) if r.state == "overdue"],
    }


def compose(session: Session, day: date) -> dict[str, Any]:
    """Everything the coördinator should know today, as a JSON-able snapshot."""
    settings = get_settings()
    areas = _areas(session)
    stalled_rows, suspended_rows = _stalled(session, day)
    short = [
        s.as_dict()
        | {"area": areas[s.area_id].name, "reason": s.reason, "vacant_since": datum(s.vacant_since)}
        for s in vacancies.shortages(session, day)
    ]
    few = meetings.too_few_meetings(
        session, day, settings.meetings_per_year, _councils_with_members(session, day)
    )
    late = meetings.unpublished(session, day, settings.publish_within_days)
    return {
        "day": day.isoformat(),
        "day_text": datum(day),
        "stalled": stalled_rows,
        "suspended": suspended_rows,
        "shortages": short,
        "experiments": _experiments(session, day, areas),
        "too_few_meetings": [r | {"area": areas[r["area_id"]].name} for r in few],
        "unpublished": [
            r | {"area": areas[r["area_id"]].name, "date": datum(r["date"])} for r in late
        ],
        "mail_failures": _mail_failures(session),
        "advice": _advice(session, day),
        **_renewals(session, day),
    }


def is_empty(digest: dict[str, Any]) -> bool:
    return not (
        digest["stalled"]
        or digest["suspended"]
        or digest["shortages"]
        or digest["experiments"]["proposed"]
        or digest["experiments"]["lapsed"]
        or digest["experiments"]["evaluations"]
        or digest["too_few_meetings"]
        or digest["unpublished"]
        or digest["mail_failures"]["total"]
        or digest.get("renewals_not_started")
        or digest.get("renewals_too_late")
        or digest.get("advice", {}).get("due_soon")
        or digest.get("advice", {}).get("overdue")
    )


def enqueue_digest(session: Session, day: date) -> int | None:
    """The day's digest in the outbox (once a day; none when there is nothing to tell)."""
    key = idempotency_key(
        template=TEMPLATE,
        occasion=day.isoformat(),
        person_id=None,
        role=COORDINATOR,
        subject=SUBJECT,
    )
    existing = session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key))
    if existing is not None:
        return existing
    digest = compose(session, day)
    if is_empty(digest):
        return None
    message = enqueue(
        session,
        template=TEMPLATE,
        subject=SUBJECT,
        occasion=day.isoformat(),
        role=COORDINATOR,
        context={"digest": digest},
    )
    session.flush()
    return message.id
