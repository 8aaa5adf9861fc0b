"""Inwerken: ticking off an onboarding task; the last one lets the procedure complete."""

from __future__ import annotations

from dataclasses import dataclass

from commands import followup
from commands.committee import StepTaken
from models.enums import Actor, FollowUp
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.steps import onboarding


@dataclass(frozen=True)
class CompleteTask:
    task_id: int
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class TaskCompleted:
    task_id: int
    step: StepTaken


def done(command: CompleteTask) -> TaskCompleted:
    """Tick the task off; when it was the last one, completing the procedure follows (also on
    a second tick, when that did not finish)."""
    with db.session_scope() as session:
        task = onboarding.done(session, command.task_id, actor=command.actor)
        procedure = task.procedure
        last = all(t.done_at is not None for t in procedure.onboarding_tasks)
        if last and procedure.is_open and procedure.pending_step is None:
            procedure.await_followup(FollowUp.COMPLETE_ONBOARDING, now())
        procedure_id, step = procedure.id, procedure.pending_step
    result = None
    if step == FollowUp.COMPLETE_ONBOARDING:
        result = followup.run(procedure_id, step)
    return TaskCompleted(command.task_id, StepTaken(procedure_id, result))
