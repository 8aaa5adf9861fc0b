"""Delivering the outbox: claim due rows, render them, send them with bounded concurrency.

One run: a producer claims due rows in chunks and renders them (in a thread: the database is
synchronous); `mail_concurrency` workers each keep one SMTP connection (or write pickup files
when no SMTP host is set) and send; a recorder writes the outcomes in group commits.

A worker sends its next message only after the outcome of its previous one is committed. So
when the process is killed, at most `mail_concurrency` messages can have been accepted by the
server without the outbox knowing it: those, and only those, may be sent a second time (with
the same Message-ID). Rows claimed but not sent go back to `pending` when a run stops on an
error or Ctrl-C; after SIGKILL they are due again when their lease ends.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from jinja2 import TemplateError
from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session, sessionmaker

from models import OutboxMessage
from models.clock import now
from models.errors import DomainError
from tasks import db, outbox_claims
from tasks.mail_message import build, message_id
from tasks.mail_render import preload, render_message
from tasks.mail_transport import Outcome, Outgoing, PickupWorker, SmtpWorker, Verdict
from tasks.settings import Settings, get_settings

SENDER_NAME = "Gemeente Oss - wijk- en dorpsraden"
CHUNK = 200
T = TypeVar("T")


class Worker(Protocol):
    async def send(self, item: Outgoing) -> Outcome: ...

    async def close(self) -> None: ...


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


@dataclass
class DeliveryReport:
    """Counts only: this is what a flow returns and logs."""

    claimed: int = 0
    delivered: int = 0
    temporary_failure: int = 0
    permanent_failure: int = 0

    def count(self, outcome: Outcome) -> None:
        if outcome.verdict is Verdict.DELIVERED:
            self.delivered += 1
        elif outcome.verdict is Verdict.TEMPORARY:
            self.temporary_failure += 1
        else:
            self.permanent_failure += 1

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def deliver_due(limit: int | None = None) -> DeliveryReport:
    """Send every due message (at most `limit`) once; return the counts."""
    run = Run.start()
    return _run_sync(_deliver(run, limit))


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


def _run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
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


class Chunk:
    """Claimed rows with what they name, loaded in one session that stays open while the
    workers render them (the session's identity map holds them; `loaded` keeps them alive)."""

    def __init__(self, session: Session, rows: list[OutboxMessage], loaded: list[Any]) -> None:
        self.session = session
        self.rows = rows
        self.loaded = loaded
        self.open = len(rows)

    def rendered_one(self) -> None:
        self.open -= 1
        if self.open == 0:
            self.session.close()
            self.loaded.clear()


def prepare(run: Run, size: int) -> Chunk | None:
    """Claim up to `size` due rows (one commit) and load them and what they name.

    Runs in a thread (database I/O); the rendering happens in the workers, on the event loop,
    so that no second thread competes with the sockets for the interpreter.
    """
    with run.session() as session:
        ids = outbox_claims.claim(session, run.settings, now(), size)
    if not ids:
        return None
    session = run.sessions()
    try:
        query = select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
        rows = list(session.scalars(query))
        return Chunk(session, rows, preload(session, rows))
    except BaseException:
        session.close()
        raise


def outgoing(run: Run, chunk: Chunk, row: OutboxMessage, msgid: str) -> Outgoing | Outcome:
    """The message ready to send, or a permanent failure when it cannot be rendered."""
    settings = run.settings
    try:
        mail = render_message(chunk.session, row, settings)
        data = build(
            mail, sender=settings.mail_from, sender_name=SENDER_NAME, msgid=msgid, at=now()
        )
    except (TemplateError, NoResultFound, DomainError, LookupError, ValueError) as exc:
        detail = f"bericht kan niet worden opgemaakt: {type(exc).__name__}: {exc}"
        return Outcome(row.id, Verdict.PERMANENT, detail[:2000])
    finally:
        chunk.rendered_one()
    return Outgoing(
        pk=row.id,
        template=row.template,
        sender=settings.mail_from,
        recipient=mail.to.email.strip(),
        msgid=msgid,
        data=data,
    )


@dataclass(frozen=True)
class Job:
    row: OutboxMessage
    chunk: Chunk


class Recorder:
    """Group commit: outcomes that arrive while a commit runs go into the next one."""

    def __init__(self, run: Run, report: DeliveryReport) -> None:
        self.run = run
        self.report = report
        self.attempts: dict[int, int] = {}
        self.msgids: dict[int, str] = {}
        self.waiting: list[tuple[Outcome, asyncio.Future[None]]] = []
        self.wake = asyncio.Event()
        self.closing = False
        self.connection: Connection | None = None  # one for the run: no checkout per commit

    def expect(self, chunk: Chunk) -> None:
        mail_from = self.run.settings.mail_from
        for row in chunk.rows:
            self.attempts[row.id] = row.attempts
            self.msgids[row.id] = message_id(row.id, row.idempotency_key, mail_from)

    async def record(self, outcome: Outcome) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append((outcome, done))
        self.wake.set()
        await done

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


def make_worker(settings: Settings) -> Worker:
    if settings.smtp_host:
        return SmtpWorker(settings)
    return PickupWorker(settings.mail_dir)


async def _deliver(run: Run, limit: int | None) -> DeliveryReport:
    settings = run.settings
    report = DeliveryReport()
    recorder = Recorder(run, report)
    queue: asyncio.Queue[Job | None] = asyncio.Queue(maxsize=CHUNK)
    count = settings.mail_concurrency if settings.smtp_host else 1
    recording = asyncio.create_task(recorder.serve())
    sending = [
        asyncio.create_task(_work(run, make_worker(settings), queue, recorder))
        for _ in range(count)
    ]
    sending.append(asyncio.create_task(_produce(run, limit, queue, recorder, report, count)))
    try:
        await asyncio.gather(*sending)
        recorder.close()
        await recording
    finally:
        for task in [*sending, recording]:
            task.cancel()
        await asyncio.gather(*sending, recording, return_exceptions=True)
        recorder.release()
        _give_back(run, recorder.unrecorded())
    return report


async def _produce(
    run: Run,
    limit: int | None,
    queue: asyncio.Queue[Job | None],
    recorder: Recorder,
    report: DeliveryReport,
    workers: int,
) -> None:
    remaining = limit
    while remaining is None or remaining > 0:
        size = CHUNK if remaining is None else min(CHUNK, remaining)
        chunk = await asyncio.to_thread(prepare, run, size)
        if chunk is None:
            break
        recorder.expect(chunk)
        report.claimed += len(chunk.rows)
        remaining = None if remaining is None else remaining - len(chunk.rows)
        for row in chunk.rows:
            await queue.put(Job(row, chunk))
    for _ in range(workers):
        await queue.put(None)


async def _work(
    run: Run, worker: Worker, queue: asyncio.Queue[Job | None], recorder: Recorder
) -> None:
    """Render, send, and wait until the outcome is committed before taking the next one."""
    try:
        while (job := await queue.get()) is not None:
            item = outgoing(run, job.chunk, job.row, recorder.msgids[job.row.id])
            outcome = item if isinstance(item, Outcome) else await worker.send(item)
            await recorder.record(outcome)
    finally:
        await worker.close()


def _give_back(run: Run, ids: list[int]) -> None:
    """Claimed rows without an outcome go back to pending (a run stopped by an error)."""
    if ids:
        with run.session() as session:
            outbox_claims.release(session, ids, now())
