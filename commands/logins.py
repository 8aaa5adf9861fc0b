"""Logging in and out of the web page, and recognising a session on each request.

The same refusal for an unknown address, a disabled account and a wrong password. Failures are
counted per (address typed, client address) and per client address; after FREE_FAILURES each
next try of that pair or from that client address has to wait (2 s, 4 s, 8 s, ... at most 15
minutes) and is refused until then without checking the password. So a wrong guess slows that
account from that client address only: whoever guesses elsewhere cannot lock the owner out.
Failures per account are counted too, from all client addresses together, without slowing
anyone: at ACCOUNT_ALARM within the hour they are audited and mailed to the account's owner and
the beheerders (none: the coördinator's address). Failures older than an hour are forgotten.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Account, AuditEvent, LoginThrottle, WebSession
from models.account import ACCOUNT_ALARM, CHANGING_ROLES, IDLE_TIMEOUT, LIFETIME, AccountRole
from models.enums import Actor
from models.errors import DomainError
from tasks.adapters.clock import now
from tasks.adapters.db import engine, session_scope
from tasks.adapters.passwords import verify, verify_unknown
from tasks.mail import outbox
from tasks.queries.reading import reading

FORGET_AFTER = timedelta(hours=1)
TOUCH_EVERY = timedelta(seconds=60)  # last-seen is written at most once a minute per session
REFUSED = "Het e-mailadres of het wachtwoord klopt niet."


class LoginRefused(DomainError):
    code = "login_refused"

    def __init__(self) -> None:
        super().__init__(REFUSED)


class LoginThrottled(DomainError):
    code = "login_throttled"

    def __init__(self, seconds: int) -> None:
        super().__init__(f"Te veel mislukte pogingen. Probeer het over {seconds} seconden opnieuw.")
        self.retry_after = seconds


@dataclass(frozen=True)
class LogIn:
    email: str
    password: str
    client_address: str


@dataclass(frozen=True)
class SessionView:
    """Who is logged in on a session, as a door needs it."""

    account_id: int
    email: str
    name: str
    role: AccountRole
    csrf_token: str

    @property
    def can_change(self) -> bool:
        return self.role in CHANGING_ROLES

    @property
    def manages_accounts(self) -> bool:
        return self.role == AccountRole.BEHEERDER


@dataclass(frozen=True)
class LoggedIn:
    token: str  # for the cookie only; the database keeps its digest
    session: SessionView


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Keys:
    """The throttle keys of one attempt: the two that slow it down, and the account's count."""

    pair: str
    address: str
    account: str

    @property
    def slowing(self) -> list[str]:
        return [self.pair, self.address]


def _keys(data: LogIn) -> Keys:
    email = (data.email or "").strip().lower()
    address = data.client_address or "unknown"
    return Keys(
        pair=digest(f"pair:{email}\n{address}"),
        address=digest("address:" + address),
        account=digest("account:" + email),
    )


def _throttles(session: Session, keys: list[str]) -> list[LoginThrottle]:
    return list(session.scalars(select(LoginThrottle).where(LoginThrottle.key_digest.in_(keys))))


def _wait(throttles: list[LoginThrottle], moment: datetime) -> int:
    waits = [
        (until - moment).total_seconds()
        for t in throttles
        if moment - t.last_failure_at < FORGET_AFTER
        and (until := t.blocked_until()) is not None
        and until > moment
    ]
    return int(max(waits) + 0.999) if waits else 0


def _record_failure(keys: Keys, moment: datetime) -> int:
    """Count the failure under every key; returns the account's failures within the hour."""
    every = [keys.pair, keys.address, keys.account]
    for attempt in range(3):  # a parallel failure may insert the same key first
        try:
            with session_scope() as session:
                found = {t.key_digest: t for t in _throttles(session, every)}
                for key in every:
                    row = found.get(key)
                    if row is None:
                        row = LoginThrottle(key_digest=key, failures=1, last_failure_at=moment)
                        session.add(row)
                        found[key] = row
                    else:
                        fresh = moment - row.last_failure_at < FORGET_AFTER
                        row.failures = row.failures + 1 if fresh else 1
                        row.last_failure_at = moment
                return found[keys.account].failures
        except IntegrityError:
            if attempt == 2:
                raise
    return 0


ALARM_ACTION = "login_failures"


