"""Personal data, read only: what the retention policy says is due, what keeps a person from
being erased, the files that still mention someone, and everything held about one person.

The plan holds ids only: it is what the daily monitor and `privacy purge --dry-run` report.
"""

from __future__ import annotations

import email
import email.errors
import email.policy
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from models import (
    AuditEvent,
    BoardDecision,
    Candidate,
    CommitteeMember,
    CouncilDecision,
    Meeting,
    Membership,
    Nomination,
    NominationCommittee,
    OutboxMessage,
    Person,
    Procedure,
)
from models.enums import MessageStatus
from models.errors import NotFound
from models.outbox import OPEN
from models.privacy import PRIVATE_APPLICANT, Cutoffs, Retention, mentions
from tasks.adapters.clock import TIMEZONE
from tasks.adapters.settings import Settings


def retention(settings: Settings) -> Retention:
    return Retention(
        candidate_months=settings.retention_candidate_months,
        member_years=settings.retention_member_years,
        mail_months=settings.retention_mail_months,
        applicant_years=settings.retention_applicant_years,
    )


@dataclass(frozen=True)
class PurgePlan:
    """What is due, by id."""

    candidates: tuple[int, ...] = ()  # applications whose details go
    procedures: tuple[int, ...] = ()  # the advice to B&W and the nomination's motivation go
    persons: tuple[int, ...] = ()  # name and address become a pseudonym
    decisions: tuple[int, ...] = ()  # a private applicant's name goes
    deliveries: tuple[int, ...] = ()  # outbox rows whose texts and server answers go

    def counts(self) -> dict[str, int]:
        return {key: len(ids) for key, ids in asdict(self).items()}

    @property
    def empty(self) -> bool:
        return not any(self.counts().values())


def _closed_by(cutoff: datetime) -> ColumnElement[bool]:
    return and_(Procedure.closed_at.is_not(None), Procedure.closed_at <= cutoff)


def _kept_by_a_procedure(cutoff: datetime) -> ColumnElement[bool]:
    """A procedure still open, or closed too recently: its candidates and committee stay."""
    return or_(Procedure.closed_at.is_(None), Procedure.closed_at > cutoff)


def due_persons(session: Session, cut: Cutoffs) -> list[int]:
    """Persons whose every link has ended longer ago than its retention period."""
    application = exists(
        select(Candidate.id)
        .join(Procedure, Procedure.id == Candidate.procedure_id)
        .where(Candidate.person_id == Person.id, _kept_by_a_procedure(cut.candidates))
    )
    committee = exists(
        select(CommitteeMember.id)
        .join(NominationCommittee, NominationCommittee.id == CommitteeMember.committee_id)
        .join(Procedure, Procedure.id == NominationCommittee.procedure_id)
        .where(CommitteeMember.person_id == Person.id, _kept_by_a_procedure(cut.candidates))
    )
    # a seat ends on the first day not sitting: left_on, or the day after end_date
    seat = exists(
        select(Membership.id).where(
            Membership.person_id == Person.id,
            or_(
                Membership.left_on > cut.members,
                and_(Membership.left_on.is_(None), Membership.end_date >= cut.members),
            ),
        )
    )
    linked = or_(
        exists(select(Candidate.id).where(Candidate.person_id == Person.id)),
        exists(select(CommitteeMember.id).where(CommitteeMember.person_id == Person.id)),
        exists(select(Membership.id).where(Membership.person_id == Person.id)),
    )
    query = (
        select(Person.id)
        .where(
            Person.erased_at.is_(None),
            ~application,
            ~committee,
            ~seat,
            or_(linked, Person.created_at <= cut.candidates),
        )
        .order_by(Person.id)
    )
    return list(session.scalars(query))


