"""Enqueueing mail: a row in the outbox, in the caller's transaction, once per occasion.

The idempotency key is (subject, recipient, template, occasion): enqueueing the same message
again returns the existing row. The context holds ids only; the message is rendered from the
database when it is delivered.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import OutboxMessage
from models.enums import MessageStatus
from tasks.adapters.clock import now

COORDINATOR = "coordinator"


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
) -> OutboxMessage:
    """Add a message to the outbox unless the same one is already there.

    `subject` names what the message is about ("procedure:12", "experiment:3"); `occasion`
    distinguishes repeated messages about it (a reminder per deadline, a digest per day).
    Exactly one of `person_id` and `role` names the recipient.
    """
    if (person_id is None) == (role is None):
        raise ValueError("a message has exactly one recipient: a person id or a role")
    key = idempotency_key(
        template=template, occasion=occasion, person_id=person_id, role=role, subject=subject
    )
    existing = session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))
    if existing is not None:
        return existing
    for pending in session.new:
        if isinstance(pending, OutboxMessage) and pending.idempotency_key == key:
            return pending
    message = OutboxMessage(
        idempotency_key=key,
        template=template,
        recipient_person_id=person_id,
        recipient_role=role,
        procedure_id=procedure_id,
        context=dict(context or {}),
        status=MessageStatus.PENDING,
        attempts=0,
        created_at=now(),
        next_attempt_at=now(),
    )
    session.add(message)
    return message
