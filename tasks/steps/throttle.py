"""Rate limits of the public pages: hits per key (a client address, an email address) in a
fixed window, counted in the database so that every process of the web page shares them."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import PublicThrottle
from models.application import Throttled
from tasks.adapters import db
from tasks.adapters.clock import now


@dataclass(frozen=True)
class Limit:
    name: str
    hits: int
    window: timedelta


T = TypeVar("T")
HOUR = timedelta(hours=1)
FORM_PER_ADDRESS = Limit("aanmelden-adres", 20, HOUR)
FORM_PER_EMAIL = Limit("aanmelden-email", 3, HOUR)
CONFIRM_PER_ADDRESS = Limit("bevestigen-adres", 30, HOUR)
CONFIRM_PER_EMAIL = Limit("bevestigen-email", 10, HOUR)
COMMITTEE_PER_ADDRESS = Limit("commissie-adres", 120, HOUR)


def key_digest(limit: Limit, value: str) -> str:
    return hashlib.sha256(f"{limit.name}:{value.strip().lower()}".encode()).hexdigest()


def hit(limit: Limit, value: str) -> None:
    """Count one attempt in its own transaction (it counts even when the attempt fails);
    Throttled when the window already holds `limit.hits` of them."""

    def unit() -> None:
        with db.session_scope() as session:
            hit_in(session, limit, value)

    retrying(unit)


def retrying(unit: Callable[[], T]) -> T:
    """Run a unit of work that counts a hit; once more when another process created the same
    key at the same moment (the unique key refused the second row)."""
    try:
        return unit()
    except IntegrityError:
        return unit()


def hit_in(session: Session, limit: Limit, value: str) -> None:
    """Count one attempt in the caller's transaction. Refused, it writes nothing (so a caller
    may combine it with its own work without losing a count that matters)."""
    moment = now()
    digest = key_digest(limit, value)
    row = session.scalar(
        select(PublicThrottle).where(PublicThrottle.key_digest == digest).with_for_update()
    )
    if row is None:
        session.add(PublicThrottle(key_digest=digest, window_started_at=moment, hits=1))
        session.flush()
        return
    if moment - row.window_started_at >= limit.window:
        row.window_started_at, row.hits = moment, 1
        return
    if row.hits >= limit.hits:
        left = limit.window - (moment - row.window_started_at)
        raise Throttled(retry_after=max(1, math.ceil(left.total_seconds())))
    row.hits += 1


def forget_old(session: Session, before: timedelta = timedelta(days=1)) -> int:
    """Windows that ended long ago count for nothing: delete them."""
    result = session.execute(
        delete(PublicThrottle).where(PublicThrottle.window_started_at < now() - before)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
