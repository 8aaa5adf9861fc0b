"""Candidates of a procedure with their findings, as plain dicts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Candidate, labels
from tasks.queries import lookup


def of_procedure(session: Session, procedure_id: int) -> list[Candidate]:
    return list(
        session.scalars(
            select(Candidate)
            .where(Candidate.procedure_id == procedure_id)
            .options(
                selectinload(Candidate.findings),
                selectinload(Candidate.person),
                selectinload(Candidate.interviews),
            )
            .order_by(Candidate.id)
        )
    )


def view(candidate: Candidate) -> dict[str, Any]:
    return {
        "id": candidate.id,
        "name": candidate.person.name,
        "email": candidate.person.email,
        "postcode": candidate.person.postcode,
        "house_number": candidate.person.house_number,
        "status": candidate.status.value,
        "status_label": labels.status(candidate.status),
        "applied_at": candidate.applied_at,
        **scores_of(candidate),
        "findings": [
            {
                "rule": f.rule.value,
                "result": f.result.value,
                "reason": f.reason,
                "resolved_by": f.resolved_by,
            }
            for f in candidate.findings
        ],
    }


def scores_of(candidate: Candidate) -> dict[str, Any]:
    """The interview scores added up: the mean of every score given (over all interviews) and
    how many of the profile's competencies were scored at least once."""
    given = [score for i in candidate.interviews for score in (i.scores or {}).values()]
    competencies = {key for i in candidate.interviews for key in (i.scores or {})}
    mean = round(sum(given) / len(given), 2) if given else None
    return {"score_mean": mean, "scored": len(competencies)}


def listing(session: Session, procedure_id: int) -> list[dict[str, Any]]:
    """The candidates, the best scored first (mean, then competencies scored), then the
    candidates without scores in the order they applied."""
    lookup.procedure(session, procedure_id)
    rows = [view(c) for c in of_procedure(session, procedure_id)]
    return sorted(
        rows,
        key=lambda r: (r["score_mean"] is None, -(r["score_mean"] or 0), -r["scored"], r["id"]),
    )
