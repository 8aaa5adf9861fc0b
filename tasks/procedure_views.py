"""Read-only views of procedures for the CLI: status and history, as plain dicts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Procedure
from models.enums import Stage
from models.stages import label
from tasks import lookup


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
    }


def detail(session: Session, procedure_id: int) -> dict[str, Any]:
    procedure = lookup.procedure(session, procedure_id)
    view = summary(procedure)
    view["candidates"] = len(procedure.candidates)
    view["committee_members"] = len(procedure.committee.members) if procedure.committee else 0
    view["committee_confirmed"] = bool(procedure.committee and procedure.committee.confirmed_at)
    view["cancel_reason"] = procedure.cancel_reason
    view["onboarding_open"] = sum(1 for t in procedure.onboarding_tasks if t.done_at is None)
    view["call_text"] = procedure.call_text
    view["advice_text"] = procedure.advice_text
    return view


def listing(session: Session, area_slug: str | None) -> list[dict[str, Any]]:
    """Open procedures; for an area, all of its procedures."""
    query = select(Procedure).order_by(Procedure.id)
    if area_slug:
        query = query.where(Procedure.area_id == lookup.area(session, area_slug).id)
    else:
        query = query.where(Procedure.stage.not_in([Stage.COMPLETED, Stage.CANCELLED]))
    return [summary(p) for p in session.scalars(query)]


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
