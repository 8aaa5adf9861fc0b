"""Read-only views of procedures for the CLI: status and history, as plain dicts."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Procedure
from models.stages import label
from tasks.queries import lookup, stalled, status


def summary(procedure: Procedure) -> dict[str, Any]:
    working = procedure.current_stage
    return {
        "id": procedure.id,
        "area": procedure.area.slug,
        "council": procedure.area.council_name,
        "kind": procedure.kind.value,
        "term": procedure.term.election_year,
        "stage": procedure.stage.value,
        "stage_label": label(procedure.stage),
        "suspended_stage": procedure.suspended_stage.value if procedure.suspended_stage else None,
        "seats": procedure.seats,
        "target": procedure.stage_target,
        "deadline": procedure.stage_deadline,
        "application_deadline": procedure.application_deadline,
        "suspended_days": procedure.suspended_days,
        "opened_at": procedure.opened_at,
        "closed_at": procedure.closed_at,
        "working_stage": working.value if working else None,
        # the follow-up recorded but not yet finished (null when none), as the README says
        "pending_step": procedure.pending_step.value if procedure.pending_step else None,
    }


def detail(session: Session, procedure_id: int) -> dict[str, Any]:
    procedure = lookup.procedure(session, procedure_id)
    view = detail_of(
        procedure,
        candidates=len(procedure.candidates),
        committee_members=len(procedure.committee.members) if procedure.committee else 0,
        onboarding_open=sum(1 for t in procedure.onboarding_tasks if t.done_at is None),
    )
    return with_stalled(session, [view])[0]


def detail_of(
    procedure: Procedure, *, candidates: int, committee_members: int, onboarding_open: int
) -> dict[str, Any]:
    """`detail` without its stalled state, from counts the caller has read already."""
    view = summary(procedure)
    view["candidates"] = candidates
    view["committee_members"] = committee_members
    view["committee_confirmed"] = bool(procedure.committee and procedure.committee.confirmed_at)
    view["cancel_reason"] = procedure.cancel_reason
    view["onboarding_open"] = onboarding_open
    view["call_text"] = procedure.call_text
    view["advice_text"] = procedure.advice_text
    return view


def listing(session: Session, area_slug: str | None) -> list[dict[str, Any]]:
    """Open procedures; for an area, all of its procedures. Each with its stalled state."""
    query = select(Procedure).order_by(Procedure.id)
    if area_slug:
        query = query.where(Procedure.area_id == lookup.area(session, area_slug).id)
    else:
        query = query.where(Procedure.is_open_clause())
    views = [summary(p) for p in session.scalars(query)]
    return with_stalled(session, views)


def with_stalled(session: Session, views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add the monitor's verdict (on track, warning, overdue, suspended) to procedure views."""
    states = stalled.stalled_states(session, ids=[v["id"] for v in views])
    for view in views:
        state = states.get(view["id"])
        view["stalled"] = state.level.value if state else None
        view["stalled_label"] = stalled.stalled_label(state)
    return views


def overview(session: Session, day: date) -> list[dict[str, Any]]:
    """One row per area: its council now, the seats filled, and its open procedure (the most
    recent when there are two, a vacancy and a renewal) with the stalled state."""
    return status.overview(session, day)


def overview_and_stalled(
    session: Session, day: date
) -> tuple[list[dict[str, Any]], list[stalled.StalledState]]:
    """`overview` and the stalled procedures, most overdue first, from one read of the open
    procedures (the overview page shows both)."""
    return status.overview_and_stalled(session, day)


def history(session: Session, procedure_id: int) -> list[dict[str, Any]]:
    lookup.procedure(session, procedure_id)
    events = session.scalars(
        select(AuditEvent).where(AuditEvent.procedure_id == procedure_id).order_by(AuditEvent.id)
    )
    return [
        {
            "id": e.id,
            "at": e.at,
            "actor": e.actor,
            "action": e.action,
            "from_stage": e.from_stage.value if e.from_stage else None,
            "to_stage": e.to_stage.value if e.to_stage else None,
            "reason": e.reason,
            "subject_type": e.subject_type,
            "subject_id": e.subject_id,
        }
        for e in events
    ]
