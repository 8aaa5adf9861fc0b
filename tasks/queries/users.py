"""The accounts of the web page, for `wijkraad users list` (never their password hashes)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Account
from models.account import ROLE_LABELS, AccountRole
from models.errors import DomainError


def accounts(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "email": a.email,
            "name": a.name,
            "role": a.role.value,
            "role_label": ROLE_LABELS[a.role],
            "disabled": a.disabled,
            "created_at": a.created_at,
            "last_login_at": a.last_login_at,
        }
        for a in session.scalars(select(Account).order_by(Account.id))
    ]


def active_account_email(session: Session, email: str) -> str:
    """The e-mail address of the active coördinator account `email` (case aside), the actor of
    what a person does on the command line; refused for an unknown, disabled or read-only one."""
    wanted = email.strip().lower()
    account = session.scalar(select(Account).where(func.lower(Account.email) == wanted))
    if account is None:
        raise DomainError(
            f"WIJKRAAD_USER noemt {wanted}, maar er is geen account met dat adres; maak het aan "
            "of laat WIJKRAAD_USER weg.",
            code="unknown_user",
        )
    if account.disabled:
        raise DomainError(
            f"Het account {account.email} (WIJKRAAD_USER) is uitgeschakeld.", code="unknown_user"
        )
    if account.role != AccountRole.COORDINATOR:
        raise DomainError(
            f"Het account {account.email} (WIJKRAAD_USER) is een {ROLE_LABELS[account.role]} "
            "en kan niets wijzigen.",
            code="unknown_user",
        )
    return account.email
