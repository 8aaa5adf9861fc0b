"""The coördinator's suspend, resume and cancel of a procedure. A cancelled procedure tells
every candidate still waiting for an outcome that it stopped (tasks/steps/cancellation.py).

The procedure's row is locked while it changes (on PostgreSQL; SQLite writes one at a time):
the same action through two doors at once takes effect once, and the later one hears that it
was already done.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import validation
from models.enums import Actor, Stage
from models.errors import AlreadyDone
from models.procedure import Procedure
from models.stages import Event
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.mail import outbox
from tasks.queries import lookup
from tasks.steps import cancellation

# a cancelled procedure asks nobody to act on it any more
STOPPED_BY_CANCEL = (
    "commissie_benoemen",
    "commissie_benoemen_coordinator",
    "werving_geopend",
    "herinnering_aanmeldtermijn",
    "herinnering_fasetermijn",
    "herinnering_besluit_bw",
    "toetsing_controle",
    "gesprekken_uitnodigen",
    "gesprek_uitnodiging",
    "voordracht_advies",
)


@dataclass(frozen=True)
class Suspend:
    procedure_id: int
    reason: str
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class Resume:
    procedure_id: int
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class Cancel:
    procedure_id: int
    reason: str
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class StageChanged:
    procedure_id: int
    stage: str
    suspended_days: int


def suspend(command: Suspend) -> StageChanged:
    """Deadlines pause; when the procedure resumes they shift by the days suspended."""
    return _apply(command.procedure_id, Event.SUSPEND, command.actor, _reason(command.reason))


def resume(command: Resume) -> StageChanged:
    return _apply(command.procedure_id, Event.RESUME, command.actor, None)


def cancel(command: Cancel) -> StageChanged:
    return _apply(command.procedure_id, Event.CANCEL, command.actor, _reason(command.reason))


def _reason(text: str) -> str:
    return validation.text(text, "reason") or ""


def _apply(procedure_id: int, event: Event, actor: str, reason: str | None) -> StageChanged:
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        session.refresh(procedure, with_for_update=True)
        _refuse_repeat(procedure, event)
        procedure.apply(event, actor=actor, now=now(), reason=reason)
        if event == "cancel":  # what asks people to act on it is no longer true
            outbox.withdraw_all(
                session,
                procedure_id=procedure.id,
                templates=STOPPED_BY_CANCEL,
                reason="de procedure is stopgezet",
            )
            cancellation.tell_candidates(session, procedure, actor=actor)
        return StageChanged(procedure.id, procedure.stage.value, procedure.suspended_days)


def _refuse_repeat(procedure: Procedure, event: Event) -> None:
    """The same change again (a second door, a second click): already done, not a wrong stage."""
    done = {
        Event.SUSPEND: procedure.stage == Stage.SUSPENDED,
        Event.RESUME: procedure.stage != Stage.SUSPENDED
        and bool(procedure.suspensions)
        and procedure.suspensions[-1].ended_at is not None,
        Event.CANCEL: procedure.stage == Stage.CANCELLED,
    }
    words = {Event.SUSPEND: "opgeschort", Event.RESUME: "hervat", Event.CANCEL: "geannuleerd"}
    if done.get(event):
        raise AlreadyDone(
            f"procedure {procedure.id} is al {words[event]}; er is niets dubbel gedaan."
        )
