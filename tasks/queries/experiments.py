"""Experiments with other forms of participation (and the monitor's proposals), as the CLI
shows them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Experiment
from models.enums import ExperimentStatus
from models.errors import InvalidInput, NotFound
from tasks.queries import lookup


def view(experiment: Experiment) -> dict[str, Any]:
    return {
        "id": experiment.id,
        "area": experiment.area.slug,
        "status": experiment.status.value,
        "form": experiment.form,
        "description": experiment.description,
        "proposed_at": experiment.proposed_at,
        "proposal_reason": experiment.proposal_reason,
        "decided_with_college_on": experiment.decided_with_college_on,
        "evaluate_on": experiment.evaluate_on,
        "reason": experiment.reason,
        "outcome": experiment.outcome,
        "cause_procedure_id": experiment.cause_procedure_id,
        "started_procedure_id": experiment.started_procedure_id,
    }


def experiment(session: Session, experiment_id: int) -> dict[str, Any]:
    found = session.get(Experiment, experiment_id)
    if found is None:
        raise NotFound(
            f"{experiment_id} bestaat niet.", field="experiment", hint="list:experiments"
        )
    return view(found)


def listing(
    session: Session, area: str | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    query = select(Experiment).options(selectinload(Experiment.area)).order_by(Experiment.id)
    if area:
        query = query.where(Experiment.area_id == lookup.area(session, area).id)
    if status:
        try:
            query = query.where(Experiment.status == ExperimentStatus(status))
        except ValueError as exc:
            allowed = ", ".join(s.value for s in ExperimentStatus)
            raise InvalidInput(f"status: '{status}' bestaat niet (kies uit {allowed}).") from exc
    return [view(e) for e in session.scalars(query)]
