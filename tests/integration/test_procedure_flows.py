"""The procedure flows on their own: a flow killed between its tasks and run again, an --all
renewal, a vacancy, suspension shifting deadlines, and the monitor's screen_candidates call."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import apply, nominating, recruiting

pytestmark = pytest.mark.usefixtures("prefect")


def snapshot(table_counts):  # type: ignore[no-untyped-def]
    from models import OutboxMessage
    from tasks.adapters import db

    with db.session_scope() as session:
        keys = sorted(session.scalars(select(OutboxMessage.idempotency_key)))
    return table_counts(), keys


def test_a_decision_flow_killed_after_a_task_finishes_on_rerun(
    cli, table_counts, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from flows.procedure import record_board_decision
    from models import Membership, OutboxMessage
    from tasks.adapters import db
    from tasks.steps import appointment

    proc, good, _ = nominating(cli, 3)
    ok(cli("nominate", str(proc), str(good[0]), str(good[1]), "--json"))
    with db.session_scope() as session:
        appointment.decide(
            session,
            proc,
            [good[0], good[1]],
            number="2026/77",
            decided_on="2026-11-28",
            reason=None,
        )
    real = appointment.send_letters

    def killed_after(procedure_id: int) -> int:
        real(procedure_id)
        raise RuntimeError("killed between tasks")

    monkeypatch.setattr(appointment, "send_letters", killed_after)
    with pytest.raises(RuntimeError):
        record_board_decision(proc)
    half = snapshot(table_counts)
    assert half[0]["memberships"] == 2 and half[0]["onboarding_tasks"] == 0
    monkeypatch.setattr(appointment, "send_letters", real)

    assert record_board_decision(proc) == 2
    done = snapshot(table_counts)
    assert record_board_decision(proc) == 2
    assert snapshot(table_counts) == done
    with db.session_scope() as session:
        assert len(list(session.scalars(select(Membership)))) == 2
        templates = [m.template for m in session.scalars(select(OutboxMessage))]
    assert templates.count("benoemd") == 2
    assert templates.count("niet_voorgedragen") == 1
    assert done[0]["onboarding_tasks"] == 10


def test_renew_all_opens_eleven_and_reports_each(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    from models.areas import AREA_SLUGS

    report = ok(cli("renew", "--all", "--json"))
    assert [r["area"] for r in report] == list(AREA_SLUGS)
    assert all(r["opened"] for r in report)
    statuses = ok(cli("status", "--json"))
    assert len(statuses) == 11 and {s["stage"] for s in statuses} == {"committee_forming"}
    before = table_counts()
    again = ok(cli("renew", "--all", "--json"))
    assert not any(r["opened"] for r in again)
    assert table_counts() == before


def test_a_vacancy_fills_the_free_seats_until_the_term_ends(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from models import Membership
    from tasks.adapters import db

    sitting = [
        ok(
            cli(
                "members",
                "add",
                "--area",
                "ruwaard",
                "--name",
                f"Lid Nummer{n}",
                "--email",
                f"lid{n}@example.nl",
                "--postcode",
                "5343AB",
                "--house-number",
                str(50 + n),
                "--since",
                "2026-04-01",
                "--json",
            )
        )["id"]
        for n in range(5)
    ]
    opened = ok(cli("vacancy", "--area", "ruwaard", "--json"))
    proc = opened["id"]
    status = ok(cli("status", str(proc), "--json"))
    assert (status["kind"], status["seats"], status["term"]) == ("vacancy", 2, 2026)
    ok(
        cli(
            "committee",
            "add",
            str(proc),
            "--name",
            "Carla Commissie",
            "--email",
            "carla.commissie@example.nl",
            "--postcode",
            "5343AB",
            "--house-number",
            "99",
            "--appointed-by",
            f"{sitting[0]},{sitting[1]}",
            "--json",
        )
    )
    without = cli("committee", "add", str(proc), "--name", "Daan", "--email", "daan@example.nl",
                  "--postcode", "5343AB", "--house-number", "98")  # fmt: skip
    assert without.exit_code == 1 and "--appointed-by" in without.stderr
    ok(cli("committee", "confirm", str(proc), "--json"))
    candidates = [ok(apply(cli, proc, n))["id"] for n in (1, 2)]
    ok(cli("screen", str(proc), "--close-early", "--json"))
    for candidate in candidates:
        ok(cli("interview", str(proc), str(candidate), "--score", "gebied=4", "--json"))
    ok(cli("nominate", str(proc), *map(str, candidates), "--json"))
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-02-03T10:00")
    decided = ok(
        cli(
            "decide",
            str(proc),
            *map(str, candidates),
            "--number",
            "2027/9",
            "--date",
            "2027-02-02",
            "--json",
        )
    )
    assert decided["members"] == 2
    tasks = ok(cli("onboarding", "list", str(proc), "--json"))
    assert tasks, "no onboarding tasks to finish"
    for task in tasks:
        last = ok(cli("onboarding", "done", str(task["id"]), "--json"))
    assert last["stage"] == "completed"
    with db.session_scope() as session:
        new = list(
            session.scalars(select(Membership).where(Membership.board_decision_id.is_not(None)))
        )
    assert {(m.start_date, m.end_date) for m in new} == {(date(2027, 2, 2), date(2030, 4, 2))}
    assert ok(cli("areas", "--json"))[6]["members"] == 7
    full = cli("vacancy", "--area", "ruwaard")
    assert full.exit_code == 1 and "geen vrije zetels" in full.stderr


def test_suspension_shifts_the_deadlines(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    before = ok(cli("status", str(proc), "--json"))
    assert before["application_deadline"] == "2027-01-11"
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-01T09:00")
    assert (
        ok(cli("suspend", str(proc), "--reason", "Wijkcentrum verbouwd", "--json"))["stage"]
        == "suspended"
    )
    blocked = cli(
        "candidates",
        "add",
        str(proc),
        "--name",
        "Eva",
        "--email",
        "eva@example.nl",
        "--postcode",
        "5343AB",
        "--house-number",
        "1",
    )
    assert blocked.exit_code == 1 and "hervatten" in blocked.stderr
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-15T09:00")
    after = ok(cli("resume", str(proc), "--json"))
    assert after["stage"] == "recruiting" and after["suspended_days"] == 14
    assert after["application_deadline"] == "2027-01-25"
    shifted = date.fromisoformat(before["deadline"]) + timedelta(days=14)
    assert after["deadline"] == shifted.isoformat()
    history = ok(cli("history", str(proc), "--json"))
    assert [e["action"] for e in history][-2:] == ["suspend", "resume"]
    cancelled = ok(cli("cancel", str(proc), "--reason", "Geen animo", "--json"))
    assert cancelled["stage"] == "cancelled"


def test_screen_candidates_closes_recruitment_itself_once(cli, table_counts, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The daily monitor calls the flow after the application deadline."""
    from flows.procedure import screen_candidates

    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1))
    ok(apply(cli, proc, 2, "--politically-active"))
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-01-12T06:00")
    assert screen_candidates(proc) == "nominating"
    done = snapshot(table_counts)
    assert screen_candidates(proc) == "nominating"
    assert snapshot(table_counts) == done
    history = ok(cli("history", str(proc), "--json"))
    closed = [e for e in history if e["action"] == "close_recruitment"]
    assert len(closed) == 1 and closed[0]["actor"] == "system"


def test_a_council_below_its_minimum_gets_an_experiment_proposal(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from models import Experiment
    from tasks.adapters import db

    proc, good, _ = nominating(cli, 1)
    ok(cli("nominate", str(proc), str(good[0]), "--json"))
    ok(
        cli(
            "decide",
            str(proc),
            str(good[0]),
            "--number",
            "2026/5",
            "--date",
            "2026-11-28",
            "--json",
        )
    )
    tasks = ok(cli("onboarding", "list", "--json"))
    assert tasks, "no onboarding tasks to finish"
    for task in tasks:
        ok(cli("onboarding", "done", str(task["id"]), "--json"))
    with db.session_scope() as session:
        experiments = list(session.scalars(select(Experiment)))
    assert [(e.status.value, e.cause_procedure_id) for e in experiments] == [("proposed", proc)]
    assert "minder dan het minimum van 3" in (experiments[0].proposal_reason or "")
    with db.engine().connect() as connection:
        assert (
            connection.execute(
                text("SELECT count(*) FROM procedures WHERE stage='completed'")
            ).scalar_one()
            == 1
        )
