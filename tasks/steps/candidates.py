"""Applications (aanmeldingen): adding one, importing a CSV, listing them with their findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Candidate, Person, Procedure, rules, validation
from models.enums import Actor, CandidateStatus
from models.errors import DomainError, InvalidInput, NotFound
from models.stages import Command
from tasks.adapters.clock import now, today
from tasks.adapters.csvfile import apply_all, read_rows
from tasks.mail import outbox
from tasks.queries import lookup
from tasks.steps.applicants import Applicants
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
    session: Session,
    procedure_id: int,
    data: CandidateInput,
    *,
    actor: str = Actor.COORDINATOR,
    submitted_at: datetime | None = None,
) -> Candidate:
    """Record an application during recruitment; a committee member or a second application
    of the same person is refused. `submitted_at`: when a resident sent it on the public page
    (confirmed later); that moment counts for the application window."""
    procedure = lookup.procedure(session, procedure_id)
    applicants = Applicants.of(session, procedure.id, [data.email])
    candidate = _apply(session, procedure, data, applicants, submitted_at)
    session.flush()
    _announce(session, procedure, candidate, actor)
    return candidate


def _apply(
    session: Session,
    procedure: Procedure,
    data: CandidateInput,
    applicants: Applicants,
    submitted_at: datetime | None = None,
) -> Candidate:
    """The checks, then the new candidate (and person), not yet flushed. Refuses before it
    writes anything, so an import needs no savepoint per row."""
    procedure.require_allowed(Command.ADD_CANDIDATE)
    applied_at = submitted_at or now()
    rules.ensure_application_open(
        procedure.id, procedure.application_deadline, applied_at.date() if submitted_at else today()
    )
    probe = Person(
        name=data.name, email=data.email, postcode=data.postcode, house_number=data.house_number
    )
    rules.ensure_not_on_committee(probe, applicants.committee)
    rules.ensure_not_sitting(probe, applicants.sitting, procedure.area)
    if applicants.has_applied(probe):
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
        known=applicants.known,
        flush=False,
    )
    candidate = Candidate(
        procedure_id=procedure.id,
        person=person,
        applied_at=applied_at,
        motivation=data.motivation,
        politically_active=data.politically_active,
        municipal_employee=data.municipal_employee,
        status=CandidateStatus.APPLIED,
    )
    session.add(candidate)
    applicants.applied(person)
    return candidate


def _announce(session: Session, procedure: Procedure, candidate: Candidate, actor: str) -> None:
    """The confirmation to the applicant and the audit record, once the candidate has an id."""
    outbox.enqueue(
        session,
        template="aanmelding_ontvangen",
        subject=f"procedure:{procedure.id}",
        occasion=f"candidate:{candidate.id}",
        person_id=candidate.person.id,
        procedure_id=procedure.id,
        context={"procedure_id": procedure.id, "candidate_id": candidate.id},
    )
    procedure.record(
        "candidate_applied", now=now(), actor=actor, subject=("candidate", candidate.id)
    )


_FLUSH_EVERY = 200
COLUMNS = ["name", "email", "postcode", "house_number"]
OPTIONAL = ["motivation", "politically_active", "municipal_employee"]


def import_file(
    session: Session, procedure_id: int, path: Path, *, actor: str = Actor.COORDINATOR
) -> list[Candidate]:
    """All rows or none: field errors and refusals of every row are listed together.

    Linear in the rows (50,000 in well under a minute): who applied and who is known is read
    once (Applicants), the rows are checked and built without a query or a savepoint each, and
    written in a few large flushes.
    """
    procedure = lookup.procedure(session, procedure_id)  # held: the session holds it weakly
    procedure.require_allowed(Command.IMPORT_CANDIDATES)
    rows = read_rows(path, COLUMNS, OPTIONAL)
    parsed: dict[int, CandidateInput | InvalidInput] = {}
    for number, row in enumerate(rows, start=2):  # numbered as apply_all numbers them
        try:
            parsed[number] = CandidateInput.parse(**row)
        except InvalidInput as exc:
            parsed[number] = exc
    emails = [p.email for p in parsed.values() if isinstance(p, CandidateInput)]
    applicants = Applicants.of(session, procedure.id, emails)

    def handle(number: int, _row: dict[str, str]) -> Candidate:
        data = parsed[number]
        if isinstance(data, InvalidInput):
            raise data
        return _apply(session, procedure, data, applicants)

    with session.no_autoflush:
        added = apply_all(rows, handle, path.name)
    session.flush()  # persons and candidates, in batches of many rows per INSERT
    with session.no_autoflush:
        for number, candidate in enumerate(added, start=1):
            _announce(session, procedure, candidate, actor)
            if number % _FLUSH_EVERY == 0:  # enqueue looks through what is not yet flushed
                session.flush()
    return added


def get(session: Session, procedure_id: int, candidate_id: int) -> Candidate:
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.procedure_id != procedure_id:
        raise NotFound(
            f"{candidate_id} hoort niet bij procedure {procedure_id}.",
            field="candidate",
            hint="list:candidates",
        )
    return candidate
