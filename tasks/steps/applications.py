"""Residents' own applications: submitted on the public page, confirmed from the mail.

Only a confirmed application becomes a candidate, through the same step as an application the
coördinator records (tasks/steps/candidates.add), so every rule applies once: the stage, a
committee member of the procedure refused, a second application of the same person refused.
A refusal at confirmation names no reason on the page (whoever confirms may not be the person
named), the coördinator sees it in the audit trail. Personal data leaves the application row
as soon as it is confirmed or refused; an unconfirmed one is deleted when it expires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import Application, AuditEvent, OutboxMessage, Procedure
from models.application import CONFIRMATION_VALID
from models.enums import Actor, MessageStatus, Stage
from models.errors import DomainError, NotFound
from tasks.adapters import signing
from tasks.adapters.clock import now, today
from tasks.adapters.settings import get_settings
from tasks.mail import links, outbox
from tasks.mail.render import APPLICANT
from tasks.queries import lookup
from tasks.queries import privacy as privacy_queries
from tasks.steps import candidates, form_keys, throttle
from tasks.steps.candidates import CandidateInput

TEMPLATE = "aanmelding_bevestigen"
RESIDENT = "inwoner (eigen aanmelding)"
EXPIRED = "niet verstuurd: de aanmelding is verlopen en gewist"


class Outcome(StrEnum):
    CONFIRMED = "confirmed"
    ALREADY = "already"  # this link was used before: nothing new
    CLOSED = "closed"  # the application period ended before the confirmation
    REFUSED = "refused"  # a rule refused it (no reason shown)


@dataclass(frozen=True)
class Confirmation:
    outcome: Outcome
    area_name: str
    council_name: str


class DeadlinePassed(DomainError):
    code = "deadline"


def open_procedure(session: Session, slug: str) -> Procedure:
    """The recruiting procedure of an area that accepts applications today."""
    area = lookup.area(session, slug)
    procedure = session.scalar(
        select(Procedure)
        .where(Procedure.area_id == area.id, Procedure.stage == Stage.RECRUITING)
        .order_by(Procedure.id)
    )
    if procedure is None or procedure.application_deadline is None:
        raise DomainError(f"{area.council_name} zoekt op dit moment geen nieuwe leden.")
    if today() > procedure.application_deadline:
        from tasks.adapters.templating import datum

        raise DeadlinePassed(
            "De aanmeldtermijn is verstreken: aanmelden kon tot en met "
            f"{datum(procedure.application_deadline)}."
        )
    return procedure


RESEND_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Submitted:
    application: Application
    sent: bool  # a confirmation mail was queued (the first, or the same link again)


def submit(session: Session, slug: str, data: CandidateInput) -> Submitted:
    """Store the application and queue the mail with its confirmation link. A repeat form for
    an application of the same address that still waits for its confirmation takes the new
    details and sends the same link again, at most once every RESEND_AFTER: whoever types
    someone else's address cannot flood their mailbox, nor block their own application."""
    procedure = open_procedure(session, slug)
    moment = now()
    pending = session.scalar(
        select(Application)
        .where(
            Application.procedure_id == procedure.id,
            Application.email == data.email,
            Application.confirmed_at.is_(None),
            Application.refused_at.is_(None),
            Application.expires_at > moment,
        )
        .order_by(Application.id.desc())
        .limit(1)
        .with_for_update()
    )
    if pending is not None:
        _details(pending, data)
        last = pending.last_sent_at or pending.submitted_at
        if moment - last < RESEND_AFTER:
            return Submitted(pending, sent=False)
        pending.last_sent_at = moment
        _enqueue(session, pending, occasion=f"again:{moment.isoformat()}")
        return Submitted(pending, sent=True)
    application = Application(
        procedure_id=procedure.id,
        nonce=signing.new_nonce(),
        submitted_at=moment,
        last_sent_at=moment,
        expires_at=moment + CONFIRMATION_VALID,
    )
    _details(application, data)
    session.add(application)
    session.flush()
    application.token_digest = signing.digest(token_of(application))
    _enqueue(session, application, occasion="confirm")
    return Submitted(application, sent=True)


def _details(application: Application, data: CandidateInput) -> None:
    application.name = data.name
    application.email = data.email
    application.postcode = data.postcode
    application.house_number = data.house_number
    application.motivation = data.motivation
    application.politically_active = data.politically_active
    application.municipal_employee = data.municipal_employee


def _enqueue(session: Session, application: Application, *, occasion: str) -> None:
    outbox.enqueue(
        session,
        template=TEMPLATE,
        subject=f"application:{application.id}",
        occasion=occasion,
        role=APPLICANT,
        procedure_id=application.procedure_id,
        context={"application_id": application.id, "procedure_id": application.procedure_id},
    )


def token_of(application: Application) -> str:
    return links.application_token(application)


