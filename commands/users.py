"""Accounts of the web page: add one, disable one. Each command takes one frozen input, validates
it, writes in its own transaction with an audit event, and returns a typed result."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from models import Account, AuditEvent, WebSession, validation
from models.account import MIN_PASSWORD_LENGTH, AccountRole
from models.enums import Actor
from models.errors import InvalidInput, NotFound
from tasks.adapters.clock import now
from tasks.adapters.db import session_scope
from tasks.adapters.passwords import hash_password


@dataclass(frozen=True)
class AddUser:
    email: str
    name: str
    role: str
    password: str
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class UserAdded:
    id: int
    email: str
    role: AccountRole


@dataclass(frozen=True)
class DisableUser:
    email: str
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class UserDisabled:
    id: int
    email: str
    sessions_ended: int


def _role(value: str) -> AccountRole:
    try:
        return AccountRole((value or "").strip().lower())
    except ValueError:
        allowed = " of ".join(r.value for r in AccountRole)
        raise InvalidInput(f"'{value}' is geen rol (kies {allowed}).", field="role") from None


def password(value: str) -> str:
    """At least MIN_PASSWORD_LENGTH characters; spaces count (a passphrase is welcome)."""
    if len(value or "") < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.",
            field="password",
        )
    if len(value) > 1024:
        raise InvalidInput("is langer dan 1024 tekens.", field="password")
    return value


def _audit(action: str, account: Account, actor: str) -> AuditEvent:
    return AuditEvent(
        at=now(), actor=actor, action=action, subject_type="account", subject_id=account.id
    )


def add_user(data: AddUser) -> UserAdded:
    email = validation.email(data.email).lower()
    name = validation.name(data.name)
    role = _role(data.role)
    password_hash = hash_password(password(data.password))
    with session_scope() as session:
        if session.scalar(select(Account.id).where(Account.email == email)) is not None:
            raise InvalidInput(f"er is al een account voor {email}.", field="email")
        account = Account(
            email=email,
            name=name,
            role=role,
            password_hash=password_hash,
            disabled=False,
            created_at=now(),
        )
        session.add(account)
        session.flush()
        session.add(_audit("account_added", account, data.actor))
        return UserAdded(id=account.id, email=email, role=role)


def disable_user(data: DisableUser) -> UserDisabled:
    """Disable an account and end its sessions at once. Disabling twice changes nothing."""
    email = (data.email or "").strip().lower()
    with session_scope() as session:
        account = session.scalar(select(Account).where(Account.email == email))
        if account is None:
            raise NotFound(f"er is geen account voor '{data.email}'.", field="email")
        ended = 0
        if not account.disabled:
            moment = now()
            account.disabled = True
            account.disabled_at = moment
            result = session.execute(
                update(WebSession)
                .where(WebSession.account_id == account.id, WebSession.ended_at.is_(None))
                .values(ended_at=moment)
            )
            ended = int(getattr(result, "rowcount", 0) or 0)
            session.add(_audit("account_disabled", account, data.actor))
        return UserDisabled(id=account.id, email=account.email, sessions_ended=ended)
