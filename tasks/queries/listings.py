"""The lists of the coördinator's page: experiments, meetings with their decisions, and the
sitting members per area. Plain dicts; reads only."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Area, Council, Experiment, Meeting, Membership, Panel
from models.terms import term_on


def experiments(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Experiment).options(selectinload(Experiment.area)).order_by(Experiment.id.desc())
    )
    with_panel = set(session.scalars(select(Panel.experiment_id)))
    return [
        {
            "id": e.id,
            "area": e.area.slug,
            "council": e.area.council_name,
            "status": e.status.value,
            "form": e.form,
            "description": e.description,
            "proposed_at": e.proposed_at,
            "proposal_reason": e.proposal_reason,
            "decided_with_college_on": e.decided_with_college_on,
            "evaluate_on": e.evaluate_on,
            "reason": e.reason,
            "outcome": e.outcome,
            "cause_procedure_id": e.cause_procedure_id,
            "started_procedure_id": e.started_procedure_id,
            "panel": e.id in with_panel,
        }
        for e in rows
    ]


def meeting_years(session: Session) -> list[int]:
    days = session.scalars(select(Meeting.held_on).distinct())
    return sorted({d.year for d in days}, reverse=True)


def meetings(session: Session, year: int) -> list[dict[str, Any]]:
    """The meetings of a calendar year, each with its decisions, per date."""
    rows = session.scalars(
        select(Meeting)
        .where(Meeting.held_on.between(date(year, 1, 1), date(year, 12, 31)))
        .options(selectinload(Meeting.area), selectinload(Meeting.decisions))
        .order_by(Meeting.held_on, Meeting.id)
    )
    return [
        {
            "id": m.id,
            "area": m.area.slug,
            "council": m.area.council_name,
            "date": m.held_on,
            "public": m.public,
            "minutes_published_on": m.minutes_published_on,
            "decisions": [
                {
                    "id": d.id,
                    "kind": d.kind.value,
                    "summary": d.summary,
                    "amount_cents": d.amount_cents,
                    "applicant": d.applicant,
                    "published_on": d.published_on,
                }
                for d in sorted(m.decisions, key=lambda d: d.id)
            ],
        }
        for m in rows
    ]


def members_per_area(session: Session, day: date) -> list[dict[str, Any]]:
    """Every area with the members of its council who sit on the day."""
    current = term_on(day).election_year
    councils = {
        c.area_id: c
        for c in session.scalars(
            select(Council)
            .where(Council.term.has(election_year=current))
            .options(selectinload(Council.memberships).selectinload(Membership.person))
        )
    }
    result = []
    for area in session.scalars(select(Area).order_by(Area.name)):
        council = councils.get(area.id)
        sitting = sorted(council.sitting_on(day), key=lambda m: m.id) if council else []
        result.append(
            {
                "area": area.slug,
                "council": area.council_name,
                "max_seats": area.max_seats,
                "members": [
                    {
                        "id": m.id,
                        "name": m.person.name,
                        "email": m.person.email,
                        "role": m.role.value,
                        "since": m.start_date,
                        "until": m.end_date,
                    }
                    for m in sitting
                ],
            }
        )
    return result
