"""The meetings of the councils and the decisions taken in them, as the CLI shows them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models import CouncilDecision, Meeting, validation
from models.errors import NotFound
from tasks.queries import lookup


def meeting_view(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "area": meeting.area.slug,
        "date": meeting.held_on,
        "public": meeting.public,
        "agenda": meeting.agenda is not None,
        "minutes_published_on": meeting.minutes_published_on,
        "decisions": len(meeting.decisions),
    }


def meeting(session: Session, meeting_id: int) -> dict[str, Any]:
    found = session.get(Meeting, meeting_id)
    if found is None:
        raise NotFound(f"{meeting_id} bestaat niet.", field="meeting", hint="list:meetings")
    return meeting_view(found)


def meetings(session: Session, area: str | None, year: int | None) -> list[dict[str, Any]]:
    query = (
        select(Meeting)
        .options(selectinload(Meeting.area), selectinload(Meeting.decisions))
        .order_by(Meeting.held_on, Meeting.id)
    )
    if area:
        query = query.where(Meeting.area_id == lookup.area(session, area).id)
    if year:
        validation.year(year)
        query = query.where(Meeting.held_on.between(date(year, 1, 1), date(year, 12, 31)))
    return [meeting_view(m) for m in session.scalars(query)]


def decision_view(decision: CouncilDecision) -> dict[str, Any]:
    return {
        "id": decision.id,
        "meeting": decision.meeting_id,
        "area": decision.meeting.area.slug,
        "council": decision.meeting.area.council_name,
        "date": decision.meeting.held_on,
        "kind": decision.kind.value,
        "summary": decision.summary,
        "amount_cents": decision.amount_cents,
        "applicant": decision.applicant,
        "organisation": decision.organisation,
        "published_on": decision.published_on,
    }


def decision(session: Session, decision_id: int) -> dict[str, Any]:
    found = session.get(CouncilDecision, decision_id)
    if found is None:
        raise NotFound(f"{decision_id} bestaat niet.", field="decision")
    return decision_view(found)


def decisions(session: Session, area: str | None, year: int | None) -> list[CouncilDecision]:
    query = (
        select(CouncilDecision)
        .join(CouncilDecision.meeting)
        .options(selectinload(CouncilDecision.meeting).selectinload(Meeting.area))
        .order_by(Meeting.held_on, CouncilDecision.id)
    )
    if area:
        query = query.where(Meeting.area_id == lookup.area(session, area).id)
    if year:
        validation.year(year)
        query = query.where(Meeting.held_on.between(date(year, 1, 1), date(year, 12, 31)))
    return list(session.scalars(query))


def decision_rows(session: Session, area: str | None, year: int | None) -> list[dict[str, Any]]:
    return [decision_view(d) for d in decisions(session, area, year)]


# -- what the monitor checks ------------------------------------------------------------------


def too_few_meetings(
    session: Session, day: date, per_year: int, area_ids: set[int]
) -> list[dict[str, Any]]:
    """Areas (of these councils) with fewer public meetings, held and planned, this year."""
    counts = dict(
        session.execute(
            select(Meeting.area_id, func.count())
            .where(
                Meeting.public.is_(True),
                Meeting.held_on.between(date(day.year, 1, 1), date(day.year, 12, 31)),
            )
            .group_by(Meeting.area_id)
        ).all()
    )
    return [
        {"area_id": area_id, "meetings": int(counts.get(area_id, 0)), "needed": per_year}
        for area_id in sorted(area_ids | set(counts))
        if counts.get(area_id, 0) < per_year
    ]


def unpublished(session: Session, day: date, within_days: int) -> list[dict[str, Any]]:
    """Public meetings more than `within_days` ago whose minutes or decisions are unpublished."""
    cutoff = day - timedelta(days=within_days)
    late_decisions = (
        select(CouncilDecision.meeting_id)
        .where(CouncilDecision.published_on.is_(None))
        .scalar_subquery()
    )
    rows = session.scalars(
        select(Meeting)
        .where(
            Meeting.public.is_(True),
            Meeting.held_on < cutoff,
            (Meeting.minutes_published_on.is_(None)) | Meeting.id.in_(late_decisions),
        )
        .options(selectinload(Meeting.decisions))
        .order_by(Meeting.held_on, Meeting.id)
    )
    return [
        {
            "meeting_id": m.id,
            "area_id": m.area_id,
            "date": m.held_on,
            "minutes": m.minutes_published_on is not None,
            "decisions_unpublished": sum(d.published_on is None for d in m.decisions),
        }
        for m in rows
    ]
