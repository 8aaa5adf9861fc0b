"""The accounts of the web page, for `wijkraad users list` (never their password hashes)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Account
from models.account import ROLE_LABELS


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