def due(session: Session, moment: datetime, policy: Retention) -> PurgePlan:
    cut = policy.cutoffs(moment)
    candidates = session.scalars(
        select(Candidate.id)
        .join(Procedure, Procedure.id == Candidate.procedure_id)
        .where(Candidate.erased_at.is_(None), _closed_by(cut.candidates))
        .order_by(Candidate.id)
    )
    procedures = session.scalars(
        select(Procedure.id)
        .outerjoin(Nomination, Nomination.procedure_id == Procedure.id)
        .where(
            _closed_by(cut.candidates),
            or_(Procedure.advice_text.is_not(None), Nomination.motivation.is_not(None)),
        )
        .order_by(Procedure.id)
    )
    decisions = session.scalars(
        select(CouncilDecision.id)
        .join(Meeting, Meeting.id == CouncilDecision.meeting_id)
        .where(
            CouncilDecision.organisation.is_(False),
            CouncilDecision.applicant.is_not(None),
            CouncilDecision.applicant != PRIVATE_APPLICANT,
            Meeting.held_on <= cut.applicants,
        )
        .order_by(CouncilDecision.id)
    )
    bodies = and_(
        OutboxMessage.rendered_at.is_not(None),
        OutboxMessage.bodies_erased_at.is_(None),
        OutboxMessage.status.not_in((*OPEN, MessageStatus.SENDING)),
    )
    deliveries = session.scalars(
        select(OutboxMessage.id)
        .where(
            or_(OutboxMessage.last_error.is_not(None), bodies),
            func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at) <= cut.mail,
        )
        .order_by(OutboxMessage.id)
    )
    return PurgePlan(
        candidates=tuple(candidates),
        procedures=tuple(procedures),
        persons=tuple(due_persons(session, cut)),
        decisions=tuple(decisions),
        deliveries=tuple(deliveries),
    )


# -- files -------------------------------------------------------------------------------------


def _outbox_pk(path: Path) -> int | None:
    """The outbox id in a pickup file's name (NNNNNNNN-template.eml)."""
    head = path.name.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def expired_mail_files(
    session: Session, directory: Path, cutoff: datetime, erased: Iterable[int] = ()
) -> list[Path]:
    """Pickup files past the mail retention, or addressed to an erased person (or one about to
    be). A file whose outbox row is gone is judged by its modification time."""
    if not directory.is_dir():
        return []
    files = sorted(p for p in directory.iterdir() if p.is_file() and ".eml" in p.name)
    pks = {pk for pk in map(_outbox_pk, files) if pk is not None}
    rows = {
        pk: (moment, person, erased_at)
        for pk, moment, person, erased_at in session.execute(
            select(
                OutboxMessage.id,
                func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at),
                OutboxMessage.recipient_person_id,
                Person.erased_at,
            )
            .outerjoin(Person, Person.id == OutboxMessage.recipient_person_id)
            .where(OutboxMessage.id.in_(pks))
        )
    }
    leaving = set(erased)
    due_files = []
    for path in files:
        row = rows.get(_outbox_pk(path) or -1)
        if row is None:
            stamp = datetime.fromtimestamp(path.stat().st_mtime, TIMEZONE).replace(tzinfo=None)
            expired = stamp <= cutoff
        else:
            moment, person, erased_at = row
            expired = moment <= cutoff or erased_at is not None or person in leaving
        if expired:
            due_files.append(path)
    return due_files


