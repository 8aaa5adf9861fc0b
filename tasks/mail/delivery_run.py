"""The database side of a delivery run: its engine, sessions and group commits.

A worker waits for the commit of its previous outcome before it sends again (that bounds
duplicates after a crash), so commit latency is on the sending path; see `delivery_engine`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.adapters.settings import Settings, get_settings
from tasks.mail import claims as outbox_claims
from tasks.mail.message import message_id
from tasks.mail.transport import Outcome

if TYPE_CHECKING:
    from models import OutboxMessage

T = TypeVar("T")


@dataclass(frozen=True)
class Run:
    """What one delivery run reads once: the settings and a session factory.

    (tasks.db.session_scope reads the settings afresh for every session, which costs more than
    sending a message; a run opens a session per chunk and per group commit.)
    """

    settings: Settings
    sessions: sessionmaker[Session]

    @classmethod
    def start(cls) -> Run:
        settings = get_settings()
        engine = delivery_engine(settings.resolved_database_url)
        return cls(settings, sessionmaker(bind=engine, expire_on_commit=False))

    @property
    def engine(self) -> Engine:
        return self.sessions.kw["bind"]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work, as tasks.db.session_scope."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


@lru_cache(maxsize=4)
def delivery_engine(url: str) -> Engine:
    """The engine of delivery runs; on SQLite a database in write-ahead-log mode.

    A worker waits for the commit of its previous outcome before it sends again (that bounds
    duplicates after a crash), so commit latency is on the sending path. In SQLite's default
    rollback journal a commit costs two fsyncs (~10 ms here) and any reader blocks it. In WAL
    mode (a property of the database file, which stays) readers never block it, and with
    synchronous=NORMAL, set on these connections only, it needs no fsync: a commit survives a
    killed process but may be lost with a power failure, which at worst sends those few
    messages again. The database itself stays consistent either way.
    """
    if not url.startswith("sqlite"):
        return db.engine_for(url)
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_connection)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    return engine


def _sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    """As tasks.db's SQLite recipe, plus write-ahead logging without an fsync per commit."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "foreign_keys=ON",
        "busy_timeout=10000",
        "journal_mode=WAL",
        "synchronous=NORMAL",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, also when the caller's thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = asyncio.run(coroutine)
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, name="mail-delivery")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["result"]


class Counter(Protocol):
    """What the recorder reports each committed outcome to (the run's DeliveryReport)."""

    def count(self, outcome: Outcome) -> None: ...


class Recorder:
    """Group commit: the outcomes that arrived since the last commit are written together.

    The write runs on the event loop itself: a commit of a few rows (WAL on SQLite, about a
    millisecond on PostgreSQL) costs less than handing it to a thread, whose CPU would compete
    with the sockets for the interpreter.
    """

    def __init__(self, run: Run, report: Counter) -> None:
        self.run = run
        self.report = report
        self.attempts: dict[int, int] = {}
        self.msgids: dict[int, str] = {}
        self.waiting: list[tuple[Outcome, asyncio.Future[None]]] = []
        self.wake = asyncio.Event()
        self.closing = False
        self.connection: Connection | None = None  # one for the run: no checkout per commit

    def expect(self, rows: list[OutboxMessage]) -> None:
        mail_from = self.run.settings.mail_from
        for row in rows:
            self.attempts[row.id] = row.attempts
            self.msgids[row.id] = message_id(row.id, row.idempotency_key, mail_from)

    async def record(self, outcome: Outcome) -> None:
        await self.submit(outcome)

    def submit(self, outcome: Outcome) -> asyncio.Future[None]:
        """Queue an outcome for the next group commit; the future is done once committed."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append((outcome, done))
        self.wake.set()
        return done

    def unrecorded(self) -> list[int]:
        return list(self.attempts)

    async def serve(self) -> None:
        while not (self.closing and not self.waiting):
            await self.wake.wait()
            self.wake.clear()
            batch, self.waiting = self.waiting, []
            if not batch:
                continue
            try:
                self._write([o for o, _ in batch])
            except BaseException as exc:
                for _, done in batch:
                    done.set_exception(exc)
                raise
            for _, done in batch:
                done.set_result(None)

    def _write(self, outcomes: list[Outcome]) -> None:
        rows = [(o, self.attempts[o.pk], self.msgids.get(o.pk)) for o in outcomes]
        if self.connection is None:
            self.connection = self.run.engine.connect()
        with self.connection.begin():
            outbox_claims.record(self.connection, self.run.settings, rows, now())
        for outcome in outcomes:
            self.attempts.pop(outcome.pk, None)
            self.report.count(outcome)

    def close(self) -> None:
        self.closing = True
        self.wake.set()

    def release(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
