"""A procedure's pending follow-up: taken by one worker at a time, cleared once its flow has
finished.

A step may be handed over more than once (a second click, the monitor, a web process that died
between its commit and the hand-over). A worker first claims the step with one conditional
UPDATE: of two workers that try at once, one wins and the other finds it taken. A claim older
than the follow-up grace belongs to a worker that died; the next one takes it over.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update

from models import Procedure
from models.enums import FollowUp
from tasks.adapters import db
from tasks.adapters.settings import get_settings
from tasks.queries import followups, lookup
from tasks.queries.reading import reading


def grace() -> timedelta:
    return timedelta(minutes=get_settings().followup_grace_minutes)


def claim(procedure_id: int, step: FollowUp, moment: datetime) -> bool:
    """Unit: take the pending `step` for this worker; False when it is not pending (any more)
    or another worker holds it."""
    with db.session_scope() as session:
        taken = session.execute(
            update(Procedure)
            .where(
                Procedure.id == procedure_id,
                Procedure.pending_step == step,
                or_(
                    Procedure.pending_claimed_at.is_(None),
                    Procedure.pending_claimed_at < moment - grace(),
                ),
            )
            .values(pending_claimed_at=moment)
            .execution_options(synchronize_session=False)
        )
        return bool(taken.rowcount == 1)  # type: ignore[attr-defined]


def waiting(moment: datetime) -> list[tuple[int, FollowUp]]:
    """Unit: the pending steps no living worker holds, oldest first (a read: it takes no write
    lock, so the workers' looking does not hold up a door's write)."""
    with reading() as session:
        return followups.claimable(session, moment, grace())


def release(procedure_id: int, step: FollowUp) -> None:
    """Unit: the flow of `step` did not finish here; the step stays pending, free to take."""
    with db.session_scope() as session:
        session.execute(
            update(Procedure)
            .where(Procedure.id == procedure_id, Procedure.pending_step == step)
            .values(pending_claimed_at=None)
            .execution_options(synchronize_session=False)
        )


def done(procedure_id: int, step: FollowUp) -> bool:
    """Unit: the flow of `step` finished; False when that step was not (or no longer) pending."""
    with db.session_scope() as session:
        return lookup.procedure(session, procedure_id).followup_done(step)
