"""Toetsing: closing recruitment (after the deadline, or early) and the coördinator's verdict on
a candidate who needs a human check; screening everyone follows as a flow."""

from __future__ import annotations

from dataclasses import dataclass

from models import Procedure, validation
from models.enums import Actor, FollowUp, Stage
from models.errors import DomainError
from tasks.adapters import db
from tasks.adapters.clock import now, today
from tasks.commands import followup
from tasks.commands.committee import StepTaken
from tasks.queries import lookup
from tasks.steps import screening
from tasks.steps.procedures import advance


@dataclass(frozen=True)
class Screen:
    procedure_id: int
    close_early: bool = False
    actor: str = Actor.COORDINATOR


def screen(command: Screen) -> StepTaken:
    """Close recruitment and screen every candidate. Before the application deadline only with
    `close_early`, recorded as such in the audit trail. In screening: screen again."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, command.procedure_id)
        _record_screening(procedure, command)
    return StepTaken(
        command.procedure_id, followup.run(command.procedure_id, FollowUp.SCREEN_CANDIDATES)
    )


def _record_screening(procedure: Procedure, command: Screen) -> None:
    """Close recruitment when it is due (or asked early) and mark the screening as pending.
    A screening still pending from before is simply finished."""
    if procedure.pending_step != FollowUp.SCREEN_CANDIDATES:
        procedure.require_stage(Stage.RECRUITING, Stage.SCREENING)
    closes = procedure.application_deadline
    if procedure.stage == Stage.RECRUITING and (closes is None or today() <= closes):
        if not command.close_early:
            raise DomainError(
                f"De aanmeldtermijn van procedure {procedure.id} loopt nog"
                + (f" tot en met {closes}" if closes else "")
                + "; sluit de werving eerder.",
                hint="screen:close_early",
            )
        advance(
            procedure, "close_recruitment", actor=command.actor, reason="werving vervroegd gesloten"
        )
    procedure.await_followup(FollowUp.SCREEN_CANDIDATES, now())


@dataclass(frozen=True)
class ResolveCheck:
    procedure_id: int
    candidate_id: int
    eligible: bool
    reason: str
    actor: str = Actor.COORDINATOR


def resolve(command: ResolveCheck) -> StepTaken:
    """The verdict on a candidate who needs a human check; the screening is then finished
    when no check is left."""
    validation.text(command.reason, "reason")
    with db.session_scope() as session:
        screening.resolve(
            session,
            command.procedure_id,
            command.candidate_id,
            eligible=command.eligible,
            reason=command.reason,
            actor=command.actor,
        )
        lookup.procedure(session, command.procedure_id).await_followup(
            FollowUp.SCREEN_CANDIDATES, now()
        )
    return StepTaken(
        command.procedure_id, followup.run(command.procedure_id, FollowUp.SCREEN_CANDIDATES)
    )
