"""What a simulated cycle produced, per area: the numbers of the summary and the report."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Area, Council, Experiment, Meeting, Membership, OutboxMessage, Procedure, labels
from models.enums import MessageStatus
from models.terms import term_on
from tasks.queries.timeline import lead_times, spans


def per_area(session: Session, day: date) -> list[dict[str, Any]]:
    """One row per area: council, appointed members, free seats, experiment, meetings, mails,
    lead time per stage."""
    moment = datetime.combine(day, datetime.min.time())
    area_spans = spans(session, moment)
    leads = lead_times(area_spans)
    mails = _mails_per_area(session)
    rows = []
    for area in session.scalars(select(Area).order_by(Area.id)):
        council = session.scalar(
            select(Council).where(
                Council.area_id == area.id,
                Council.term.has(election_year=term_on(day).election_year),
            )
        )
        sitting = len(council.sitting_on(day)) if council else 0
        appointed = session.scalar(
            select(func.count())
            .select_from(Membership)
            .join(Membership.council)
            .where(Membership.board_decision_id.is_not(None))
            .where(Membership.council.has(area_id=area.id))
        )
        experiment = session.scalar(
            select(Experiment).where(Experiment.area_id == area.id).order_by(Experiment.id.desc())
        )
        meetings = session.scalar(
            select(func.count()).select_from(Meeting).where(Meeting.area_id == area.id)
        )
        procedures = session.scalar(
            select(func.count()).select_from(Procedure).where(Procedure.area_id == area.id)
        )
        rows.append(
            {
                "slug": area.slug,
                "council": area.council_name,
                "members": sitting,
                "max_seats": area.max_seats,
                "vacancies": area.max_seats - sitting,
                "appointed": appointed or 0,
                "procedures": procedures or 0,
                "experiment": _experiment_label(experiment),
                "meetings": meetings or 0,
                "mails": mails.get(area.id, 0),
                "lead_times": {k: round(v, 1) for k, v in leads.get(area.slug, {}).items()},
                "spans": area_spans.get(area.slug, []),
            }
        )
    return rows


def _experiment_label(experiment: Experiment | None) -> str:
    if experiment is None:
        return ""
    status = labels.status(experiment.status)
    return f"{experiment.form} ({status})" if experiment.form else status


def _mails_per_area(session: Session) -> Counter[int]:
    rows = session.execute(
        select(Procedure.area_id, func.count())
        .select_from(OutboxMessage)
        .join(Procedure, OutboxMessage.procedure_id == Procedure.id)
        .where(OutboxMessage.status == MessageStatus.DELIVERED)
        .group_by(Procedure.area_id)
    )
    return Counter({area_id: count for area_id, count in rows})


def mail_totals(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    return {status.value: count for status, count in rows}
