"""Gesprekken and the voordracht: the committee's interviews and its nomination, after which
the collegevoorstel goes to B&W."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from commands import followup
from commands.committee import StepTaken
from models.enums import Actor, FollowUp, Stage
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.queries import lookup
from tasks.steps import nomination


@dataclass(frozen=True)
class RecordInterview:
    procedure_id: int
    candidate_id: int
    note: str | None = None
    scores: list[str] = field(default_factory=list)  # "COMPETENCY=1..5"
    actor: str = Actor.COORDINATOR
    held_on: date | None = None  # today unless given


@dataclass(frozen=True)
class InterviewRecorded:
    interview_id: int
    candidate_id: int


def interview(command: RecordInterview) -> InterviewRecorded:
    with db.session_scope() as session:
        record = nomination.interview(
            session,
            command.procedure_id,
            command.candidate_id,
            note=command.note,
            scores=list(command.scores),
            actor=command.actor,
            held_on=command.held_on,
        )
        return InterviewRecorded(record.id, command.candidate_id)


@dataclass(frozen=True)
class Nominate:
    procedure_id: int
    candidate_ids: list[int]
    motivation: str | None = None
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class Nominated:
    nomination_id: int
    step: StepTaken


def nominate(command: Nominate) -> Nominated:
    """Record the nomination; the same nomination again finishes a submission that did not
    complete."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, command.procedure_id)
        if procedure.pending_step == FollowUp.SUBMIT_NOMINATION and procedure.nomination:
            nomination_id = procedure.nomination.id
        else:
            nomination_id = nomination.nominate(
                session,
                command.procedure_id,
                list(command.candidate_ids),
                command.motivation,
                actor=command.actor,
            ).id
            if procedure.stage == Stage.NOMINATING:
                procedure.await_followup(FollowUp.SUBMIT_NOMINATION, now())
        step = procedure.pending_step
    result = None
    if step == FollowUp.SUBMIT_NOMINATION:
        result = followup.run(command.procedure_id, step)
    return Nominated(nomination_id, StepTaken(command.procedure_id, result))
