"""Applications (aanmeldingen) recorded by the coördinator: one, or a CSV file all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.enums import Actor
from tasks.adapters import db
from tasks.steps import candidates
from tasks.steps.candidates import CandidateInput


@dataclass(frozen=True)
class AddCandidate:
    procedure_id: int
    name: str
    email: str
    postcode: str
    house_number: str
    motivation: str | None = None
    politically_active: bool = False
    municipal_employee: bool = False
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class CandidatesAdded:
    procedure_id: int
    candidate_ids: list[int]


def add(command: AddCandidate) -> CandidatesAdded:
    data = CandidateInput.parse(
        name=command.name,
        email=command.email,
        postcode=command.postcode,
        house_number=command.house_number,
        motivation=command.motivation,
        politically_active=command.politically_active,
        municipal_employee=command.municipal_employee,
    )
    with db.session_scope() as session:
        candidate = candidates.add(session, command.procedure_id, data, actor=command.actor)
        return CandidatesAdded(command.procedure_id, [candidate.id])


@dataclass(frozen=True)
class ImportCandidates:
    procedure_id: int
    path: Path
    actor: str = Actor.COORDINATOR


def import_file(command: ImportCandidates) -> CandidatesAdded:
    with db.session_scope() as session:
        added = candidates.import_file(
            session, command.procedure_id, command.path, actor=command.actor
        )
        return CandidatesAdded(command.procedure_id, [c.id for c in added])
