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
from collections.abc import Coroutine
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, TypeVar

from jinja2 import TemplateError
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session

from models import OutboxMessage, Person
from models.clock import now
from models.errors import DomainError
from tasks import outbox_claims
from tasks.db import session_scope
from tasks.mail_message import as_bytes, build, message_id
from tasks.mail_render import render_message
from tasks.mail_transport import Outcome, Outgoing, PickupWorker, SmtpWorker, Verdict
from tasks.settings import Settings, get_settings

SENDER_NAME = "Gemeente Oss - wijk- en dorpsraden"
CHUNK = 200
T = TypeVar("T")


class Worker(Protocol):
    async def send(self, item: Outgoing) -> Outcome: ...

    async def close(self) -> None: ...


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


@dataclass
class Prepared:
    outgoing: list[Outgoing] = field(default_factory=list)
    unrenderable: list[Outcome] = field(default_factory=list)
    attempts: dict[int, int] = field(default_factory=dict)
    msgids: dict[int, str] = field(default_factory=dict)


def deliver_due(limit: int | None = None) -> DeliveryReport:
    """Send every due message (at most `limit`) once; return the counts."""
    return _run_sync(_deliver(get_settings(), limit))


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


def prepare(settings: Settings, size: int) -> Prepared:
    """Claim up to `size` due rows (one commit) and render each into bytes to send."""
    with session_scope() as session:
        ids = outbox_claims.claim(session, settings, now(), size)
    prepared = Prepared()
    if not ids:
        return prepared
    with session_scope() as session:
        rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))))
        _preload_recipients(session, rows)
        for row in sorted(rows, key=lambda r: r.id):
            prepared.attempts[row.id] = row.attempts
            prepared.msgids[row.id] = message_id(row.id, row.idempotency_key, settings.mail_from)
            try:
                prepared.outgoing.append(_outgoing(session, settings, row, prepared.msgids[row.id]))
            except (TemplateError, NoResultFound, DomainError, LookupError, ValueError) as exc:
                detail = f"bericht kan niet worden opgemaakt: {type(exc).__name__}: {exc}"
                prepared.unrenderable.append(Outcome(row.id, Verdict.PERMANENT, detail[:2000]))
    return prepared


def _preload_recipients(session: Session, rows: list[OutboxMessage]) -> None:
    """One query for all recipients, so rendering finds them in the identity map."""
    person_ids = {r.recipient_person_id for r in rows if r.recipient_person_id is not None}
    if person_ids:
        list(session.scalars(select(Person).where(Person.id.in_(person_ids))))


def _outgoing(session: Session, settings: Settings, row: OutboxMessage, msgid: str) -> Outgoing:
    mail = render_message(session, row)
    message = build(mail, sender=settings.mail_from, sender_name=SENDER_NAME, msgid=msgid, at=now())
    return Outgoing(
        pk=row.id,
        template=row.template,
        sender=settings.mail_from,
        recipient=mail.to.email.strip(),
        msgid=msgid,
        data=as_bytes(message),
    )


class Recorder:
    """Group commit: outcomes that arrive while a commit runs go into the next one."""

    def __init__(self, settings: Settings, report: DeliveryReport) -> None:
        self.settings = settings
        self.report = report
        self.attempts: dict[int, int] = {}
        self.msgids: dict[int, str] = {}
        self.waiting: list[tuple[Outcome, asyncio.Future[None]]] = []
        self.wake = asyncio.Event()
        self.closing = False

    def expect(self, prepared: Prepared) -> None:
        self.attempts.update(prepared.attempts)
        self.msgids.update(prepared.msgids)

    async def record(self, outcome: Outcome) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append((outcome, done))
        self.wake.set()
        await done

    def unrecorded(self) -> list[int]:
        return list(self.attempts)

    async def run(self) -> None:
        while not (self.closing and not self.waiting):
            await self.wake.wait()
            self.wake.clear()
            batch, self.waiting = self.waiting, []
            if not batch:
                continue
            try:
                await asyncio.to_thread(self._write, [o for o, _ in batch])
            except BaseException as exc:
                for _, done in batch:
                    done.set_exception(exc)
                raise
            for _, done in batch:
                done.set_result(None)

    def _write(self, outcomes: list[Outcome]) -> None:
        rows = [(o, self.attempts[o.pk], self.msgids.get(o.pk)) for o in outcomes]
        with session_scope() as session:
            outbox_claims.record(session, self.settings, rows, now())
        for outcome in outcomes:
            self.attempts.pop(outcome.pk, None)
            self.report.count(outcome)

    def close(self) -> None:
        self.closing = True
        self.wake.set()


def make_worker(settings: Settings) -> Worker:
    if settings.smtp_host:
        return SmtpWorker(settings)
    return PickupWorker(settings.mail_dir)


async def _deliver(settings: Settings, limit: int | None) -> DeliveryReport:
    report = DeliveryReport()
    recorder = Recorder(settings, report)
    queue: asyncio.Queue[Outgoing | None] = asyncio.Queue(maxsize=CHUNK)
    count = settings.mail_concurrency if settings.smtp_host else 1
    recording = asyncio.create_task(recorder.run())
    sending = [
        asyncio.create_task(_work(make_worker(settings), queue, recorder)) for _ in range(count)
    ]
    sending.append(asyncio.create_task(_produce(settings, limit, queue, recorder, report, count)))
    try:
        await asyncio.gather(*sending)
        recorder.close()
        await recording
    finally:
        for task in [*sending, recording]:
            task.cancel()
        await asyncio.gather(*sending, recording, return_exceptions=True)
        _give_back(recorder.unrecorded())
    return report


async def _produce(
    settings: Settings,
    limit: int | None,
    queue: asyncio.Queue[Outgoing | None],
    recorder: Recorder,
    report: DeliveryReport,
    workers: int,
) -> None:
    remaining = limit
    while remaining is None or remaining > 0:
        size = CHUNK if remaining is None else min(CHUNK, remaining)
        prepared = await asyncio.to_thread(prepare, settings, size)
        claimed = len(prepared.attempts)
        if not claimed:
            break
        recorder.expect(prepared)
        report.claimed += claimed
        remaining = None if remaining is None else remaining - claimed
        for outcome in prepared.unrenderable:
            await recorder.record(outcome)
        for item in prepared.outgoing:
            await queue.put(item)
    for _ in range(workers):
        await queue.put(None)


async def _work(worker: Worker, queue: asyncio.Queue[Outgoing | None], recorder: Recorder) -> None:
    try:
        while (item := await queue.get()) is not None:
            await recorder.record(await worker.send(item))
    finally:
        await worker.close()


def _give_back(ids: list[int]) -> None:
    """Claimed rows without an outcome go back to pending (a run stopped by an error)."""
    if ids:
        with session_scope() as session:
            outbox_claims.release(session, ids, now())
