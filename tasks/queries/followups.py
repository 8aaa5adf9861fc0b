"""Procedures whose follow-up step is still pending: recorded, but its flow never finished."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Procedure
from models.enums import FollowUp


def pending(session: Session, recorded_before: datetime) -> list[tuple[int, FollowUp]]:
    """(procedure id, step) of every pending step recorded before the given moment; a step
    recorded just now may still be running in the command that recorded it."""
    rows = session.execute(
        select(Procedure.id, Procedure.pending_step)
        .where(Procedure.pending_step.is_not(None), Procedure.pending_since < recorded_before)
        .order_by(Procedure.id)
    )
    return [(procedure_id, FollowUp(str(step))) for procedure_id, step in rows]
