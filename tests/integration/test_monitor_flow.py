"""The monitor as a real Prefect flow: the stalled event is emitted once, the digest arrives
once a day at a real SMTP server, and a second run on the same day changes nothing."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from models import AuditEvent, OutboxMessage
from tests.integration.watch_world import at, dates, open_procedure

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect")]


def stalled_events(procedure_id: int, since: datetime) -> int:
    """How many stalled events for this procedure reached the Prefect server since `since`."""
    from prefect.client.orchestration import get_client
    from prefect.events.filters import (
        EventFilter,
        EventNameFilter,
        EventOccurredFilter,
        EventResourceFilter,
    )

    from flows.monitor import STALLED_EVENT

    wanted = EventFilter(
        occurred=EventOccurredFilter(since=since),
        event=EventNameFilter(name=[STALLED_EVENT]),
        resource=EventResourceFilter(id=[f"wijkraden.procedure.{procedure_id}"]),
    )
    with get_client(sync_client=True) as client:
        return len(client.read_events(filter=wanted, limit=50).events)


def wait_for_events(procedure_id: int, since: datetime, at_least: int) -> int:
    from prefect.events.worker import EventsWorker

    EventsWorker.drain_all()
    deadline = time.monotonic() + 20
    count = stalled_events(procedure_id, since)
    while count < at_least and time.monotonic() < deadline:
        time.sleep(0.5)
        count = stalled_events(procedure_id, since)
    return count


def count(query) -> int:  # type: ignore[no-untyped-def]
    from tasks.adapters import db

    with db.session_scope() as session:
        return int(session.scalar(query) or 0)


def test_the_stalled_event_is_emitted_once_and_a_rerun_changes_nothing(
    monkeypatch, table_counts
) -> None:  # type: ignore[no-untyped-def]
    from flows.monitor import monitor

    # no margin before the start: the test before this one (the simulation, on a database
    # whose procedure ids start at 1 too) may have emitted a stalled event seconds ago
    started = datetime.now(UTC)
    pid = open_procedure("ruwaard")
    target, _ = dates(pid)
    at(target + timedelta(days=1), monkeypatch)

    first = monitor()
    assert first["newly_stalled"] == 1 and first["digest"]
    after_first = table_counts()
    second = monitor()
    assert second["newly_stalled"] == 0
    assert table_counts() == after_first  # the second run on the same day changes nothing

    assert wait_for_events(pid, started, 1) == 1
    time.sleep(1)
    assert stalled_events(pid, started) == 1
    reported = (
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "stalled_reported")
    )
    assert count(reported) == 1


def test_the_digest_arrives_once_a_day_at_the_smtp_server(monkeypatch, smtp_server) -> None:  # type: ignore[no-untyped-def]
    from flows.deliver_mail import deliver_mail
    from flows.monitor import monitor

    pid = open_procedure("ruwaard")
    target, _ = dates(pid)
    day = target + timedelta(days=1)
    at(day, monkeypatch)
    for _ in range(2):
        monitor()
        deliver_mail()
    digests = [r for r in smtp_server.handler.received if b"Dagoverzicht" in r.data]
    assert len(digests) == 1
    mail = digests[0].parsed()
    assert mail["To"].endswith("wijkcoordinator@oss.nl>") or "wijkcoordinator@oss.nl" in mail["To"]
    body = next(
        part.get_payload(decode=True).decode("utf-8")
        for part in mail.walk()
        if part.get_content_type() == "text/plain"
    )
    assert f"Procedure {pid} (ruwaard)" in body
    assert "1 dagen over de streefdatum" in body

    at(day + timedelta(days=1), monkeypatch)
    monitor()
    deliver_mail()
    digests = [r for r in smtp_server.handler.received if b"Dagoverzicht" in r.data]
    assert len(digests) == 2
    per_day = (
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.template == "digest")
    )
    assert count(per_day) == 2


def test_a_monitor_killed_before_its_digest_finishes_on_the_rerun_without_doing_anything_twice(
    monkeypatch, table_counts
) -> None:  # type: ignore[no-untyped-def]
    from flows.monitor import monitor
    from models import Experiment
    from tasks.mail import digest
    from tests.integration.watch_world import seat

    seat("herpen", 1)  # below the minimum: a proposal
    pid = open_procedure("ruwaard")
    target, _ = dates(pid)
    at(target + timedelta(days=1), monkeypatch)
    real_compose = digest.compose

    def killed(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise SystemError("the process died here")

    monkeypatch.setattr(digest, "compose", killed)
    with pytest.raises(SystemError) as failed:
        monitor()
    assert failed.value.__notes__ == ["in the monitor's unit enqueue-digest"]  # which unit failed
    assert count(select(func.count()).select_from(Experiment)) == 1
    digests = (
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.template == "digest")
    )
    assert count(digests) == 0

    monkeypatch.setattr(digest, "compose", real_compose)
    rerun = monitor()
    assert (rerun["proposals"], rerun["newly_stalled"]) == (0, 0)  # done before the kill
    assert rerun["digest"] and count(digests) == 1
    assert count(select(func.count()).select_from(Experiment)) == 1
    reported = (
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "stalled_reported")
    )
    assert count(reported) == 1
    before = table_counts()
    monitor()
    assert table_counts() == before
