"""Applications (aanmeldingen): adding one, importing a CSV, listing them with their findings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Candidate, Person, rules, validation
from models.enums import Actor, CandidateStatus, Stage
from models.errors import DomainError, InvalidInput, NotFound
from tasks.adapters.clock import now, today
from tasks.adapters.csvfile import apply_all, read_rows
from tasks.mail import outbox
from tasks.queries import lookup
from tasks.steps.people import find_or_register


@dataclass(frozen=True)
class CandidateInput:
    name: str
    email: str
    postcode: str
    house_number: str
    motivation: str | None = None
    politically_active: bool = False
    municipal_employee: bool = False

    @classmethod
    def parse(cls, **raw: Any) -> CandidateInput:
        """Validate every field; InvalidInput lists all problems at once."""
        problems: list[str] = []
        values: dict[str, Any] = {}
        checks = {
            "name": lambda: validation.name(raw.get("name")),
            "email": lambda: validation.email(raw.get("email")),
            "postcode": lambda: validation.postcode(raw.get("postcode")),
            "house_number": lambda: validation.house_number(raw.get("house_number")),
            "motivation": lambda: validation.text(
                raw.get("motivation"), "motivatie", required=False
            ),
            "politically_active": lambda: _flag(raw.get("politically_active"), "politiek actief"),
            "municipal_employee": lambda: _flag(
                raw.get("municipal_employee"), "werkt bij de gemeente"
            ),
        }
        for key, check in checks.items():
            try:
                values[key] = check()
            except InvalidInput as exc:
                problems.extend(exc.problems)
        if problems:
            raise InvalidInput(problems)
        return cls(**values)


def _flag(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    return validation.flag(value, field)


def candidate_persons(session: Session, procedure_id: int) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .join(Candidate, Candidate.person_id == Person.id)
            .where(Candidate.procedure_id == procedure_id)
        )
    )


def add(
    session: Session, procedure_id: int, data: CandidateInput, *, actor: str = Actor.COORDINATOR
) -> Candidate:
    """Record an application during recruitment; a committee member or a second application
    of the same person is refused."""
    from tasks.steps.committee import committee_persons

    procedure = lookup.procedure(session, procedure_id)
    procedure.require_stage(Stage.RECRUITING)
    rules.ensure_application_open(procedure.id, procedure.application_deadline, today())
    probe = Person(
        name=data.name, email=data.email, postcode=data.postcode, house_number=data.house_number
    )
    rules.ensure_not_on_committee(probe, committee_persons(session, procedure.id))
    if any(probe.same_person_as(p) for p in candidate_persons(session, procedure.id)):
        raise DomainError(
            f"Deze persoon heeft zich al aangemeld voor procedure {procedure.id}; een tweede "
            "aanmelding is niet mogelijk."
        )
    person = find_or_register(
        session,
        name=data.name,
        email=data.email,
        postcode=data.postcode,
        house_number=data.house_number,
    )
    candidate = Candidate(
        procedure_id=procedure.id,
        person=person,
        applied_at=now(),
        motivation=data.motivation,
        politically_active=data.politically_active,
        municipal_employee=data.municipal_employee,
        status=CandidateStatus.APPLIED,
    )
    session.add(candidate)
    session.flush()
    procedure.record(
        "candidate_applied", now=now(), actor=actor, subject=("candidate", candidate.id)
    )
    outbox.enqueue(
        session,
        template="aanmelding_ontvangen",
        subject=f"procedure:{procedure.id}",
        occasion=f"candidate:{candidate.id}",
        person_id=person.id,
        procedure_id=procedure.id,
        context={"procedure_id": procedure.id, "candidate_id": candidate.id},
    )
    return candidate


COLUMNS = ["name", "email", "postcode", "house_number"]
OPTIONAL = ["motivation", "politically_active", "municipal_employee"]


def import_file(session: Session, procedure_id: int, path: Path) -> list[Candidate]:
    """All rows or none: field errors and refusals of every row are listed together."""
    lookup.procedure(session, procedure_id).require_stage(Stage.RECRUITING)
    rows = read_rows(path, COLUMNS, OPTIONAL)

    def handle(_number: int, row: dict[str, str]) -> Candidate:
        return add(session, procedure_id, CandidateInput.parse(**row))

    return apply_all(rows, handle, path.name, session)


def get(session: Session, procedure_id: int, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.procedure_id != procedure_id:
        raise NotFound(
            f"{candidate_id} hoort niet bij procedure {procedure_id}.",
            field="candidate",
            hint="list:candidates",
        )
    return candidate
