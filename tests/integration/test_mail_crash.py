"""A delivery process killed with SIGKILL mid-batch and started again: no message is lost, and
only messages the server had accepted when the process died (at most one per worker) can
arrive twice, with the same Message-ID."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from models import OutboxMessage
from models.enums import MessageStatus
from tasks.adapters.db import session_scope
from tasks.mail.delivery import deliver_due
from tests.fixtures_smtp import MailWorld, SmtpServer, enqueue_many, wait_until

ROOT = Path(__file__).resolve().parents[2]
CONCURRENCY = 4


def statuses() -> list[MessageStatus]:
    with session_scope() as session:
        return list(session.scalars(select(OutboxMessage.status)))


def test_killed_delivery_loses_nothing_and_duplicates_at_most_one_per_worker(
    mail_world: MailWorld, smtp_server: SmtpServer, monkeypatch, now: str
) -> None:
    monkeypatch.setenv("WIJKRAAD_MAIL_CONCURRENCY", str(CONCURRENCY))
    enqueue_many(mail_world.procedure_id, 300)
    smtp_server.handler.delay = 0.005  # so that the kill lands mid-batch
    process = subprocess.Popen(
        [sys.executable, "-c", "from tasks.mail.delivery import deliver_due; deliver_due()"],
        cwd=ROOT,
        env=dict(os.environ),
    )
    try:
        wait_until(lambda: smtp_server.handler.count() >= 100 or process.poll() is not None)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    accepted_before = smtp_server.handler.count()
    assert accepted_before < 300, "the process finished before it was killed"
    assert MessageStatus.SENDING in statuses()  # claimed rows left behind by the dead run

    # Started again before the lease of the dead run ends: its claims are left alone...
    smtp_server.handler.delay = 0
    deliver_due()
    assert MessageStatus.SENDING in statuses()
    # ... and once the lease has ended (15 minutes by default) they are sent.
    later = datetime.fromisoformat(now) + timedelta(minutes=15)
    monkeypatch.setenv("WIJKRAAD_NOW", later.isoformat())
    deliver_due()

    assert set(statuses()) == {MessageStatus.DELIVERED}
    counts = smtp_server.handler.per_message_id()
    assert len(counts) == 300  # none lost
    duplicates = sum(n - 1 for n in counts.values())
    print("duplicates after SIGKILL:", duplicates, "accepted before:", accepted_before)
    assert duplicates <= CONCURRENCY
    with session_scope() as session:
        stored = set(session.scalars(select(OutboxMessage.message_id)))
    assert stored == set(counts)  # the same Message-ID on every copy
