"""The mail outbox: one row per message, written with the change that causes it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, enum_column
from models.enums import MessageStatus


class OutboxMessage(Base):
    """A message to send. The recipient is a person id or the coördinator; the rendering
    context holds ids only, read from the database at delivery time.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    template: Mapped[str] = mapped_column(String(100))
    recipient_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    recipient_role: Mapped[str | None] = mapped_column(String(32))
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"), index=True)
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[MessageStatus] = mapped_column(
        enum_column(MessageStatus, "message_status"), default=MessageStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    message_id: Mapped[str | None] = mapped_column(String(255))
    last_error: Mapped[str | None] = mapped_column(Text)

    def send_again(self, now: datetime) -> None:
        """A message that failed for good goes back in the queue, due now, with its attempts
        counted afresh (the coördinator fixed the address or the server)."""
        from models.errors import DomainError

        if self.status != MessageStatus.PERMANENT_FAILURE:
            raise DomainError(
                f"bericht {self.id} is niet blijvend mislukt; alleen zo'n bericht kan opnieuw "
                "worden verstuurd.",
                field="message",
            )
        self.status = MessageStatus.PENDING
        self.attempts = 0
        self.next_attempt_at = now
