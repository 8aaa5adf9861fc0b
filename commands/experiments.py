"""Experiments with another form of participation: starting one (a proposal for the area
becomes the running experiment), dismissing a proposal, evaluating one. When the evaluation
decides to start a procedure, it is opened in the same transaction (a vacancy procedure, or in
the last year of a term the renewal) and asking for a committee follows as a flow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from commands import followup
from commands.committee import StepTaken
from models.enums import Actor, FollowUp, ProcedureKind
from tasks.adapters import db
from tasks.adapters.clock import today
from tasks.queries import lookup
from tasks.steps import experiments, procedures
from tasks.steps.experiments import RENEWAL_WINDOW_DAYS, StartInput
from tasks.steps.experiments import Decision as Decision  # the door's choices for Evaluate
from tasks.steps.experiments import RawPanel as RawPanel  # the door's panel fields


@dataclass(frozen=True)
class Evaluate:
    experiment_id: int
    outcome: str
    decision: str  # Decision.CONTINUE | STOP | START_PROCEDURE
    evaluate_on: date | None = None
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class Evaluated:
    experiment_id: int
    status: str
    procedure_id: int | None
    step: StepTaken | None


def evaluate(command: Evaluate) -> Evaluated:
    with db.session_scope() as session:
        if command.decision == Decision.START_PROCEDURE:
            # refused with the reason, before anything is written
            experiments.ensure_can_start_procedure(session, command.experiment_id)
        experiment = experiments.evaluate(
            session,
            command.experiment_id,
            outcome=command.outcome,
            decision=command.decision,
            evaluate_on=command.evaluate_on,
            actor=command.actor,
        )
        procedure_id = None
        if command.decision == Decision.START_PROCEDURE:
            procedure = _open_for(session, experiment.area.slug, command.actor)
            session.add(procedure)
            session.flush()
            experiment.started_procedure_id = procedure_id = procedure.id
        status = experiment.status.value
    step = None
    if procedure_id is not None:
        step = StepTaken(procedure_id, followup.run(procedure_id, FollowUp.REQUEST_COMMITTEE))
    return Evaluated(command.experiment_id, status, procedure_id, step)


def _open_for(session, area: str, actor: str):  # type: ignore[no-untyped-def]
    """In the last year of a term the renewal; otherwise a vacancy procedure."""
    day = today()
    if (lookup.term_covering(session, day).end_date - day).days <= RENEWAL_WINDOW_DAYS:
        council = procedures.renewal_council(session, area, None)
        return procedures.open_new(
            council, ProcedureKind.RENEWAL, council.area.max_seats, actor=actor
        )
    council, free = procedures.vacancy_council(session, area)
    return procedures.open_new(council, ProcedureKind.VACANCY, free, actor=actor)


@dataclass(frozen=True)
class Start:
    """Start an experiment in an area; a proposal for the area becomes the running one."""

    area: str
    form: str
    decided_with_college_on: str  # JJJJ-MM-DD, as typed
    reason: str
    evaluate_on: str | None = None
    description: str | None = None  # required with form "other"
    actor: str = Actor.COORDINATOR
    panel: RawPanel | None = None  # required with form "loting"


@dataclass(frozen=True)
class Dismiss:
    """The coördinator and the college decide against a proposed experiment."""

    experiment_id: int
    reason: str
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class ExperimentChanged:
    experiment_id: int
    status: str


def start(command: Start) -> ExperimentChanged:
    data = StartInput.parse(
        command.area,
        command.form,
        command.decided_with_college_on,
        command.evaluate_on,
        command.reason,
        command.description,
        command.panel,
    )
    with db.session_scope() as session:
        experiment = experiments.start(session, data, actor=command.actor)
        return ExperimentChanged(experiment.id, experiment.status.value)


def dismiss(command: Dismiss) -> ExperimentChanged:
    with db.session_scope() as session:
        experiment = experiments.dismiss(
            session, command.experiment_id, reason=command.reason, actor=command.actor
        )
        return ExperimentChanged(experiment.id, experiment.status.value)
