"""Delivering the outbox: claim due rows, send what was rendered when they were queued, with
bounded concurrency.

One run: a producer claims due rows in chunks and loads them with their attachments (in a
thread: the database is synchronous); `mail_concurrency` workers each keep one SMTP connection
(or write pickup files when no SMTP host is set), put the recipient's token in its slot, build
the MIME bytes and send; a recorder (tasks.delivery_run) writes the outcomes in group commits.
The subject, text, HTML and attachments are exactly those stored at queue time.

A worker sends its next message only after the outcome of its previous one is committed. So
when the process is killed, at most `mail_concurrency` messages can have been accepted by the
server without the outbox knowing it: those, and only those, may be sent a second time (with
the same Message-ID). Rows claimed but not sent go back to `pending` when a run stops on an
error or Ctrl-C; after SIGKILL they are due again when their lease ends.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from typing import Protocol

from jinja2 import TemplateError
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session, selectinload

from models import OutboxMessage
from models.errors import DomainError
from tasks.adapters.clock import now
from tasks.adapters.settings import Settings
from tasks.mail import claims as outbox_claims
from tasks.mail.delivery_run import Recorder, Run, run_sync
from tasks.mail.message import build
from tasks.mail.render import as_sent, render_message, store
from tasks.mail.transport import Outcome, Outgoing, PickupWorker, SmtpWorker, Verdict

SENDER_NAME = "Gemeente Oss - wijk- en dorpsraden"
CHUNK = 200


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


def deliver_due(limit: int | None = None) -> DeliveryReport:
    """Send every due message (at most `limit`) once; return the counts."""
    run = Run.start()
    return run_sync(_deliver(run, limit))


class Chunk:
    """Claimed rows with their attachments, loaded in one session that stays open while the
    workers build them (a confirmation link needs its application's nonce)."""

    def __init__(self, session: Session, rows: list[OutboxMessage]) -> None:
        self.session = session
        self.rows = rows
        self.open = len(rows)

    def rendered_one(self) -> None:
        self.open -= 1
        if self.open == 0:
            self.session.close()


def render_unrendered(session: Session, rows: list[OutboxMessage], settings: Settings) -> None:
    """Rows queued before messages were rendered when queued (an upgrade): rendered once now,
    and kept, so every later attempt sends the same."""
    for row in rows:
        if not row.rendered and row.bodies_erased_at is None:
            try:
                store(row, render_message(session, row, settings))
            except (TemplateError, NoResultFound, DomainError, LookupError, ValueError):
                continue  # the attempt records it as a permanent failure


def prepare(run: Run, size: int) -> Chunk | None:
    """Claim up to `size` due rows (one commit) and load them and what they name.

    Runs in a thread (database I/O); the rendering happens in the workers, on the event loop,
    so that no second thread competes with the sockets for the interpreter.
    """
    with run.session() as session:
        ids = outbox_claims.claim(session, run.settings, now(), size)
    if not ids:
        return None
    with run.session() as session:
        query = select(OutboxMessage).where(
            OutboxMessage.id.in_(ids), OutboxMessage.rendered_at.is_(None)
        )
        render_unrendered(session, list(session.scalars(query)), run.settings)
    session = run.sessions()
    try:
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .options(selectinload(OutboxMessage.attachments))
            .order_by(OutboxMessage.id)
        )
        return Chunk(session, list(session.scalars(query)))
    except BaseException:
        session.close()
        raise


def outgoing(run: Run, chunk: Chunk, row: OutboxMessage, msgid: str) -> Outgoing | Outcome:
    """The message ready to send, or a permanent failure when it cannot be built."""
    settings = run.settings
    try:
        mail = as_sent(chunk.session, row)
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
    chunks: list[Chunk] = []
    producing = _produce(run, limit, queue, recorder, report, count, chunks)
    sending.append(asyncio.create_task(producing))
    try:
        await asyncio.gather(*sending)
        recorder.close()
        await recording
    finally:
        for task in [*sending, recording]:
            task.cancel()
        await asyncio.gather(*sending, recording, return_exceptions=True)
        recorder.release()
        for chunk in chunks:  # sessions of chunks a stopped run did not finish
            chunk.session.close()
        _give_back(run, recorder.unrecorded())
    return report


async def _produce(
    run: Run,
    limit: int | None,
    queue: asyncio.Queue[Job | None],
    recorder: Recorder,
    report: DeliveryReport,
    workers: int,
    chunks: list[Chunk],
) -> None:
    remaining = limit
    while remaining is None or remaining > 0:
        size = CHUNK if remaining is None else min(CHUNK, remaining)
        chunk = await asyncio.to_thread(prepare, run, size)
        if chunk is None:
            break
        recorder.expect(chunk.rows)
        chunks.append(chunk)
        report.claimed += len(chunk.rows)
        remaining = None if remaining is None else remaining - len(chunk.rows)
        for row in chunk.rows:
            await queue.put(Job(row, chunk))
    for _ in range(workers):
        await queue.put(None)


async def _work(
    run: Run, worker: Worker, queue: asyncio.Queue[Job | None], recorder: Recorder
) -> None:
    """Send one message at a time; the next is sent only after the outcome of this one is
    committed. While that commit runs, the worker already renders its next message (rendering
    sends nothing, so the bound on duplicates stays one per worker)."""

    async def next_item() -> Outgoing | Outcome | None:
        job = await queue.get()
        if job is None:
            return None
        return outgoing(run, job.chunk, job.row, recorder.msgids[job.row.id])

    try:
        item = await next_item()
        while item is not None:
            outcome = item if isinstance(item, Outcome) else await worker.send(item)
            committed = recorder.submit(outcome)
            item = await next_item()
            await committed
    finally:
        await worker.close()


def _give_back(run: Run, ids: list[int]) -> None:
    """Claimed rows without an outcome go back to pending (a run stopped by an error)."""
    if ids:
        with run.session() as session:
            outbox_claims.release(session, ids, now())
