"""Procedures whose follow-up step is still pending: recorded, but its flow never finished."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
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


def claimable(session: Session, moment: datetime, grace: timedelta) -> list[tuple[int, FollowUp]]:
    """(procedure id, step) of every pending step that no living worker holds: never claimed,
    or claimed longer than `grace` ago (that worker died). Oldest first."""
    rows = session.execute(
        select(Procedure.id, Procedure.pending_step)
        .where(
            Procedure.pending_step.is_not(None),
            Procedure.pending_since <= moment,
            or_(
                Procedure.pending_claimed_at.is_(None),
                Procedure.pending_claimed_at < moment - grace,
            ),
        )
        .order_by(Procedure.pending_since, Procedure.id)
    )
    return [(procedure_id, FollowUp(str(step))) for procedure_id, step in rows]


def is_pending(session: Session, procedure_id: int, step: FollowUp, since: datetime) -> bool:
    """Whether the step recorded at `since` is still pending (not finished, not replaced)."""
    row = session.execute(
        select(Procedure.pending_step, Procedure.pending_since).where(Procedure.id == procedure_id)
    ).first()
    return row is not None and row[0] == step and row[1] == since


def recorded_at(session: Session, procedure_id: int, step: FollowUp) -> datetime | None:
    """When `step` was recorded, while it is pending; None when it is not (any more)."""
    row = session.execute(
        select(Procedure.pending_step, Procedure.pending_since).where(Procedure.id == procedure_id)
    ).first()
    return row[1] if row is not None and row[0] == step else None


def is_free(session: Session, procedure_id: int, step: FollowUp, since: datetime) -> bool:
    """Whether the step recorded at `since` is still pending and no worker holds it."""
    row = session.execute(
        select(Procedure.pending_step, Procedure.pending_since, Procedure.pending_claimed_at).where(
            Procedure.id == procedure_id
        )
    ).first()
    return row is not None and row[0] == step and row[1] == since and row[2] is None