INVALID = "Deze bevestigingslink is ongeldig. Controleer of u de hele link uit de e-mail gebruikt."
EXPIRED_LINK = (
    "Deze bevestigingslink is verlopen (een link is 72 uur geldig). Meld u opnieuw aan via de "
    "oproep van uw wijk- of dorpsraad."
)


def by_token(session: Session, token: str, *, lock: bool = False) -> Application:
    """The application of a link: NotFound for an unknown token, or an expired unused one."""
    if not token or len(token) > 100:
        raise NotFound(INVALID)
    query = select(Application).where(Application.token_digest == signing.digest(token))
    found = session.scalar(query.with_for_update() if lock else query)
    if found is None:
        raise NotFound(INVALID)
    if not found.handled and found.expired(now()):
        raise NotFound(EXPIRED_LINK, code="expired")
    return found


def confirm(session: Session, token: str) -> Confirmation:
    application = by_token(session, token, lock=True)
    procedure = session.scalar(
        select(Procedure).where(Procedure.id == application.procedure_id).with_for_update()
    )
    assert procedure is not None
    area = procedure.area

    def result(outcome: Outcome) -> Confirmation:
        return Confirmation(outcome, area.name, area.council_name)

    if application.confirmed_at is not None:
        return result(Outcome.ALREADY)
    if application.refused_at is not None:
        return result(Outcome.REFUSED)
    moment = now()
    deadline = procedure.application_deadline
    late = deadline is not None and application.submitted_at.date() > deadline
    if procedure.stage != Stage.RECRUITING or late:
        _refuse(application, procedure, moment, "aanmeldtermijn gesloten vóór de bevestiging")
        return result(Outcome.CLOSED)
    data = CandidateInput(
        name=application.name or "",
        email=application.email or "",
        postcode=application.postcode or "",
        house_number=application.house_number or "",
        motivation=application.motivation,
        politically_active=application.politically_active,
        municipal_employee=application.municipal_employee,
    )
    try:
        with session.begin_nested():
            candidate = candidates.add(
                session, procedure.id, data, actor=RESIDENT, submitted_at=application.submitted_at
            )
    except DomainError as exc:
        _refuse(application, procedure, moment, _without_personal_data(exc, data))
        return result(Outcome.REFUSED)
    application.confirmed_at = moment
    application.candidate_id = candidate.id
    application.forget_personal_data()
    return result(Outcome.CONFIRMED)


def _without_personal_data(exc: DomainError, data: CandidateInput) -> str:
    """The rule's message for the audit trail, unless it quotes what the resident typed (an
    address known under another name, say): then only which kind of rule refused it."""
    typed = [data.name, data.email, data.postcode, data.house_number]
    message = exc.message.lower()
    if "@" in message or any(value and value.lower() in message for value in typed):
        return f"geweigerd door een regel ({exc.code}); de melding noemde persoonsgegevens"
    return exc.message


def _refuse(application: Application, procedure: Procedure, moment: datetime, why: str) -> None:
    """Refused: the coördinator reads why in the audit trail (the rule's message names no one
    but 'deze persoon'); the resident's data leaves the row."""
    application.refused_at = moment
    application.forget_personal_data()
    procedure.record(
        "application_refused",
        now=moment,
        actor=Actor.SYSTEM,
        subject=("application", application.id),
        reason=why,
    )


def purge_unconfirmed(session: Session, moment: datetime) -> int:
    """Delete applications never confirmed within the retention
    (WIJKRAAD_RETENTION_UNCONFIRMED_APPLICATION_HOURS); their unsent mail is not sent."""
    hours = get_settings().retention_unconfirmed_application_hours
    throttle.forget_old(session)  # rate-limit windows of yesterday count for nothing
    form_keys.forget_old(session)
    cutoff = moment - timedelta(hours=hours)
    ids = list(
        session.scalars(
            select(Application.id).where(
                Application.confirmed_at.is_(None),
                Application.refused_at.is_(None),
                Application.submitted_at <= cutoff,
            )
        )
    )
    if not ids:
        return 0
    # the pickup copies of their mail (no SMTP server): the files that carry their link
    tokens = [
        token_of(a) for a in session.scalars(select(Application).where(Application.id.in_(ids)))
    ]
    for path in privacy_queries.files_mentioning([get_settings().mail_dir], tokens):
        path.unlink(missing_ok=True)
    for message in session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.recipient_role == APPLICANT,
            OutboxMessage.status.in_([MessageStatus.PENDING, MessageStatus.TEMPORARY_FAILURE]),
        )
    ):
        if message.context.get("application_id") in ids:
            message.status = MessageStatus.PERMANENT_FAILURE
            message.last_error = EXPIRED
            message.next_attempt_at = None
            message.erase_bodies(moment)
    session.execute(delete(Application).where(Application.id.in_(ids)))
    session.add(
        AuditEvent(
            at=now(),
            actor=Actor.SYSTEM,
            action="unconfirmed_applications_purged",
            reason=f"{len(ids)} onbevestigde aanmelding(en) gewist (bewaartermijn {hours} uur)",
        )
    )
    return len(ids)
