"""The reads the simulation adds: the postcode table per area, addresses the table does not
know, and what the daily monitor signalled per area (the report's last column)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import PostcodeArea
from models.areas import AREA_SLUGS
from models.postcodes import normalise
from simulation.population import Population
from tasks.adapters import db
from tasks.mail.outbox import COORDINATOR, enqueue
from tasks.queries import lookup, monitor_signals, postcodes
from tasks.queries.reading import reading
from tasks.steps import monitor
from tests.integration.watch_world import at, dates, open_procedure

pytestmark = pytest.mark.usefixtures("db")


def test_the_postcode_table_per_area_is_the_whole_table_sorted() -> None:
    with reading() as session:
        table = postcodes.per_area(session)
        total = session.scalar(select(func.count()).select_from(PostcodeArea))
    assert set(table) == set(AREA_SLUGS)
    assert all(codes == sorted(codes) for codes in table.values())
    assert sum(len(codes) for codes in table.values()) == total


def test_an_unlisted_address_is_unknown_to_the_table_in_every_area() -> None:
    people = Population(2026)
    for area in AREA_SLUGS:
        for _ in range(5):
            code = normalise(people.resident(area, unlisted=True).postcode)
            with reading() as session:
                assert lookup.postcode_entries(session, code) == {}, (area, code)


def test_the_signals_of_the_monitor_are_counted_per_area(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ruwaard = open_procedure("ruwaard")
    open_procedure("lith")
    _target, deadline = dates(ruwaard)
    assert deadline is not None
    late = deadline + timedelta(days=1)
    at(late, monkeypatch)
    monitor.record_stalled_reported(monitor.newly_stalled(late))
    with db.session_scope() as session:
        for template in ("herinnering_fasetermijn", "digest"):  # a digest is no reminder
            enqueue(
                session,
                template=template,
                subject=f"procedure:{ruwaard}",
                role=COORDINATOR,
                procedure_id=ruwaard,
                context={"procedure_id": ruwaard, "stage": "committee_forming"},
            )
    with reading() as session:
        signals = monitor_signals.per_area(session)
    assert signals == {
        "ruwaard": {"reminders": 1, "delays": 1},
        "lith": {"reminders": 0, "delays": 1},
    }