def _alarm(email: str, failures: int, moment: datetime) -> None:
    """Many failures for one account: audited, and mailed to its owner and to every beheerder
    (no beheerder account yet: to the coördinator's address)."""
    with session_scope() as session:
        account = session.scalar(select(Account).where(Account.email == email))
        if account is None:
            return  # an address nobody has: nobody to tell, and nothing to audit
        session.add(
            AuditEvent(
                at=moment,
                actor=Actor.SYSTEM,
                action=ALARM_ACTION,
                reason=f"{failures} mislukte inlogpogingen binnen een uur",
                subject_type="account",
                subject_id=account.id,
            )
        )
        beheerders = session.scalars(
            select(Account.id).where(
                Account.role == AccountRole.BEHEERDER, Account.disabled.is_(False)
            )
        ).all()
        context = {"account_id": account.id, "failures": failures}
        recipients = sorted({account.id, *beheerders})
        for recipient in recipients:
            outbox.enqueue(
                session,
                template=ALARM_TEMPLATE,
                subject=f"account:{account.id}",
                occasion=f"{moment:%Y-%m-%dT%H:%M}:{recipient}",
                role=outbox.ACCOUNT,
                context=context | {"recipient_account_id": recipient},
            )
        if not beheerders:
            outbox.enqueue(
                session,
                template=ALARM_TEMPLATE,
                subject=f"account:{account.id}",
                occasion=f"{moment:%Y-%m-%dT%H:%M}",
                role=outbox.COORDINATOR,
                context=context,
            )


ALARM_TEMPLATE = "inlogpogingen"


def _view(account: Account, csrf_token: str) -> SessionView:
    return SessionView(account.id, account.email, account.name, account.role, csrf_token)


def log_in(data: LogIn) -> LoggedIn:
    """The password is checked between two transactions, not inside one: an Argon2 check takes
    tens of milliseconds (far more when twenty people log in at once), and on SQLite a unit of
    work holds the whole database's write lock, so every other write (an application, a
    worker's step) waited for each login. What was checked is checked again when the session is
    written: a password changed or an account disabled meanwhile is refused."""
    moment = now()
    keys = _keys(data)
    email = (data.email or "").strip().lower()
    with reading() as session:
        wait = _wait(_throttles(session, keys.slowing), moment)
        if wait:
            raise LoginThrottled(wait)
        found = session.execute(
            select(Account.id, Account.password_hash).where(Account.email == email)
        ).first()
    if found is None:
        ok = verify_unknown(data.password or "")
    else:
        ok = verify(found.password_hash, data.password or "")
    if ok and found is not None:
        with session_scope() as session:
            account = session.get(Account, found.id)
            if (
                account is not None
                and account.password_hash == found.password_hash
                and not account.disabled
            ):
                token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
                session.add(
                    WebSession(
                        token_digest=digest(token),
                        account_id=account.id,
                        csrf_token=csrf,
                        created_at=moment,
                        last_seen_at=moment,
                    )
                )
                account.last_login_at = moment
                for throttle in _throttles(session, [keys.pair]):  # this pair starts over
                    session.delete(throttle)
                return LoggedIn(token, _view(account, csrf))
    if _record_failure(keys, moment) == ACCOUNT_ALARM:
        _alarm(email, ACCOUNT_ALARM, moment)
    raise LoginRefused()


def current(token: str | None) -> SessionView | None:
    """The session of this cookie, if it is active (used within the idle timeout, younger than
    its lifetime); its last-seen time moves on.

    Every request of the page asks this, so it is one indexed read; it writes only when the
    session ends (idle, disabled) or its last-seen time is a minute old.
    """
    if not token:
        return None
    moment = now()
    key = digest(token)
    with engine().connect() as connection:
        row = connection.execute(
            select(
                WebSession.id,
                WebSession.csrf_token,
                WebSession.last_seen_at,
                WebSession.ended_at,
                WebSession.created_at,
                Account.id,
                Account.email,
                Account.name,
                Account.role,
                Account.disabled,
            )
            .join(Account, WebSession.account_id == Account.id)
            .where(WebSession.token_digest == key)
        ).first()
        connection.rollback()
    if row is None or row[3] is not None:
        return None
    session_id, csrf, last_seen, _ended, created, account_id, email, name, role, disabled = row
    if disabled or moment - last_seen > IDLE_TIMEOUT or moment - created > LIFETIME:
        _write(session_id, ended_at=moment)
        return None
    if moment - last_seen >= TOUCH_EVERY:
        _write(session_id, last_seen_at=moment)
    return SessionView(account_id, email, name, AccountRole(role), csrf)


def _write(session_id: int, **values: datetime) -> None:
    with session_scope() as session:
        session.execute(update(WebSession).where(WebSession.id == session_id).values(**values))


def log_out(token: str | None) -> None:
    if not token:
        return
    with session_scope() as session:
        session.execute(
            update(WebSession)
            .where(WebSession.token_digest == digest(token), WebSession.ended_at.is_(None))
            .values(ended_at=now())
        )
