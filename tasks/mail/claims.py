"""The outbox rows' life cycle in the database: claim, record, give back, back off.

pending / temporary_failure (due) --claim--> sending --outcome--> delivered
                                                                  temporary_failure (backoff)
                                                                  permanent_failure
A claim is a lease: `next_attempt_at` of a row in `sending` is when the lease ends. A row left
in `sending` by a killed run is due again once its lease has ended, so nothing is lost; the
clock is the project's clock, so a test jumps past the lease with WIJKRAAD_NOW.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from models import OutboxMessage
from models.enums import MessageStatus
from tasks.adapters.settings import Settings
from tasks.mail.transport import Outcome, Verdict

M = OutboxMessage


def retry_delay(settings: Settings, attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: base, 2 x base, 4 x base, ... up to the cap."""
    minutes = settings.mail_retry_base_minutes * 2 ** max(attempts - 1, 0)
    return timedelta(minutes=min(minutes, settings.mail_retry_max_minutes))


def retry_window_used(settings: Settings, attempts: int) -> timedelta:
    """How long the backoff has waited in total before attempt n+1 (no row needs a first-try
    timestamp: the schedule is deterministic)."""
    return sum((retry_delay(settings, n) for n in range(1, attempts + 1)), timedelta())


def due_condition(now: datetime) -> Any:
    return or_(
        and_(
            M.status.in_((MessageStatus.PENDING, MessageStatus.TEMPORARY_FAILURE)),
            or_(M.next_attempt_at.is_(None), M.next_attempt_at <= now),
        ),
        and_(M.status == MessageStatus.SENDING, M.next_attempt_at <= now),
    )


def claim(session: Session, settings: Settings, now: datetime, limit: int) -> list[int]:
    """Mark up to `limit` due rows as `sending` for this run and return their ids, oldest first.

    One UPDATE ... RETURNING whose WHERE repeats the due test: two runs at once never claim
    the same row (PostgreSQL skips rows another run has locked; SQLite serialises writers).
    The candidates are a materialised CTE: as a plain IN (subquery ... LIMIT n SKIP LOCKED),
    PostgreSQL may run the subquery more than once and claim more than n rows.
    """
    candidates = (
        select(M.id)
        .where(due_condition(now))
        .order_by(M.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("due")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    lease = now + timedelta(minutes=settings.mail_sending_lease_minutes)
    statement = (
        update(M)
        .where(M.id.in_(select(candidates.c.id)), due_condition(now))
        .values(status=MessageStatus.SENDING, attempts=M.attempts + 1, next_attempt_at=lease)
        .returning(M.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(session.scalars(statement))


def release(session: Session, ids: Sequence[int], now: datetime) -> None:
    """Give claimed but unsent rows back (a run that stops early), without counting a try."""
    if not ids:
        return
    session.execute(
        update(M)
        .where(M.id.in_(ids), M.status == MessageStatus.SENDING)
        .values(status=MessageStatus.PENDING, attempts=M.attempts - 1, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )


RECORDED = ("status", "sent_at", "next_attempt_at", "message_id", "last_error")


def row_values(
    settings: Settings, outcome: Outcome, attempts: int, msgid: str | None, now: datetime
) -> dict[str, Any]:
    """The new column values of one row after an attempt."""
    if outcome.verdict is Verdict.DELIVERED:
        return {
            "id": outcome.pk,
            "status": MessageStatus.DELIVERED,
            "sent_at": now,
            "next_attempt_at": None,
            "message_id": msgid,
            "last_error": None,
        }
    window = timedelta(hours=settings.mail_retry_hours)
    if outcome.verdict is Verdict.TEMPORARY and retry_window_used(settings, attempts) < window:
        return {
            "id": outcome.pk,
            "status": MessageStatus.TEMPORARY_FAILURE,
            "sent_at": None,
            "next_attempt_at": now + retry_delay(settings, attempts),
            "message_id": msgid,
            "last_error": outcome.detail,
        }
    detail = outcome.detail
    if outcome.verdict is Verdict.TEMPORARY:
        detail = f"opgegeven na {attempts} pogingen; laatste antwoord: {outcome.detail}"
    return {
        "id": outcome.pk,
        "status": MessageStatus.PERMANENT_FAILURE,
        "sent_at": None,
        "next_attempt_at": None,
        "message_id": msgid,
        "last_error": detail,
    }


_TABLE = cast(Table, M.__table__)
RECORD = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("pk"), _TABLE.c.status == MessageStatus.SENDING)
    .values({name: bindparam(name) for name in RECORDED})
)


def record(
    connection: Connection,
    settings: Settings,
    outcomes: Sequence[tuple[Outcome, int, str | None]],
    now: datetime,
) -> None:
    """Write the outcomes of many attempts in one executemany (a Core statement: this runs
    once per group commit on the sending path, where the ORM's bulk update costs too much).
    Only rows still in `sending` change: a row given back or already recorded is left alone."""
    if outcomes:
        rows = [row_values(settings, o, attempts, msgid, now) for o, attempts, msgid in outcomes]
        connection.execute(RECORD, [{"pk": r.pop("id"), **r} for r in rows])
