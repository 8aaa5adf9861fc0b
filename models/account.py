"""Accounts of the web page, their sessions and the login throttle.

An account is a person of the municipality who logs in: a wijkcoördinator (changes things) or a
lezer (reads everything, changes nothing). Passwords are stored as Argon2 hashes only; session
tokens and throttle keys as SHA-256 digests, so the table leaks neither.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_column

MIN_PASSWORD_LENGTH = 12
IDLE_TIMEOUT = timedelta(minutes=30)
LIFETIME = timedelta(hours=8)  # a session ends this long after the login, however active
FREE_FAILURES = 5  # failed logins before an (account, address) or an address is slowed down
ACCOUNT_ALARM = 20  # failed logins for one account within the hour, from anywhere: an alarm
MAX_DELAY = timedelta(minutes=15)


class AccountRole(StrEnum):
    COORDINATOR = "coordinator"
    LEZER = "lezer"
    BEHEERDER = "beheerder"  # a coördinator who also adds and disables accounts


CHANGING_ROLES = frozenset({AccountRole.COORDINATOR, AccountRole.BEHEERDER})


ROLE_LABELS: dict[AccountRole, str] = {
    AccountRole.COORDINATOR: "wijkcoördinator",
    AccountRole.LEZER: "lezer",
    AccountRole.BEHEERDER: "beheerder",
}


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[AccountRole] = mapped_column(enum_column(AccountRole, "account_role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def can_change(self) -> bool:
        return self.role in CHANGING_ROLES and not self.disabled

    @property
    def manages_accounts(self) -> bool:
        return self.role == AccountRole.BEHEERDER and not self.disabled


class WebSession(Base):
    """A logged-in browser. The cookie holds a random token; the row holds its digest."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)

    account: Mapped[Account] = relationship()

    def active_at(self, now: datetime) -> bool:
        """Not ended, used within the idle timeout, and younger than its lifetime."""
        return (
            self.ended_at is None
            and now - self.last_seen_at <= IDLE_TIMEOUT
            and now - self.created_at <= LIFETIME
        )


class LoginThrottle(Base):
    """Failed logins per key: an address typed (account, known or not) with a client address,
    a client address, or an address typed alone (counted, never slowing anyone down).

    The key is a digest of "pair:<email>\n<ip>", "address:<ip>" or "account:<email>"; an
    unknown address is throttled like a known one, so the throttle does not tell which accounts
    exist.
    """

    __tablename__ = "login_throttles"

    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime)

    def blocked_until(self) -> datetime | None:
        """After FREE_FAILURES failures each next try waits twice as long (2 s, 4 s, ...)."""
        over = self.failures - FREE_FAILURES
        if over < 0:
            return None
        delay = min(timedelta(seconds=2 ** min(over + 1, 20)), MAX_DELAY)
        return self.last_failure_at + delay
