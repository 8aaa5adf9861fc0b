"""One-time form keys: a form carries a random key; the first submission that takes effect
claims it in its own transaction, a second submission of the same form finds it claimed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import FormKey
from tasks.adapters import signing
from tasks.adapters.clock import now

KEEP = timedelta(days=2)  # a form left open longer than this may take effect a second time


def claim(session: Session, key: str) -> bool:
    """True the first time (the key is recorded with the caller's work); False once used. Two
    claims at the same moment: the second's commit fails on the key (the caller retries)."""
    digest = signing.digest("form:" + key)
    if session.scalar(select(FormKey.key_digest).where(FormKey.key_digest == digest)):
        return False
    session.add(FormKey(key_digest=digest, used_at=now()))
    session.flush()
    return True


def forget_old(session: Session) -> int:
    result = session.execute(delete(FormKey).where(FormKey.used_at < now() - KEEP))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
