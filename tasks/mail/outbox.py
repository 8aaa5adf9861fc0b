"""Enqueueing mail: a row in the outbox, in the caller's transaction, once per occasion, and
rendered there and then; withdrawing a letter that is no longer true.

The idempotency key is (subject, recipient, template, occasion): enqueueing the same message
again returns the existing row. The context holds ids; the message is rendered from the
database as it is at that moment (tasks/mail/render.py) and stored with the row, so it says
what was true when it was queued, whenever it is delivered. A withdrawn letter frees its key:
the same occasion may bring a new, true one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from jinja2 import TemplateError
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session

from models import OutboxMessage
from models.enums import CandidateStatus, MessageStatus
from models.errors import DomainError
from tasks.adapters.clock import now
from tasks.adapters.settings import get_settings
from tasks.mail.ics import Attachment
from tasks.mail.render import ACCOUNT, APPLICANT, COORDINATOR, recipient_of, render_message, store

__all__ = ["ACCOUNT", "APPLICANT", "COORDINATOR", "Told", "enqueue", "withdraw"]

REACHED = (MessageStatus.SENDING, MessageStatus.DELIVERED)  # may be with the recipient


@dataclass(frozen=True)
class Told:
    """What a letter tells a candidate: their status (an outcome letter says they were not
    eligible, not nominated, appointed...)."""

    candidate_id: int
    status: CandidateStatus


def idempotency_key(
    *, template: str, occasion: str, person_id: int | None, role: str | None, subject: str
) -> str:
    recipient = f"person:{person_id}" if person_id is not None else f"role:{role}"
    return f"{subject}|{recipient}|{template}|{occasion}"


def enqueue(
    session: Session,
    *,
    template: str,
    subject: str,
    occasion: str = "once",
    person_id: int | None = None,
    role: str | None = None,
    procedure_id: int | None = None,
    context: dict[str, Any] | None = None,
    attachments: Callable[[], Sequence[Attachment]] | None = None,
    tells: Told | None = None,
) -> OutboxMessage:
    """Add a message to the outbox unless the same one is already there, rendered now.

    `subject` names what the message is about ("procedure:12", "experiment:3"); `occasion`
    distinguishes repeated messages about it (a reminder per deadline, a digest per day).
    Exactly one of `person_id` and `role` names the recipient. The session is flushed first, so
    the message reads what the caller has just changed. `attachments` makes the letters (a PDF)
    that follow the message's own (an .ics); it is called only for a new message. `tells`:
    the candidate's status the letter reports (an outcome), kept with the row so that what it
    says can be held against the audit trail.
    """
    if (person_id is None) == (role is None):
        raise ValueError("a message has exactly one recipient: a person id or a role")
    key = idempotency_key(
        template=template, occasion=occasion, person_id=person_id, role=role, subject=subject
    )
    for pending in session.new:
        if isinstance(pending, OutboxMessage) and pending.idempotency_key == key:
            return pending
    session.flush()
    existing = session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))
    if existing is not None:
        return existing
    moment = now()
    message = OutboxMessage(
        idempotency_key=key,
        template=template,
        recipient_person_id=person_id,
        recipient_role=role,
        procedure_id=procedure_id,
        context=dict(context or {}),
        candidate_id=tells.candidate_id if tells else None,
        asserted_status=tells.status if tells else None,
        status=MessageStatus.PENDING,
        attempts=0,
        created_at=moment,
        next_attempt_at=moment,
    )
    try:
        mail = render_message(session, message, get_settings())
        extra = tuple(attachments()) if attachments is not None else ()
        store(message, replace(mail, attachments=(*mail.attachments, *extra)))
    except (TemplateError, NoResultFound, DomainError, LookupError, ValueError) as exc:
        # the fact stands; the coördinator sees the message that cannot be written
        message.status, message.next_attempt_at = MessageStatus.PERMANENT_FAILURE, None
        message.last_error = f"bericht kan niet worden opgemaakt: {type(exc).__name__}: {exc}"[
            :2000
        ]
    session.add(message)
    return message


@dataclass(frozen=True)
class Withdrawn:
    """What `withdraw` found: the letters taken back, and those that may have arrived."""

    withdrawn: list[OutboxMessage]
    reached: list[OutboxMessage]
    kept: list[OutboxMessage]  # of the occasion that is still true


def withdraw(
    session: Session,
    *,
    template: str,
    subject: str,
    reason: str,
    person_id: int | None = None,
    role: str | None = None,
    occasion: str | None = None,
    keep: str | None = None,
) -> Withdrawn:
    """Take back every letter of this template about this subject to this recipient (of one
    occasion, or all but the occasion `keep`) that has not gone out; report the ones that may
    have reached them, for a correction. `reason` is stored and shown (Dutch, no personal
    data)."""
    if (person_id is None) == (role is None):
        raise ValueError("a message has exactly one recipient: a person id or a role")
    session.flush()
    prefix = idempotency_key(
        template=template, occasion="", person_id=person_id, role=role, subject=subject
    )
    query = select(OutboxMessage).where(
        OutboxMessage.template == template,
        OutboxMessage.idempotency_key.startswith(prefix + (occasion or ""), autoescape=True),
    )
    found = list(session.scalars(query.order_by(OutboxMessage.id)))
    if occasion is not None:  # exactly that occasion, or a copy withdrawn from it
        found = [m for m in found if m.idempotency_key.split("#", 1)[0] == prefix + occasion]
    kept = [m for m in found if keep is not None and m.idempotency_key == prefix + keep]
    found = [m for m in found if m not in kept]
    moment = now()
    withdrawn = [m for m in found if m.withdraw(reason, moment)]
    reached = [m for m in found if m.status in REACHED]
    return Withdrawn(withdrawn, reached, kept)


def withdraw_all(
    session: Session, *, procedure_id: int, templates: Sequence[str], reason: str
) -> int:
    """Take back every letter of these templates about a procedure that has not gone out,
    whoever it was for (a reminder of a date that moved, of a procedure that stopped)."""
    session.flush()
    moment = now()
    found = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.procedure_id == procedure_id,
            OutboxMessage.template.in_(list(templates)),
            OutboxMessage.status.in_([MessageStatus.PENDING, MessageStatus.TEMPORARY_FAILURE]),
        )
    )
    return sum(1 for message in found if message.withdraw(reason, moment))


def readdress(session: Session, message: OutboxMessage) -> None:
    """A message sent again after it failed for good goes to the address the database holds
    now (the coördinator may have corrected it); its text stays as it was written."""
    if not message.rendered or message.bodies_erased_at is not None:
        return
    try:
        to = recipient_of(session, message, get_settings())
    except LookupError:
        return
    message.recipient_name, message.recipient_email = to.name, to.email
