"""Candidates of a procedure with their findings, as plain dicts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Candidate
from tasks.queries import lookup


def of_procedure(session: Session, procedure_id: int) -> list[Candidate]:
    return list(
        session.scalars(
            select(Candidate)
            .where(Candidate.procedure_id == procedure_id)
            .options(selectinload(Candidate.findings), selectinload(Candidate.person))
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
        "applied_at": candidate.applied_at,
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


def listing(session: Session, procedure_id: int) -> list[dict[str, Any]]:
    lookup.procedure(session, procedure_id)
    return [view(c) for c in of_procedure(session, procedure_id)]
