"""The mail outbox: one row per message, written with the change that causes it.

A message is rendered when it is queued, in the same transaction as the fact it reports: the
row keeps the recipient, the subject, the text, the HTML and the attachments as they will be
sent, so a delivery days later says what was true when it was written. A letter that is no
longer true before it is sent is withdrawn (`withdrawn`, with a reason).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_column
from models.enums import CandidateStatus, MessageStatus

OPEN = (MessageStatus.PENDING, MessageStatus.TEMPORARY_FAILURE)  # not yet with the recipient


class OutboxMessage(Base):
    """A message to send. The recipient is a person id or a role (the coördinator, an
    applicant); `context` holds the ids it was rendered from, the rendered columns what is sent.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    template: Mapped[str] = mapped_column(String(100))
    recipient_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    recipient_role: Mapped[str | None] = mapped_column(String(32))
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"), index=True)
    # a letter about a candidate's outcome: the candidate and the status it tells them they
    # have (true when it is queued, and still true when it is delivered: else withdrawn)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"), index=True)
    asserted_status: Mapped[CandidateStatus | None] = mapped_column(
        enum_column(CandidateStatus, "asserted_status")
    )
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
    # rendered when queued; emptied when the mail's retention ends
    rendered_at: Mapped[datetime | None] = mapped_column(DateTime)
    recipient_name: Mapped[str | None] = mapped_column(String(255))
    recipient_email: Mapped[str | None] = mapped_column(String(320))
    subject_line: Mapped[str | None] = mapped_column(Text)
    body_text: Mapped[str | None] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    bodies_erased_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(String(255))
    attachments: Mapped[list[OutboxAttachment]] = relationship(
        back_populates="message",
        order_by="OutboxAttachment.position",
        cascade="all, delete-orphan",
    )

    @property
    def rendered(self) -> bool:
        return self.rendered_at is not None

    def erase_bodies(self, moment: datetime) -> None:
        """The mail's retention has ended (or its person is erased): what it said and to whom
        goes; status, dates and ids stay."""
        self.subject_line = self.body_text = self.body_html = None
        self.recipient_name = self.recipient_email = None
        self.attachments = []
        self.bodies_erased_at = moment

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

    def withdraw(self, reason: str, moment: datetime) -> bool:
        """Take back a message that has not reached its recipient; False when too late."""
        if self.status not in OPEN:
            return False
        self.status = MessageStatus.WITHDRAWN
        self.withdrawn_at, self.withdrawn_reason = moment, reason[:255]
        self.next_attempt_at = None
        # the key is free again: the same occasion may bring a new, true letter
        self.idempotency_key = f"{self.idempotency_key[:230]}#ingetrokken:{self.id}"
        return True


class OutboxAttachment(Base):
    """A part after the text and HTML of a message (an .ics invitation, a PDF letter), as
    rendered when the message was queued."""

    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")
