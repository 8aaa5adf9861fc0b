"""Toetsing: closing recruitment (after the deadline, or early) and the coördinator's verdict on
a candidate who needs a human check; screening everyone follows as a flow."""

from __future__ import annotations

from dataclasses import dataclass

from commands import followup
from commands.committee import StepTaken
from models import Procedure, rules, validation
from models.enums import Actor, FollowUp, Rule, Stage
from models.errors import DomainError, InvalidInput
from models.stages import Command, Event
from tasks.adapters import db
from tasks.adapters.clock import now, today
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
        procedure.require_allowed(Command.SCREEN, Command.RESCREEN)
    if procedure.stage == Stage.RECRUITING:
        rules.ensure_applicants(procedure.id, len(procedure.candidates))
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
            procedure,
            Event.CLOSE_RECRUITMENT,
            actor=command.actor,
            reason="werving vervroegd gesloten",
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


@dataclass(frozen=True)
class OverturnFinding:
    procedure_id: int
    candidate_id: int
    rule: str  # residence | politics | municipal_employment | committee_conflict
    passed: bool
    reason: str
    by: str | None = None  # who decided (the committee, the coördinator); the actor when None
    actor: str = Actor.COORDINATOR


def overturn(command: OverturnFinding) -> StepTaken:
    """Overturn one finding of a screened candidate, in screening or nominating; in screening
    the screening is finished (or the checks asked for) again, as after a resolved check."""
    rule = _rule(command.rule)
    validation.text(command.reason, "reason")
    with db.session_scope() as session:
        screening.overturn(
            session,
            command.procedure_id,
            command.candidate_id,
            rule=rule,
            passed=command.passed,
            reason=command.reason,
            by=command.by or command.actor,
            actor=command.actor,
        )
        procedure = lookup.procedure(session, command.procedure_id)
        screening_open = procedure.stage == Stage.SCREENING
        if screening_open:
            procedure.await_followup(FollowUp.SCREEN_CANDIDATES, now())
    if not screening_open:
        screening.notify_ineligible(command.procedure_id)  # once per candidate (idempotent)
        return StepTaken(command.procedure_id, None)
    return StepTaken(
        command.procedure_id, followup.run(command.procedure_id, FollowUp.SCREEN_CANDIDATES)
    )


def _rule(value: str) -> Rule:
    try:
        return Rule((value or "").strip().lower())
    except ValueError:
        raise InvalidInput(
            "kies uit " + ", ".join(r.value for r in Rule) + ".", field="rule"
        ) from None
