"""Rate limits of the public pages: hits per key (a client address, an email address) in a
fixed window, counted in the database so that every process of the web page shares them."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import timedelta

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


HOUR = timedelta(hours=1)
FORM_PER_ADDRESS = Limit("aanmelden-adres", 20, HOUR)
FORM_PER_EMAIL = Limit("aanmelden-email", 3, HOUR)
CONFIRM_PER_ADDRESS = Limit("bevestigen-adres", 30, HOUR)
CONFIRM_PER_EMAIL = Limit("bevestigen-email", 10, HOUR)
COMMITTEE_PER_ADDRESS = Limit("commissie-adres", 120, HOUR)


def key_digest(limit: Limit, value: str) -> str:
    return hashlib.sha256(f"{limit.name}:{value.strip().lower()}".encode()).hexdigest()


def hit(limit: Limit, value: str) -> None:
    """Count one attempt (its own transaction: it counts even when the attempt fails);
    Throttled when the window already holds `limit.hits` of them."""
    for attempt in range(2):
        try:
            _hit(limit, key_digest(limit, value))
            return
        except IntegrityError:  # another process created the same key at the same moment
            if attempt:
                raise


def _hit(limit: Limit, digest: str) -> None:
    moment = now()
    with db.session_scope() as session:
        row = session.scalar(
            select(PublicThrottle).where(PublicThrottle.key_digest == digest).with_for_update()
        )
        if row is None:
            session.add(PublicThrottle(key_digest=digest, window_started_at=moment, hits=1))
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
