"""Erasing personal data: the units the daily monitor and the privacy commands share.

Rows are never deleted: personal fields are erased or replaced by a pseudonym ("inwoner 12",
"verwijderd-12@invalid"), free texts lose every mention of the person, and ids, statuses,
dates and the audit trail stay, so reports and lead times come out as before. Each purge is an
audit event naming only ids and the policy. Files go too: pickup mail past its retention or
addressed to an erased person, and any mail or publication that still names them. On SQLite
the database file is compacted afterwards, so no erased value survives in a free page.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Enum, String, Table, Text, or_, select, update
from sqlalchemy.orm import Session, selectinload

import models
from models import (
    AuditEvent,
    Candidate,
    CommitteeMember,
    CouncilDecision,
    Membership,
    Nomination,
    NominationCommittee,
    OutboxMessage,
    Person,
    Procedure,
)
from models.enums import Actor, MessageStatus
from models.outbox import OPEN
from models.privacy import (
    ERASED,
    PRIVATE_APPLICANT,
    identifiers,
    pseudonym_email,
    pseudonym_name,
    scrub,
)
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.adapters.settings import Settings, get_settings
from tasks.queries import privacy as queries
from tasks.steps import applications, panels

PURGED = "personal_data_purged"  # retention ended
ERASED_ON_REQUEST = "personal_data_erased"  # the person asked
MAIL_DELETED = "mail_bodies_deleted"

POLICY = {
    "candidate": "bewaartermijn aanmelding verstreken ({months} maanden na afronding procedure)",
    "procedure": "bewaartermijn voordracht en advies verstreken ({months} maanden na afronding)",
    "person": "bewaartermijn verstreken voor alle rollen van deze persoon",
    "council_decision": "bewaartermijn naam particuliere aanvrager verstreken ({years} jaar)",
}
RECIPIENT_ERASED = "niet verstuurd: de gegevens van de ontvanger zijn gewist"
# Not scrubbed: reference data (the postcode table), the persons themselves (pseudonymised one
# by one: someone else may bear the same name) and the accounts of the municipality's staff.
NOT_SCRUBBED = {
    "postcode_areas",
    "alembic_version",
    "persons",
    "accounts",
    "web_sessions",
    "login_throttles",
}


def event(action: str, kind: str, pk: int, reason: str, actor: str) -> AuditEvent:
    return AuditEvent(
        at=now(), actor=actor, action=action, reason=reason, subject_type=kind, subject_id=pk
    )


def erase_application(candidate: Candidate) -> None:
    """The application's content goes; its status, dates and the findings' verdicts stay."""
    candidate.motivation = None
    candidate.politically_active = False
    candidate.municipal_employee = False
    for finding in candidate.findings:
        finding.reason = ERASED
    for interview in candidate.interviews:
        interview.note = None
        interview.scores = {}
    candidate.erased_at = now()


def erase_procedure_texts(session: Session, procedure: Procedure) -> None:
    """The advice to B&W and the nomination's motivation name candidates: they go."""
    procedure.advice_text = None
    erase_procedure_letters(session, procedure)
    nomination = session.scalar(select(Nomination).where(Nomination.procedure_id == procedure.id))
    if nomination is not None:
        nomination.motivation = None


def identifiers_of(person: Person) -> list[str]:
    return identifiers(person.name, person.email, person.postcode)


def pseudonymise(session: Session, person: Person) -> list[str]:
    """Replace name and address by a pseudonym; returns what identified the person, for
    scrubbing free texts and files. Mail not yet sent to them is not sent any more."""
    needles = identifiers_of(person)
    person.name, person.email = pseudonym_name(person.id), pseudonym_email(person.id)
    person.postcode = person.house_number = None
    person.erased_at = now()
    for membership in session.scalars(select(Membership).where(Membership.person_id == person.id)):
        if membership.leave_reason is not None:
            membership.leave_reason = ERASED
    for message in session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient_person_id == person.id)
        .options(selectinload(OutboxMessage.attachments))  # erased with the bodies
    ):
        message.last_error = None
        if message.status in (MessageStatus.PENDING, MessageStatus.TEMPORARY_FAILURE):
            message.status = MessageStatus.PERMANENT_FAILURE
            message.next_attempt_at = None
            message.last_error = RECIPIENT_ERASED
        message.erase_bodies(now())
    erase_letters_about(session, person)
    return needles


