"""Clearing a procedure's pending follow-up once its flow has finished."""

from __future__ import annotations

from models.enums import FollowUp
from tasks.adapters import db
from tasks.queries import lookup


def done(procedure_id: int, step: FollowUp) -> bool:
    """Unit: the flow of `step` finished; False when that step was not (or no longer) pending."""
    with db.session_scope() as session:
        return lookup.procedure(session, procedure_id).followup_done(step)
