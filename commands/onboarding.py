"""Inwerken: ticking off onboarding tasks, one or several at once; the last one lets the
procedure complete."""

from __future__ import annotations

from dataclasses import dataclass

from commands import followup
from commands.committee import StepTaken
from models.enums import Actor, FollowUp
from models.errors import InvalidInput, NotFound
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.queries import onboarding as onboarding_views
from tasks.steps import onboarding


@dataclass(frozen=True)
class CompleteTask:
    """Tick off `task_id`, and with it the tasks of `more` (the page's checkboxes, the CLI's
    further ids): all in one transaction, or none. `procedure_id`, when given, is the
    procedure every task must belong to (the page of that procedure)."""

    task_id: int
    actor: str = Actor.COORDINATOR
    more: tuple[int, ...] = ()
    procedure_id: int | None = None

    @property
    def task_ids(self) -> list[int]:
        return list(dict.fromkeys((self.task_id, *self.more)))  # each once, in the given order


@dataclass(frozen=True)
class TaskCompleted:
    task_id: int
    step: StepTaken
    task_ids: tuple[int, ...] = ()


def done(command: CompleteTask) -> TaskCompleted:
    """Tick the tasks off; when that leaves none open, completing the procedure follows (also
    on a second tick, when that did not finish). Tasks of two procedures at once, or of
    another procedure than the one named, change nothing."""
    ids = command.task_ids
    with db.session_scope() as session:
        if command.procedure_id is not None:
            found = onboarding_views.owners(session, ids)
            for task_id in ids:
                if found.get(task_id) != command.procedure_id:
                    raise NotFound(
                        f"inwerktaak {task_id} hoort niet bij procedure {command.procedure_id}.",
                        field="task_ids",
                    )
        tasks = [onboarding.done(session, task_id, actor=command.actor) for task_id in ids]
        procedures = {t.procedure_id for t in tasks}
        if len(procedures) > 1:
            raise InvalidInput(
                "vink taken van één procedure tegelijk af (deze horen bij procedures "
                + ", ".join(str(p) for p in sorted(procedures))
                + ").",
                field="task_ids",
            )
        procedure = tasks[0].procedure
        last = all(t.done_at is not None for t in procedure.onboarding_tasks)
        if last and procedure.is_open and procedure.pending_step is None:
            procedure.await_followup(FollowUp.COMPLETE_ONBOARDING, now())
        procedure_id, step = procedure.id, procedure.pending_step
    result = None
    if step == FollowUp.COMPLETE_ONBOARDING:
        result = followup.run(procedure_id, step)
    return TaskCompleted(command.task_id, StepTaken(procedure_id, result), tuple(ids))
