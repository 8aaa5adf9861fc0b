"""What the daily monitor signalled per area over a period: the reminders it sent about
procedures, and the delays it reported (a stage past its service norm or its deadline)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Area, AuditEvent, OutboxMessage, Procedure

STALLED_REPORTED = "stalled_reported"  # the audit action of tasks/steps/monitor.py
REMINDERS = "herinnering_%"  # the reminder templates of tasks/mail/reminders.py


def per_area(session: Session) -> dict[str, dict[str, int]]:
    """{area slug: {"reminders": n, "delays": n}} for every area with a procedure."""
    reminders = _count(
        session,
        select(Area.slug, func.count(OutboxMessage.id))
        .join(Procedure, OutboxMessage.procedure_id == Procedure.id)
        .where(OutboxMessage.template.like(REMINDERS)),
    )
    delays = _count(
        session,
        select(Area.slug, func.count(AuditEvent.id))
        .join(Procedure, AuditEvent.procedure_id == Procedure.id)
        .where(AuditEvent.action == STALLED_REPORTED),
    )
    return {
        slug: {"reminders": reminders.get(slug, 0), "delays": delays.get(slug, 0)}
        for slug in session.scalars(select(Area.slug).where(Area.id.in_(select(Procedure.area_id))))
    }


def _count(session: Session, query: Any) -> dict[str, int]:
    query = query.join(Area, Procedure.area_id == Area.id).group_by(Area.slug)
    return {slug: int(n) for slug, n in session.execute(query)}