def erase_letters_about(session: Session, person: Person) -> None:
    """Attachments (PDF letters, invitations) cannot be scrubbed like text: those of the
    procedures the person applied to or screened for go whole."""
    procedures = (
        select(Candidate.procedure_id)
        .where(Candidate.person_id == person.id)
        .union(
            select(NominationCommittee.procedure_id)
            .join(CommitteeMember, CommitteeMember.committee_id == NominationCommittee.id)
            .where(CommitteeMember.person_id == person.id)
        )
    )
    for message in session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.procedure_id.in_(procedures), OutboxMessage.attachments.any()
        )
    ):
        message.attachments = []


def erase_procedure_letters(session: Session, procedure: Procedure) -> None:
    """The procedure's mail that carries its letters as attachments (the advice to B&W, the
    appointment letters) names candidates: the attachments go with the advice."""
    for message in session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.procedure_id == procedure.id, OutboxMessage.attachments.any()
        )
    ):
        message.attachments = []


def erase_applicant(decision: CouncilDecision) -> None:
    name = decision.applicant or ""
    decision.summary = scrub(decision.summary, [name], PRIVATE_APPLICANT) or decision.summary
    decision.applicant = PRIVATE_APPLICANT


def _text_columns(table: Table) -> list[str]:
    return [
        c.name
        for c in table.columns
        if isinstance(c.type, String | Text) and not isinstance(c.type, Enum) and not c.primary_key
    ]


def scrub_everywhere(session: Session, needles: list[str]) -> int:
    """Replace every mention of these identifiers in every text column of every table.
    Returns the number of values changed."""
    if not needles:
        return 0
    session.flush()
    changed = 0
    for table in models.Base.metadata.sorted_tables:
        if table.name in NOT_SCRUBBED or len(table.primary_key.columns) != 1:
            continue
        pk = next(iter(table.primary_key.columns))
        for name in _text_columns(table):
            column = table.c[name]
            like = [
                column.ilike(
                    "%" + n.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%",
                    escape="\\",
                )
                for n in needles
            ]
            for key, value in session.execute(select(pk, column).where(or_(*like))).all():
                cleaned = scrub(value, needles)
                length = getattr(column.type, "length", None)
                if cleaned is not None and length:
                    cleaned = cleaned[:length]
                if cleaned != value:
                    session.execute(update(table).where(pk == key).values({name: cleaned}))
                    changed += 1
    return changed


def remove_files(paths: Iterable[Path]) -> int:
    removed = 0
    for path in paths:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
    return removed


def compact() -> bool:
    """SQLite keeps overwritten values in free pages and in the write-ahead log until the file
    is rebuilt: VACUUM and truncate the log. (PostgreSQL's autovacuum reclaims dead rows.)
    Best effort: a database busy elsewhere is compacted after the next purge."""
    engine = db.engine()
    if engine.dialect.name != "sqlite":
        return False
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()
    return True


@dataclass(frozen=True)
class Outcome:
    """What a purge did, in counts (ids never leave the database in a result or a log)."""

    candidates: int = 0
    procedures: int = 0
    persons: int = 0
    decisions: int = 0
    deliveries: int = 0
    texts: int = 0
    mail_files: int = 0
    other_files: int = 0

    @property
    def changed_database(self) -> bool:
        """Whether values were overwritten (then SQLite's free pages still hold them)."""
        return bool(
            self.candidates
            + self.procedures
            + self.persons
            + self.decisions
            + self.deliveries
            + self.texts
        )

    @property
    def total(self) -> int:
        return (
            self.candidates
            + self.procedures
            + self.persons
            + self.decisions
            + self.deliveries
            + self.mail_files
            + self.other_files
        )


def files_due(
    session: Session, settings: Settings, moment: datetime, persons: list[int], needles: list[str]
) -> tuple[list[Path], list[Path]]:
    """(mail files, other files) to delete: past the mail retention, to an erased person, or
    naming one."""
    cutoff = queries.retention(settings).cutoffs(moment).mail
    mail = queries.expired_mail_files(session, settings.mail_dir, cutoff, persons)
    naming = queries.files_mentioning([settings.mail_dir, settings.home / "publish"], needles)
    mail_set = set(mail)
    mail += [p for p in naming if p.parent == settings.mail_dir and p not in mail_set]
    other = [p for p in naming if p.parent != settings.mail_dir]
    return mail, other


def persons(session: Session, ids: Iterable[int]) -> list[Person]:
    return list(session.scalars(select(Person).where(Person.id.in_(list(ids))).order_by(Person.id)))


