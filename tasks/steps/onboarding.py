"""Inwerken: the checklist of every new member, ticking items off, and closing the procedure
(with an experiment proposal when the council ends below its minimum)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Experiment, Membership, OnboardingTask, Procedure
from models.deadlines import deadline
from models.enums import Actor, Stage
from models.errors import DomainError, NotFound
from models.stages import Command, Event
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.adapters.settings import Settings, get_settings
from tasks.mail import outbox
from tasks.queries import lookup
from tasks.queries.onboarding import tasks_of
from tasks.steps import experiments
from tasks.steps.appointment import decision_of, memberships_of
from tasks.steps.procedures import advance

# kind, title, days after the member is seated (the later of the B&W decision and the
# membership's start: a renewal is decided months before the new term begins)
CHECKLIST: tuple[tuple[str, str, int], ...] = (
    ("kennismaking", "Kennismakingsgesprek met de wijkcoördinator", 14),
    ("werkwijze", "Reglement en werkwijze van de raad ontvangen en besproken", 14),
    (
        "verklaring",
        "Verklaring getekend: niet actief in de lokale politiek, niet in dienst van de gemeente",
        21,
    ),
    ("netwerk", "Kennismaking met de beroepskrachten in het gebied", 42),
    ("vergadering", "Eerste openbare vergadering van de raad bijgewoond", 56),
)


def plan(procedure_id: int) -> int:
    """Unit: the checklist for every new member of the decision (items already there stay)."""
    settings = get_settings()
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        decision = decision_of(session, procedure.id)
        have = {
            (t.membership_id, t.kind)
            for t in session.scalars(
                select(OnboardingTask).where(OnboardingTask.procedure_id == procedure.id)
            )
        }
        memberships = memberships_of(session, decision)
        _count_stage_from_seating(procedure, decision.decided_on, memberships, settings)
        for membership in memberships:
            for kind, title, days in CHECKLIST:
                if (membership.id, kind) in have:
                    continue
                due = deadline(
                    max(decision.decided_on, membership.start_date),
                    days,
                    working_days_only=settings.deadlines_on_working_days,
                )
                session.add(
                    OnboardingTask(
                        procedure_id=procedure.id,
                        membership_id=membership.id,
                        kind=kind,
                        title=title,
                        due_on=due,
                    )
                )
        session.flush()
        return len(tasks_of(session, procedure.id))


def _count_stage_from_seating(
    procedure: Procedure, decided_on: date, memberships: list[Membership], settings: Settings
) -> None:
    """The onboarding stage's target and deadline count from the day the new members are
    seated, so a renewal decided months before its term is not overdue before it begins."""
    seated = max([decided_on, *(m.start_date for m in memberships)])
    days = settings.stage_days.get(Stage.ONBOARDING.value)
    if days is None or procedure.stage != Stage.ONBOARDING or seated <= decided_on:
        return
    working = settings.deadlines_on_working_days
    procedure.stage_target = deadline(seated, days[0], working_days_only=working)
    procedure.stage_deadline = deadline(seated, days[1], working_days_only=working)


def done(session: Session, task_id: int, *, actor: str = Actor.COORDINATOR) -> OnboardingTask:
    """Tick an item off. Ticking it again changes nothing (and lets the flow run again)."""
    task = session.get(OnboardingTask, task_id)
    if task is None:
        raise NotFound(f"{task_id} bestaat niet.", field="task", hint="list:onboarding")
    procedure = lookup.procedure(session, task.procedure_id)
    procedure.require_allowed(Command.COMPLETE_TASK)
    if task.done_at is None:
        if procedure.stage != Stage.ONBOARDING:
            raise DomainError(f"Procedure {procedure.id} is al afgerond.")
        task.done_at = now()
        procedure.record(
            "onboarding_done",
            now=now(),
            actor=actor,
            subject=("onboarding_task", task.id),
        )
    return task


def seated_count(session: Session, procedure: Procedure) -> int:
    decision = decision_of(session, procedure.id)
    return len(procedure.council.sitting_on(decision.start_date))


def complete(procedure_id: int) -> str:
    """Unit: onboarding -> completed once every item is done; a council below its minimum
    gets an experiment proposal for the coördinator and the college."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        if procedure.stage == Stage.ONBOARDING:
            pending = session.scalar(
                select(OnboardingTask.id).where(
                    OnboardingTask.procedure_id == procedure.id, OnboardingTask.done_at.is_(None)
                )
            )
            if pending is not None:
                return procedure.stage.value
            advance(procedure, Event.COMPLETE)
            _propose_experiment(session, procedure)
        else:
            procedure.require_stage(Stage.ONBOARDING, Stage.COMPLETED)
            return procedure.stage.value
        experiment = _experiment_of(session, procedure)
        outbox.enqueue(
            session,
            template="procedure_afgerond",
            subject=f"procedure:{procedure.id}",
            occasion="completed",
            role=outbox.COORDINATOR,
            procedure_id=procedure.id,
            context={
                "procedure_id": procedure.id,
                "experiment_id": experiment.id if experiment else None,
            },
        )
        return procedure.stage.value


def _experiment_of(session: Session, procedure: Procedure) -> Experiment | None:
    return session.scalar(select(Experiment).where(Experiment.cause_procedure_id == procedure.id))


def _propose_experiment(session: Session, procedure: Procedure) -> None:
    seated = seated_count(session, procedure)
    area = procedure.area
    if seated >= area.min_seats or _experiment_of(session, procedure) is not None:
        return
    experiments.propose_one(
        session,
        area.id,
        f"{area.council_name} telt na procedure {procedure.id} {seated} leden, minder dan het "
        f"minimum van {area.min_seats}.",
        cause_procedure_id=procedure.id,
    )
