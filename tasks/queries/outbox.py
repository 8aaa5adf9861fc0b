"""Read-only views of the outbox for the CLI and the daily digest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from models import OutboxMessage, Person
from models.enums import MessageStatus
from models.errors import InvalidInput, NotFound
from tasks.adapters.settings import get_settings
from tasks.mail.claims import due_condition
from tasks.mail.message import header_text, message_id
from tasks.mail.render import COORDINATOR, NotRendered, as_sent, render_message

STATUSES = [s.value for s in MessageStatus]


def status(value: str | None) -> MessageStatus | None:
    if value is None:
        return None
    try:
        return MessageStatus(value.strip().lower())
    except ValueError:
        raise InvalidInput(
            f"status: '{value}' bestaat niet (kies uit {', '.join(STATUSES)})."
        ) from None


def unfinished(session: Session, now: datetime) -> int:
    """Messages a delivery run would still send now: due ones and ones being sent."""
    query = select(func.count(OutboxMessage.id)).where(
        or_(due_condition(now), OutboxMessage.status == MessageStatus.SENDING)
    )
    return session.scalar(query) or 0


ERASED_BODY = "(de tekst van dit bericht is gewist: de bewaartermijn van mail is verstreken)"


def recipient_address(message: OutboxMessage, person_email: str | None, coordinator: str) -> str:
    """Where the message goes (or went): the address it was rendered for; for a row queued
    before that was kept, the person's address, the coördinator's, or the role."""
    if message.recipient_email:
        return message.recipient_email
    if person_email:
        return person_email
    if message.recipient_role == COORDINATOR:
        return coordinator
    return message.recipient_role or "?"


def message_view(message: OutboxMessage, recipient: str | None) -> dict[str, Any]:
    return {
        "id": message.id,
        "status": message.status.value,
        "withdrawn_reason": message.withdrawn_reason,
        "template": message.template,
        "recipient": recipient,
        "procedure_id": message.procedure_id,
        "attempts": message.attempts,
        "created_at": message.created_at,
        "next_attempt_at": message.next_attempt_at,
        "sent_at": message.sent_at,
        "message_id": message.message_id,
        "last_error": message.last_error,
    }


def messages(
    session: Session, *, state: MessageStatus | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """The outbox, newest first, optionally of one status."""
    query = (
        select(OutboxMessage, Person.email)
        .outerjoin(Person, OutboxMessage.recipient_person_id == Person.id)
        .order_by(OutboxMessage.id.desc())
    )
    if state is not None:
        query = query.where(OutboxMessage.status == state)
    if limit is not None:
        query = query.limit(limit)
    coordinator = get_settings().coordinator_email
    return [
        message_view(m, recipient_address(m, email, coordinator))
        for m, email in session.execute(query)
    ]


def permanent_failures(session: Session, limit: int | None = None) -> list[dict[str, Any]]:
    """Messages that will not be delivered, with the server's answer (for the daily digest and
    `mail list --status permanent_failure`). Ids and templates only besides the answer:
    a caller that passes them on to Prefect carries no personal data."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == MessageStatus.PERMANENT_FAILURE)
        .order_by(OutboxMessage.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        {
            "id": m.id,
            "template": m.template,
            "procedure_id": m.procedure_id,
            "recipient_person_id": m.recipient_person_id,
            "recipient_role": m.recipient_role,
            "attempts": m.attempts,
            "created_at": m.created_at,
            "last_error": m.last_error,
        }
        for m in session.scalars(query)
    ]


def rendered(session: Session, message_pk: int) -> dict[str, Any]:
    """One message as it is (or will be) sent: headers, text, HTML and the attachments' names,
    exactly as rendered when it was queued."""
    message = session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.id == message_pk)
        .options(selectinload(OutboxMessage.attachments))
    )
    if message is None:
        raise NotFound(f"{message_pk} bestaat niet.", field="message", hint="list:mail")
    settings = get_settings()
    person = (
        session.get(Person, message.recipient_person_id) if message.recipient_person_id else None
    )
    recipient = recipient_address(
        message, person.email if person else None, settings.coordinator_email
    )
    view = message_view(message, recipient) | {
        "from": settings.mail_from,
        "message_id": message.message_id
        or message_id(message.id, message.idempotency_key, settings.mail_from),
    }
    try:
        mail = as_sent(session, message) if message.rendered else render_message(session, message)
    except (NotRendered, LookupError):
        name = message.recipient_name or ""
        return view | {
            "to": f"{header_text(name)} <{recipient}>",
            "subject": header_text(message.subject_line or ""),
            "text": ERASED_BODY,
            "html": f"<p>{ERASED_BODY}</p>",
            "attachments": [],
        }
    return view | {
        "to": f"{header_text(mail.to.name)} <{mail.to.email}>",
        "subject": header_text(mail.subject),
        "text": mail.text,
        "html": mail.html,
        "attachments": [
            {"filename": a.filename, "content_type": a.content_type, "size": len(a.data)}
            for a in mail.attachments
        ],
    }