def _readable(path: Path) -> str:
    """A file's text as a person reads it: a mail decoded (headers and every part)."""
    data = path.read_bytes()
    if ".eml" not in path.name:
        return data.decode("utf-8", errors="replace")
    message = email.message_from_bytes(data, policy=email.policy.default)
    parts = [f"{key}: {value}" for key, value in message.items()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            try:
                parts.append(str(part.get_content()))
            except (LookupError, ValueError):
                parts.append(data.decode("utf-8", errors="replace"))
    return "\n".join(parts)


_FOLD = re.compile(r"\r?\n(?=[ \t])")


def _readable_quickly(path: Path) -> str:
    """The text of `_readable`, about ten times faster for a mail: parsed without the default
    policy's header objects (headers unfolded and decoded as that policy does, text parts
    decoded with their charset). Anything it does not expect is read by `_readable`."""
    data = path.read_bytes()
    if ".eml" not in path.name:
        return data.decode("utf-8", errors="replace")
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        parts = [
            f"{key}: {make_header(decode_header(_FOLD.sub('', value)))}"
            for key, value in message.items()
        ]
        for part in message.walk():
            if part.get_content_maintype() == "text":
                payload, charset = part.get_payload(decode=True), part.get_param("charset", "ASCII")
                if not isinstance(payload, bytes) or not isinstance(charset, str):
                    return _readable(path)
                parts.append(payload.decode(charset, errors="replace"))
    except (LookupError, ValueError, TypeError, AttributeError, email.errors.MessageError):
        return _readable(path)
    return "\n".join(parts)


def files_mentioning(directories: Iterable[Path], needles: list[str]) -> list[Path]:
    """Files (mail, publications) that still name one of these identifiers. Every file is read
    on every purge that erases someone: `_readable_quickly` (the daily monitor spent most of
    its purge parsing mail with the default policy)."""
    if not needles:
        return []
    found = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in sorted(directory.rglob("*")):
            if path.is_file() and mentions(_readable_quickly(path), needles):
                found.append(path)
    return found


# -- one person --------------------------------------------------------------------------------


def person_by_email(session: Session, address: str) -> Person:
    found = session.scalar(
        select(Person).where(func.lower(Person.email) == address.strip().lower())
    )
    if found is None:
        raise NotFound(
            f"over {address} is niets bekend (of de gegevens zijn al gewist).", field="email"
        )
    return found


def is_resident_address(session: Session, value: str) -> bool:
    """Whether this is the email address of a resident the system knows."""
    return (
        session.scalar(select(Person.id).where(func.lower(Person.email) == value.lower()))
        is not None
    )


def _memberships(session: Session, person: Person) -> list[Membership]:
    return list(
        session.scalars(
            select(Membership)
            .where(Membership.person_id == person.id)
            .options(selectinload(Membership.council))
            .order_by(Membership.id)
        )
    )


def _applications(session: Session, person: Person) -> list[Candidate]:
    return list(
        session.scalars(
            select(Candidate)
            .where(Candidate.person_id == person.id)
            .options(
                selectinload(Candidate.findings),
                selectinload(Candidate.interviews),
                selectinload(Candidate.procedure),
            )
            .order_by(Candidate.id)
        )
    )


def _committees(session: Session, person: Person) -> list[tuple[CommitteeMember, Procedure]]:
    rows = session.execute(
        select(CommitteeMember, Procedure)
        .join(NominationCommittee, NominationCommittee.id == CommitteeMember.committee_id)
        .join(Procedure, Procedure.id == NominationCommittee.procedure_id)
        .where(CommitteeMember.person_id == person.id)
        .order_by(CommitteeMember.id)
    )
    return [(member, procedure) for member, procedure in rows]


def legal_holds(session: Session, person: Person, today: date) -> list[str]:
    """Why this person may not be erased now, in Dutch; empty when nothing stands in the way."""
    reasons = []
    for m in _memberships(session, person):
        if (m.left_on is None or m.left_on > today) and m.end_date >= today:
            reasons.append(
                f"is lid van {m.council.area.council_name} (benoemd tot en met {m.end_date}); "
                "zolang iemand lid is, moet de gemeente de benoeming kunnen aantonen. Na "
                "'wijkraad members leave' kan het wel"
            )
    for c in _applications(session, person):
        if c.procedure.is_open:
            reasons.append(
                f"is kandidaat in procedure {c.procedure_id}, die nog loopt; de aanmelding hoort "
                "bij het dossier tot het besluit is genomen"
            )
    for _member, procedure in _committees(session, person):
        if procedure.is_open:
            reasons.append(
                f"zit in de voordrachtcommissie van procedure {procedure.id}, die nog loopt; "
                "haar samenstelling hoort bij het dossier tot het besluit is genomen"
            )
    return reasons


def _subjects(
    person: Person,
    memberships: list[Membership],
    applications: list[Candidate],
    committees: list[tuple[CommitteeMember, Procedure]],
) -> ColumnElement[bool]:
    pairs = [("person", person.id)]
    pairs += [("membership", m.id) for m in memberships]
    pairs += [("candidate", c.id) for c in applications]
    pairs += [("committee_member", cm.id) for cm, _ in committees]
    return or_(
        *(and_(AuditEvent.subject_type == kind, AuditEvent.subject_id == pk) for kind, pk in pairs)
    )


def export(session: Session, person: Person, moment: datetime) -> dict[str, Any]:
    """Everything held about one person (an inzageverzoek), as JSON-ready data."""
    memberships = _memberships(session, person)
    applications = _applications(session, person)
    committees = _committees(session, person)
    decisions = {
        d.id: d
        for d in session.scalars(
            select(BoardDecision).where(
                BoardDecision.id.in_([m.board_decision_id for m in memberships])
            )
        )
    }
    mails = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient_person_id == person.id)
        .order_by(OutboxMessage.id)
    )
    events = session.scalars(
        select(AuditEvent)
        .where(_subjects(person, memberships, applications, committees))
        .order_by(AuditEvent.id)
    )
    return {
        "exported_at": moment,
        "person": {
            "id": person.id,
            "name": person.name,
            "email": person.email,
            "postcode": person.postcode,
            "house_number": person.house_number,
            "registered_at": person.created_at,
            "erased_at": person.erased_at,
        },
        "memberships": [
            {
                "id": m.id,
                "council": m.council.area.council_name,
                "area": m.council.area.slug,
                "role": m.role.value,
                "start_date": m.start_date,
                "end_date": m.end_date,
                "left_on": m.left_on,
                "leave_reason": m.leave_reason,
                "residence_confirmed_by": m.residence_confirmed_by,
                "board_decision": (
                    {
                        "number": decisions[m.board_decision_id].number,
                        "decided_on": decisions[m.board_decision_id].decided_on,
                    }
                    if m.board_decision_id in decisions
                    else None
                ),
            }
            for m in memberships
        ],
        "committees": [
            {
                "id": cm.id,
                "procedure": procedure.id,
                "area": procedure.area.slug,
                "appointed_by_coordinator": cm.appointed_by_coordinator,
                "added_at": cm.added_at,
            }
            for cm, procedure in committees
        ],
        "applications": [
            {
                "id": c.id,
                "procedure": c.procedure_id,
                "area": c.procedure.area.slug,
                "kind": c.procedure.kind.value,
                "applied_at": c.applied_at,
                "motivation": c.motivation,
                "politically_active": c.politically_active,
                "municipal_employee": c.municipal_employee,
                "status": c.status.value,
                "erased_at": c.erased_at,
                "findings": [
                    {
                        "rule": f.rule.value,
                        "result": f.result.value,
                        "reason": f.reason,
                        "decided_at": f.decided_at,
                        "resolved_by": f.resolved_by,
                    }
                    for f in c.findings
                ],
                "interviews": [
                    {"held_on": i.held_on, "note": i.note, "scores": dict(i.scores or {})}
                    for i in sorted(c.interviews, key=lambda i: i.id)
                ],
            }
            for c in applications
        ],
        "mails": [
            {
                "id": m.id,
                "template": m.template,
                "procedure": m.procedure_id,
                "status": m.status.value,
                "created_at": m.created_at,
                "sent_at": m.sent_at,
                "attempts": m.attempts,
                "last_error": m.last_error,
            }
            for m in mails
        ],
        "audit_events": [
            {
                "id": e.id,
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "procedure": e.procedure_id,
                "subject_type": e.subject_type,
                "subject_id": e.subject_id,
                "reason": e.reason,
            }
            for e in events
        ],
    }
