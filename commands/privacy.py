"""Personal data, the user's actions: purge what is due, export a person's data, erase a
person on request, publish the term's appointment decisions.

Each command takes one typed input, validates it, does its work in its own transaction and
returns a typed result. The actor is an account ("coordinator" for the command line, the
logged-in account's name on the web page), never a resident's address.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from models import validation
from models.enums import Actor
from models.errors import DomainError, InvalidInput
from tasks.adapters import db
from tasks.adapters.clock import now, today
from tasks.adapters.settings import get_settings
from tasks.queries import privacy as queries
from tasks.steps import privacy as steps
from tasks.steps import publish_appointments as appointment_list


def _actor(session: Session, value: str) -> str:
    """The account that acts: the CLI's "coordinator", the web page's login. A resident's
    address never enters the audit trail as an actor."""
    actor = (value or "").strip()
    if not actor or len(actor) > 100 or queries.is_resident_address(session, actor):
        raise InvalidInput("een account van de gemeente, geen inwoner.", field="actor")
    return actor


@dataclass(frozen=True)
class PurgeInput:
    dry_run: bool = False
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class PurgeResult:
    """Counts only: what is (or, with dry_run, would be) purged."""

    dry_run: bool
    candidates: int
    procedures: int
    persons: int
    decisions: int
    deliveries: int
    mail_files: int
    other_files: int
    texts: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def purge(data: PurgeInput) -> PurgeResult:
    """Everything the retention policy says is due now (what the daily monitor does too)."""
    settings, moment = get_settings(), now()
    with db.session_scope() as session:
        actor = _actor(session, data.actor)
        plan = queries.due(session, moment, queries.retention(settings))
        if data.dry_run:
            needles = [
                n
                for person in steps.persons(session, plan.persons)
                for n in steps.identifiers_of(person)
            ]
            mail, other = steps.files_due(session, settings, moment, list(plan.persons), needles)
            session.rollback()
            return PurgeResult(
                dry_run=True, **plan.counts(), mail_files=len(mail), other_files=len(other), texts=0
            )
        outcome = steps.apply_plan(session, plan, settings, moment, actor)
    if outcome.changed_database:
        steps.compact()
    return PurgeResult(
        dry_run=False,
        candidates=outcome.candidates,
        procedures=outcome.procedures,
        persons=outcome.persons,
        decisions=outcome.decisions,
        deliveries=outcome.deliveries,
        mail_files=outcome.mail_files,
        other_files=outcome.other_files,
        texts=outcome.texts,
    )


@dataclass(frozen=True)
class ExportInput:
    email: str
    output: Path | None = None
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class ExportResult:
    person_id: int
    data: dict[str, Any]
    output: Path | None


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def export(data: ExportInput) -> ExportResult:
    """Everything held about one person (inzageverzoek); with `output`, written to a new file
    (an existing file is never overwritten). The export itself is audited."""
    address = validation.email(data.email)
    if data.output is not None and data.output.exists():
        raise InvalidInput(
            f"'{data.output}' bestaat al; kies een nieuw bestand (er wordt niets overschreven).",
            field="output",
        )
    with db.session_scope() as session:
        actor = _actor(session, data.actor)
        person = queries.person_by_email(session, address)
        content = queries.export(session, person, now())
        session.add(
            steps.event("personal_data_exported", "person", person.id, "inzageverzoek", actor)
        )
        if data.output is not None:
            text = json.dumps(content, default=_json_default, ensure_ascii=False, indent=2)
            try:
                with data.output.open("x", encoding="utf-8") as handle:
                    handle.write(text + "\n")
            except FileExistsError as exc:
                raise InvalidInput(
                    f"'{data.output}' bestaat al; kies een nieuw bestand.", field="output"
                ) from exc
            except OSError as exc:
                raise InvalidInput(
                    f"kan niet schrijven naar '{data.output}': {exc.strerror}.", field="output"
                ) from exc
        return ExportResult(person.id, content, data.output)


@dataclass(frozen=True)
class EraseInput:
    email: str
    reason: str
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class EraseResult:
    person_id: int
    applications: int
    texts: int
    files: int


def erase(data: EraseInput) -> EraseResult:
    """Erase a person on their request, unless a legal duty to keep their data applies (a
    sitting member, a candidate or committee member of a procedure still running): then it is
    refused with the reason, and nothing changes."""
    address = validation.email(data.email)
    reason = validation.text(data.reason, "reason", limit=1000) or ""
    settings = get_settings()
    with db.session_scope() as session:
        actor = _actor(session, data.actor)
        person = queries.person_by_email(session, address)
        holds = queries.legal_holds(session, person, today())
        if holds:
            raise DomainError(
                f"Persoon {person.id} kan niet worden gewist: deze persoon "
                + "; en ".join(holds)
                + ".",
                code="legal_duty",
            )
        outcome = steps.erase_person(session, person, reason, settings, actor)
    steps.compact()
    return EraseResult(
        person_id=person.id,
        applications=outcome.candidates,
        texts=outcome.texts,
        files=outcome.mail_files + outcome.other_files,
    )


@dataclass(frozen=True)
class PublishAppointmentsInput:
    term: int
    output: Path | None = None


@dataclass(frozen=True)
class PublishAppointmentsResult:
    term: int
    appointments: int
    html: Path
    csv: Path


def publish_appointments(data: PublishAppointmentsInput) -> PublishAppointmentsResult:
    """The B&W appointment decisions of a term as HTML and CSV (public by law)."""
    target = data.output or get_settings().home / "publish"
    with db.session_scope() as session:
        written = appointment_list.publish(session, data.term, target)
    return PublishAppointmentsResult(
        term=written["term"],
        appointments=written["appointments"],
        html=Path(written["html"]),
        csv=Path(written["csv"]),
    )
