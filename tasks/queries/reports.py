"""The year report per area: meetings held, decisions, advice to B&W and what became of it,
vacancies, procedures and lead times."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from models import Area, Council, CouncilDecision, Meeting, Membership, Procedure
from models.enums import Stage
from models.errors import InvalidInput
from tasks.adapters.clock import today


def _per_area(session: Session, query: Any) -> dict[int, int]:
    return {area_id: int(n) for area_id, n in session.execute(query)}


def _procedures(
    session: Session, start: datetime, end: datetime
) -> dict[int, list[dict[str, Any]]]:
    """Procedures opened or closed in the year, with their lead time when completed."""
    rows = session.scalars(
        select(Procedure)
        .where(
            or_(
                Procedure.opened_at.between(start, end),
                Procedure.closed_at.between(start, end),
            )
        )
        .order_by(Procedure.id)
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for p in rows:
        lead = (p.closed_at.date() - p.opened_at.date()).days if p.closed_at else None
        found.setdefault(p.area_id, []).append(
            {
                "id": p.id,
                "kind": p.kind.value,
                "stage": p.stage.value,
                "opened": p.opened_at.date(),
                "closed": p.closed_at.date() if p.closed_at else None,
                "lead_time_days": lead if p.stage == Stage.COMPLETED else None,
            }
        )
    return found


def year_report(session: Session, year: int) -> list[dict[str, Any]]:
    if not 2000 <= year <= 2100:
        raise InvalidInput(f"{year} is geen geldig jaar.", field="year")
    first, last = date(year, 1, 1), date(year, 12, 31)
    held_until = min(last, today())
    meetings = _per_area(
        session,
        select(Meeting.area_id, func.count())
        .where(Meeting.public.is_(True), Meeting.held_on.between(first, held_until))
        .group_by(Meeting.area_id),
    )
    planned = _per_area(
        session,
        select(Meeting.area_id, func.count())
        .where(Meeting.public.is_(True), Meeting.held_on > held_until, Meeting.held_on <= last)
        .group_by(Meeting.area_id),
    )
    decisions = _per_area(
        session,
        select(Meeting.area_id, func.count())
        .join(CouncilDecision, CouncilDecision.meeting_id == Meeting.id)
        .where(Meeting.held_on.between(first, last))
        .group_by(Meeting.area_id),
    )
    left = _per_area(
        session,
        select(Council.area_id, func.count())
        .join(Membership, Membership.council_id == Council.id)
        .where(Membership.left_on.between(first, last))
        .group_by(Council.area_id),
    )
    procedures = _procedures(
        session, datetime.combine(first, time.min), datetime.combine(last, time.max)
    )
    from tasks.queries.advice import AdviceCounts, year_counts

    advice = year_counts(session, year, today())
    report = []
    for area in session.scalars(select(Area).order_by(Area.id)):
        given = advice.get(area.id, AdviceCounts())
        own = procedures.get(area.id, [])
        leads = [p["lead_time_days"] for p in own if p["lead_time_days"] is not None]
        report.append(
            {
                "area": area.slug,
                "name": area.name,
                "meetings_held": meetings.get(area.id, 0),
                "meetings_planned": planned.get(area.id, 0),
                "decisions": decisions.get(area.id, 0),
                "members_left": left.get(area.id, 0),
                "vacancy_procedures": sum(p["kind"] == "vacancy" for p in own),
                "procedures": own,
                "average_lead_time_days": round(sum(leads) / len(leads)) if leads else None,
                # advice to B&W sent in the year: answered within the due date, and followed
                "advice_given": given.given,
                "advice_answered": given.answered,
                "advice_answered_in_time": given.answered_in_time,
                "advice_followed": given.adopted,
                "advice_partly_followed": given.partly_adopted,
                "advice_not_followed": given.not_adopted,
                "advice_overdue": given.overdue,
            }
        )
    return report