# -- the coördinator's mail page: filters, pages, one message with its attachments ----------

RECIPIENT_KINDS = ("coordinator", "kandidaat", "commissielid", "lid")
PER_PAGE = 50


def _recipient_kind(kind: str) -> Any:
    """A condition on OutboxMessage for a kind of recipient: the coördinator (a role), or a
    person who is a candidate or a committee member in the message's procedure, or else a member
    of a council (meeting invitations, the request to appoint a committee)."""
    from models import Candidate, CommitteeMember, NominationCommittee

    candidate = (
        select(Candidate.id)
        .where(
            Candidate.person_id == OutboxMessage.recipient_person_id,
            Candidate.procedure_id == OutboxMessage.procedure_id,
        )
        .exists()
    )
    committee = (
        select(CommitteeMember.id)
        .join(NominationCommittee, CommitteeMember.committee_id == NominationCommittee.id)
        .where(
            CommitteeMember.person_id == OutboxMessage.recipient_person_id,
            NominationCommittee.procedure_id == OutboxMessage.procedure_id,
        )
        .exists()
    )
    if kind == "coordinator":
        return OutboxMessage.recipient_role.is_not(None)
    if kind == "kandidaat":
        return candidate
    if kind == "commissielid":
        return committee
    return (OutboxMessage.recipient_person_id.is_not(None)) & ~candidate & ~committee


def _council(session: Session, slug: str) -> Any:
    """Messages of an area: of its procedures, or to a person who holds a seat on its council."""
    from models import Council, Membership, Procedure
    from tasks.queries import lookup

    area = lookup.area(session, slug)
    procedures = select(Procedure.id).where(Procedure.area_id == area.id)
    members = (
        select(Membership.person_id)
        .join(Council, Membership.council_id == Council.id)
        .where(Council.area_id == area.id)
    )
    return OutboxMessage.procedure_id.in_(procedures) | (
        OutboxMessage.procedure_id.is_(None) & OutboxMessage.recipient_person_id.in_(members)
    )


def page_of_messages(
    session: Session,
    *,
    state: MessageStatus | None = None,
    area: str | None = None,
    procedure_id: int | None = None,
    recipient: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> dict[str, Any]:
    """One page of the outbox, newest first, with the filters of the mail page."""
    conditions = []
    if state is not None:
        conditions.append(OutboxMessage.status == state)
    if area:
        conditions.append(_council(session, area))
    if procedure_id is not None:
        conditions.append(OutboxMessage.procedure_id == procedure_id)
    if recipient:
        if recipient not in RECIPIENT_KINDS:
            raise InvalidInput(
                f"'{recipient}' is geen soort ontvanger (kies uit {', '.join(RECIPIENT_KINDS)}).",
                field="recipient",
            )
        conditions.append(_recipient_kind(recipient))
    total = session.scalar(select(func.count(OutboxMessage.id)).where(*conditions)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    query = (
        select(OutboxMessage, Person.email)
        .outerjoin(Person, OutboxMessage.recipient_person_id == Person.id)
        .where(*conditions)
        .order_by(OutboxMessage.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    coordinator = get_settings().coordinator_email
    rows = [
        message_view(m, recipient_address(m, email, coordinator))
        for m, email in session.execute(query)
    ]
    return {"rows": rows, "total": total, "page": page, "pages": pages}


def attachments(session: Session, message_pk: int) -> list[tuple[str, str, bytes]]:
    """The attachments of a message as it is (or will be) sent: name, content type, bytes."""
    message = session.get(OutboxMessage, message_pk)
    if message is None:
        raise NotFound(f"{message_pk} bestaat niet.", field="message", hint="list:mail")
    if not message.rendered:  # queued before messages were rendered when queued
        mail = render_message(session, message)
        return [(a.filename, a.content_type, a.data) for a in mail.attachments]
    return [(a.filename, a.content_type, a.data) for a in message.attachments]