def apply_plan(
    session: Session, plan: queries.PurgePlan, settings: Settings, moment: datetime, actor: str
) -> Outcome:
    """Carry out a purge plan in the caller's transaction; the files go before it commits
    (deleting a copy early is allowed, keeping one too long is not)."""
    months, years = settings.retention_candidate_months, settings.retention_applicant_years
    for candidate in session.scalars(
        select(Candidate)
        .where(Candidate.id.in_(plan.candidates))
        .options(selectinload(Candidate.findings), selectinload(Candidate.interviews))
    ):
        erase_application(candidate)
        record = event(
            PURGED, "candidate", candidate.id, POLICY["candidate"].format(months=months), actor
        )
        record.procedure_id = candidate.procedure_id
        session.add(record)
    for procedure in session.scalars(select(Procedure).where(Procedure.id.in_(plan.procedures))):
        erase_procedure_texts(session, procedure)
        record = event(
            PURGED, "procedure", procedure.id, POLICY["procedure"].format(months=months), actor
        )
        record.procedure_id = procedure.id
        session.add(record)
    for decision in session.scalars(
        select(CouncilDecision).where(CouncilDecision.id.in_(plan.decisions))
    ):
        erase_applicant(decision)
        session.add(
            event(
                PURGED,
                "council_decision",
                decision.id,
                POLICY["council_decision"].format(years=years),
                actor,
            )
        )
    for message in session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.id.in_(plan.deliveries))
        .options(selectinload(OutboxMessage.attachments))  # erased with the bodies
    ):
        message.last_error = None
        if message.rendered and message.status not in OPEN:
            message.erase_bodies(now())
    needles: list[str] = []
    for person in persons(session, plan.persons):
        needles += pseudonymise(session, person)
        session.add(event(PURGED, "person", person.id, POLICY["person"], actor))
    texts = scrub_everywhere(session, needles)
    mail, other = files_due(session, settings, moment, list(plan.persons), needles)
    removed_mail, removed_other = remove_files(mail), remove_files(other)
    if removed_mail or removed_other:
        session.add(
            AuditEvent(
                at=now(),
                actor=actor,
                action=MAIL_DELETED,
                reason=(
                    f"{removed_mail} mailbestand(en) en {removed_other} ander(e) bestand(en) "
                    f"verwijderd (bewaartermijn {settings.retention_mail_months} maanden, of "
                    "over een gewiste persoon)"
                ),
            )
        )
    counts = plan.counts()
    return Outcome(**counts, texts=texts, mail_files=removed_mail, other_files=removed_other)


def erase_person(
    session: Session, person: Person, reason: str, settings: Settings, actor: str
) -> Outcome:
    """Erase one person on their request (the caller has checked that no legal duty applies):
    their applications' content, their name and address, every mention, their mail."""
    needles = identifiers_of(person)
    applications = list(
        session.scalars(
            select(Candidate)
            .where(Candidate.person_id == person.id, Candidate.erased_at.is_(None))
            .options(selectinload(Candidate.findings), selectinload(Candidate.interviews))
        )
    )
    for candidate in applications:
        erase_application(candidate)
    pseudonymise(session, person)
    texts = scrub_everywhere(session, needles)
    mail, other = files_due(session, settings, now(), [person.id], needles)
    removed_mail, removed_other = remove_files(mail), remove_files(other)
    session.add(
        event(
            ERASED_ON_REQUEST,
            "person",
            person.id,
            f"op verzoek: {scrub(reason, needles)}; {len(applications)} aanmelding(en), "
            f"{removed_mail + removed_other} bestand(en)",
            actor,
        )
    )
    return Outcome(
        candidates=len(applications),
        persons=1,
        texts=texts,
        mail_files=removed_mail,
        other_files=removed_other,
    )


def purge_due(moment: datetime) -> int:
    """Unit for the daily monitor: everything the retention policy says is due up to `moment`.
    Returns how many records and files were purged (a count, never an id or a name)."""
    settings = get_settings()
    with db.session_scope() as session:
        plan = queries.due(session, moment, queries.retention(settings))
        outcome = apply_plan(session, plan, settings, moment, Actor.SYSTEM)
        unconfirmed = applications.purge_unconfirmed(session, moment)
        unconfirmed += panels.purge_due(session, moment)
        panels.lapse_unanswered(session, moment.date())
    if outcome.changed_database or unconfirmed:
        compact()
    return outcome.total + unconfirmed
