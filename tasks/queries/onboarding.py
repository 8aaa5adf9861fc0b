"""The onboarding checklist, as plain dicts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import OnboardingTask, Procedure
from models.enums import Stage
from tasks.queries import lookup


def tasks_of(session: Session, procedure_id: int | None) -> list[OnboardingTask]:
    query = select(OnboardingTask).order_by(OnboardingTask.procedure_id, OnboardingTask.id)
    if procedure_id is not None:
        lookup.procedure(session, procedure_id)
        query = query.where(OnboardingTask.procedure_id == procedure_id)
    else:
        query = query.join(Procedure).where(Procedure.stage == Stage.ONBOARDING)
    return list(session.scalars(query))


def view(task: OnboardingTask) -> dict[str, Any]:
    return {
        "id": task.id,
        "procedure": task.procedure_id,
        "membership": task.membership_id,
        "member": task.membership.person.name,
        "kind": task.kind,
        "title": task.title,
        "due_on": task.due_on,
        "done_at": task.done_at,
    }


def owners(session: Session, task_ids: list[int]) -> dict[int, int]:
    """The procedure of each of these tasks that exists, in one statement."""
    rows = session.execute(
        select(OnboardingTask.id, OnboardingTask.procedure_id).where(
            OnboardingTask.id.in_(task_ids)
        )
    )
    return {task_id: procedure_id for task_id, procedure_id in rows}
