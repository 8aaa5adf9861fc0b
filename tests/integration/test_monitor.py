"""The monitor's checks on the real database, with WIJKRAAD_NOW jumping forward: stalled
procedures, suspensions, councils below their minimum, meetings, the digest."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from models import Area, Experiment, OutboxMessage
from models.enums import ExperimentStatus
from tasks.adapters import db
from tasks.mail import digest
from tasks.queries import meetings, stalled
from tasks.steps import meetings as meeting_steps
from tasks.steps import monitor
from tests.integration.watch_world import apply, at, dates, open_procedure, seat

pytestmark = pytest.mark.usefixtures("db")


def small_council(area: str, seats: int) -> None:
    """A council of `seats` seats, all required (min = max), so a full council is on track."""
    with db.session_scope() as session:
        session.execute(
            update(Area).where(Area.slug == area).values(max_seats=seats, min_seats=seats)
        )


def state(procedure_id: int) -> stalled.StalledState:
    with db.session_scope() as session:
        return stalled.stalled_states(session, [procedure_id])[procedure_id]


def stalled_ids() -> list[int]:
    with db.session_scope() as session:
        return [s.procedure_id for s in stalled.stalled(session)]


def test_a_procedure_becomes_warning_then_overdue(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pid = open_procedure("ruwaard")
    target, deadline = dates(pid)
    assert (target, deadline) == (date(2026, 12, 21), date(2027, 1, 11))  # moved off weekends

    at(target, monkeypatch)
    assert state(pid).level == stalled.Level.ON_TRACK
    assert stalled_ids() == []

    at(target + timedelta(days=3), monkeypatch)
    warning = state(pid)
    assert (warning.level, warning.days_over) == (stalled.Level.WARNING, 3)
    assert warning.awaited_from == "de zittende raad"
    assert "voordrachtcommissie" in warning.awaited
    assert stalled_ids() == [pid]

    at(deadline + timedelta(days=2), monkeypatch)
    overdue = state(pid)
    assert (overdue.level, overdue.days_over) == (stalled.Level.OVERDUE, 2)
    assert stalled.stalled_label(overdue) == "te laat (2 d na uiterste datum)"


def test_a_suspension_keeps_it_out_and_shifts_its_deadline(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pid = open_procedure("ruwaard")
    target, deadline = dates(pid)
    at(date(2026, 12, 1), monkeypatch)
    apply(pid, "suspend", reason="wachten op de gebiedsindeling")

    at(deadline + timedelta(days=5), monkeypatch)  # long past the deadline, but suspended
    suspended = state(pid)
    assert suspended.level == stalled.Level.SUSPENDED
    assert suspended.suspension_age == (deadline + timedelta(days=5) - date(2026, 12, 1)).days
    assert stalled_ids() == []

    at(date(2026, 12, 21), monkeypatch)
    apply(pid, "resume")
    assert dates(pid) == (target + timedelta(days=20), deadline + timedelta(days=20))

    at(deadline + timedelta(days=5), monkeypatch)  # overdue without the shift
    assert state(pid).level == stalled.Level.WARNING
    at(deadline + timedelta(days=21), monkeypatch)
    assert (state(pid).level, state(pid).days_over) == (stalled.Level.OVERDUE, 1)


def test_a_member_leaving_below_the_minimum_brings_an_experiment_proposal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    small_council("berghem", 3)
    ids = seat("berghem", 3)
    assert monitor.propose_experiments(date(2026, 11, 28)) == []
    with db.session_scope() as session:
        from tasks.steps import members

        members.leave(session, ids[0], reason="verhuisd", on=date(2026, 11, 28))
    proposed = monitor.propose_experiments(date(2026, 11, 28))
    assert len(proposed) == 1
    assert monitor.propose_experiments(date(2026, 11, 29)) == []  # one open proposal per area
    with db.session_scope() as session:
        experiment = session.get_one(Experiment, proposed[0])
        assert experiment.status == ExperimentStatus.PROPOSED
        assert "minder dan het minimum van 3" in (experiment.proposal_reason or "")


def test_no_proposal_while_a_procedure_is_open(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    small_council("berghem", 3)
    seat("berghem", 2)
    open_procedure("berghem")
    assert monitor.propose_experiments(date(2026, 11, 28)) == []


def test_seats_vacant_longer_than_the_setting_bring_a_proposal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seat("herpen", 7, since="2026-04-01")
    with db.session_scope() as session:
        from tasks.steps import members

        members.leave(session, _first_membership(session), reason="verhuisd", on=date(2026, 5, 1))
    assert monitor.propose_experiments(date(2026, 10, 31)) == []  # 6 members, vacant < 6 months
    assert len(monitor.propose_experiments(date(2026, 11, 2))) == 1


def _first_membership(session) -> int:  # type: ignore[no-untyped-def]
    from models import Membership

    return int(session.scalar(select(Membership.id).order_by(Membership.id).limit(1)))


def add_meetings(area: str, days: list[date], public: bool = True) -> list[int]:
    with db.session_scope() as session:
        return [meeting_steps.add(session, area, d, public=public, agenda=None).id for d in days]


def test_an_area_with_five_public_meetings_in_a_year_is_flagged() -> None:
    seat("ruwaard", 3)
    seat("berghem", 3)
    year = [date(2026, m, 10) for m in (1, 3, 5, 7, 9, 11)]
    add_meetings("ruwaard", year[:5])
    add_meetings("ruwaard", [date(2026, 12, 1)], public=False)  # a closed one does not count
    add_meetings("berghem", year)
    with db.session_scope() as session:
        composed = digest.compose(session, date(2026, 11, 28))
    flagged = {m["area"]: m["meetings"] for m in composed["too_few_meetings"]}
    assert flagged == {"Ruwaard": 5}


def test_minutes_not_published_within_7_days_are_flagged(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seat("ruwaard", 3)
    [mid] = add_meetings("ruwaard", [date(2026, 11, 20)])
    with db.session_scope() as session:
        assert meetings.unpublished(session, date(2026, 11, 27), 7) == []
        late = meetings.unpublished(session, date(2026, 11, 28), 7)
    assert [m["meeting_id"] for m in late] == [mid]
    minutes = tmp_path / "notulen.txt"
    minutes.write_text("Aanwezig: vijf leden.", encoding="utf-8")
    with db.session_scope() as session:
        meeting_steps.record_minutes(session, mid, minutes)
    with db.session_scope() as session:
        assert meetings.unpublished(session, date(2026, 11, 28), 7) == []


def test_the_digest_is_enqueued_once_a_day_and_not_when_there_is_nothing(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert monitor.enqueue_digest(date(2026, 11, 28)) is None  # nothing to tell
    pid = open_procedure("ruwaard")
    target, _ = dates(pid)
    day = target + timedelta(days=1)
    at(day, monkeypatch)
    first = monitor.enqueue_digest(day)
    assert first is not None
    assert monitor.enqueue_digest(day) == first
    second_day = monitor.enqueue_digest(day + timedelta(days=1))
    assert second_day not in (None, first)
    with db.session_scope() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.template == "digest"))
        contexts = [r.context["digest"] for r in rows]
    assert [c["stalled"][0]["procedure_id"] for c in contexts] == [pid, pid]
    assert "Lid" not in str(contexts)  # no names of people in the snapshot


def test_a_stalled_procedure_is_reported_once_per_stage(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pid = open_procedure("ruwaard")
    target, _ = dates(pid)
    at(target + timedelta(days=1), monkeypatch)
    day = target + timedelta(days=1)
    assert monitor.newly_stalled(day) == [(pid, "warning")]
    monitor.record_stalled_reported([(pid, "warning")])
    assert monitor.newly_stalled(day) == []
    assert monitor.newly_stalled(day + timedelta(days=30)) == []  # overdue: the same stall


def test_without_stored_dates_they_come_from_the_settings_shifted_by_suspensions(
    monkeypatch,
) -> None:  # type: ignore[no-untyped-def]
    from models import Procedure

    pid = open_procedure("ruwaard")
    stored = dates(pid)
    with db.session_scope() as session:
        session.execute(
            update(Procedure)
            .where(Procedure.id == pid)
            .values(stage_target=None, stage_deadline=None)
        )
    assert (state(pid).target, state(pid).deadline) == stored
    at(date(2026, 12, 1), monkeypatch)
    apply(pid, "suspend", reason="wachten")
    at(date(2026, 12, 11), monkeypatch)
    apply(pid, "resume")
    shifted = state(pid)
    assert (shifted.target, shifted.deadline) == tuple(d + timedelta(days=10) for d in stored)
