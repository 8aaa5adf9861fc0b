"""The council page of the coördinator (`/raden/{slug}`): one area's council with its members,
its procedures (open and closed), experiments, meetings and decisions. Plain dicts; reads only.
The page reads a fixed number of statements whatever the history: closed procedures a page at a
time, meetings and decisions a year at a time (the running year with the meetings to come)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from models import (
    Area,
    Council,
    CouncilDecision,
    Experiment,
    Meeting,
    Membership,
    Procedure,
    Term,
)
from models.enums import CLOSED_STAGES, ExperimentStatus
from models.stages import label
from models.terms import term_on
from tasks.queries import advice as advice_views
from tasks.queries import lookup

PROCEDURES_PER_PAGE = 25


def _member(m: Membership) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.person.name,
        "email": m.person.email,
        "role": m.role.value,
        "since": m.start_date,
        "until": m.end_date,
        "left_on": m.left_on,
        "leave_reason": m.leave_reason,
    }


def _procedure(p: Procedure, term: int) -> dict[str, Any]:
    return {
        "id": p.id,
        "kind": p.kind.value,
        "term": term,
        "stage": p.stage.value,
        "stage_label": label(p.stage),
        "open": p.stage not in CLOSED_STAGES,
        "seats": p.seats,
        "opened_at": p.opened_at,
        "closed_at": p.closed_at,
        "deadline": p.stage_deadline,
    }


def _experiment(e: Experiment) -> dict[str, Any]:
    return {
        "id": e.id,
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
    }


def _meeting(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.id,
        "date": m.held_on,
        "public": m.public,
        "agenda": m.agenda,
        "minutes": m.minutes,
        "minutes_published_on": m.minutes_published_on,
        "decisions": [
            {
                "id": d.id,
                "meeting": m.id,
                "date": m.held_on,
                "kind": d.kind.value,
                "summary": d.summary,
                "amount_cents": d.amount_cents,
                "applicant": d.applicant,
                "organisation": d.organisation,
                "published_on": d.published_on,
            }
            for d in sorted(m.decisions, key=lambda d: d.id)
        ],
    }


def _members(session: Session, area: Area, day: date) -> dict[str, Any]:
    """The council of the term that covers the day: who sits, and who left during the term."""
    term = term_on(day)
    memberships = session.scalars(
        select(Membership)
        .join(Council, Council.id == Membership.council_id)
        .join(Term, Term.id == Council.term_id)
        .where(Council.area_id == area.id, Term.election_year == term.election_year)
        .options(joinedload(Membership.person))
        .order_by(Membership.id)
    ).all()
    sitting = [m for m in memberships if m.is_sitting(day)]
    return {
        "term": term.election_year,
        "term_start": term.start,
        "term_end": term.end,
        "sitting": [_member(m) for m in sitting],
        "left": [_member(m) for m in memberships if m.left_on is not None and m.left_on <= day],
        "coming": [_member(m) for m in memberships if m.start_date > day],
    }


def procedures(
    session: Session, area_id: int, page: int = 1, per_page: int = PROCEDURES_PER_PAGE
) -> dict[str, Any]:
    """The area's open procedures, and its closed ones a page at a time, newest first."""
    base = (
        select(Procedure, Term.election_year)
        .join(Term, Term.id == Procedure.term_id)
        .where(Procedure.area_id == area_id)
    )
    opened = session.execute(
        base.where(Procedure.is_open_clause()).order_by(Procedure.id.desc())
    ).all()
    closed_count = (
        session.scalar(
            select(func.count(Procedure.id)).where(
                Procedure.area_id == area_id, ~Procedure.is_open_clause()
            )
        )
        or 0
    )
    pages = max(1, -(-closed_count // per_page))
    page = min(max(1, page), pages)
    closed = session.execute(
        base.where(~Procedure.is_open_clause())
        .order_by(Procedure.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return {
        "open": [_procedure(p, term) for p, term in opened],
        "closed": [_procedure(p, term) for p, term in closed],
        "closed_count": closed_count,
        "page": page,
        "pages": pages,
    }


def _meeting_years(session: Session, area_id: int) -> tuple[list[int], list[int]]:
    """The years the area has meetings in, and those with decisions (one small statement)."""
    rows = session.execute(
        select(Meeting.held_on, func.count(CouncilDecision.id))
        .outerjoin(CouncilDecision, CouncilDecision.meeting_id == Meeting.id)
        .where(Meeting.area_id == area_id)
        .group_by(Meeting.id, Meeting.held_on)
    ).all()
    return (
        sorted({held_on.year for held_on, _ in rows}, reverse=True),
        sorted({held_on.year for held_on, count in rows if count}),
    )


def page(
    session: Session, slug: str, day: date, procedure_page: int = 1, year: int | None = None
) -> dict[str, Any]:
    """Everything on the council page of one area; meetings and decisions of `year` (the
    running one when None, with the meetings to come after it)."""
    area = lookup.area(session, slug)
    year = year or day.year
    experiments = session.scalars(
        select(Experiment).where(Experiment.area_id == area.id).order_by(Experiment.id.desc())
    ).all()
    in_year = Meeting.held_on.between(date(year, 1, 1), date(year, 12, 31))
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.area_id == area.id,
            or_(in_year, Meeting.held_on >= day) if year == day.year else in_year,
        )
        .options(selectinload(Meeting.decisions))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    ).all()
    meeting_views = [_meeting(m) for m in meetings]
    meeting_years, decision_years = _meeting_years(session, area.id)
    return {
        "slug": area.slug,
        "name": area.name,
        "council": area.council_name,
        "kind": area.kind.value,
        "max_seats": area.max_seats,
        "min_seats": area.min_seats,
        "day": day,
        "year": year,
        "years": sorted({day.year, year, *meeting_years}, reverse=True),
        **_members(session, area, day),
        "procedures": procedures(session, area.id, procedure_page),
        "experiments": [_experiment(e) for e in experiments],
        "meetings": meeting_views,
        "decisions": [d for m in meeting_views for d in m["decisions"]],
        "advice": [
            a.as_json() | {"state_label": advice_views.STATE_LABELS[a.state]}
            for a in advice_views.advice_list(session, day, area_id=area.id)
        ],
        "decision_years": decision_years,
        "open_statuses": {
            "proposed": ExperimentStatus.PROPOSED.value,
            "evaluable": (ExperimentStatus.RUNNING.value, ExperimentStatus.CONTINUED.value),
        },
    }
