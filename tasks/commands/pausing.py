"""The coördinator's suspend, resume and cancel of a procedure."""

from __future__ import annotations

from dataclasses import dataclass

from models import validation
from models.enums import Actor
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.queries import lookup


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
    return _apply(command.procedure_id, "suspend", command.actor, _reason(command.reason))


def resume(command: Resume) -> StageChanged:
    return _apply(command.procedure_id, "resume", command.actor, None)


def cancel(command: Cancel) -> StageChanged:
    return _apply(command.procedure_id, "cancel", command.actor, _reason(command.reason))


def _reason(text: str) -> str:
    return validation.text(text, "reason") or ""


def _apply(procedure_id: int, event: str, actor: str, reason: str | None) -> StageChanged:
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        procedure.apply(event, actor=actor, now=now(), reason=reason)
        return StageChanged(procedure.id, procedure.stage.value, procedure.suspended_days)
