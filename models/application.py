"""A resident's own application through the public page, before and after its confirmation.

An application becomes a candidate only when the resident confirms it from the link in the mail
(a single-use token, valid for a limited time). The row holds the personal data only while it
waits: on confirmation (or refusal) those fields are emptied, the candidate carries them on;
an unconfirmed application is deleted when it expires. The token itself is never stored, only
its SHA-256 digest.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.errors import DomainError

CONFIRMATION_VALID = timedelta(hours=72)


class Application(Base):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    token_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    nonce: Mapped[str] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    postcode: Mapped[str | None] = mapped_column(String(6))
    house_number: Mapped[str | None] = mapped_column(String(16))
    motivation: Mapped[str | None] = mapped_column(Text)
    politically_active: Mapped[bool] = mapped_column(Boolean, default=False)
    municipal_employee: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime)  # its confirmation mail
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    refused_at: Mapped[datetime | None] = mapped_column(DateTime)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"))

    @property
    def handled(self) -> bool:
        """Confirmed or refused: its link has been used."""
        return self.confirmed_at is not None or self.refused_at is not None

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def forget_personal_data(self) -> None:
        """After its confirmation or refusal nothing personal stays here."""
        self.name = self.email = self.postcode = self.house_number = self.motivation = None
        self.politically_active = self.municipal_employee = False


class PublicThrottle(Base):
    """Hits of one client address or one email address on a public form, per fixed window.
    The key is a SHA-256 digest: the table names no address."""

    __tablename__ = "public_throttles"

    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_started_at: Mapped[datetime] = mapped_column(DateTime)
    hits: Mapped[int] = mapped_column(Integer, default=0)


class FormKey(Base):
    """A one-time key a form carried, once it took effect: the same form sent twice (a double
    click, a resend) finds its key used and changes nothing. The key is stored as a digest."""

    __tablename__ = "form_keys"

    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(DateTime)


class Throttled(DomainError):
    """Too many attempts from one address or for one email address: try again later."""

    code = "throttled"

    def __init__(self, retry_after: int) -> None:
        super().__init__("U heeft dit te vaak geprobeerd. Probeer het later opnieuw.", hint="later")
        self.retry_after = retry_after
