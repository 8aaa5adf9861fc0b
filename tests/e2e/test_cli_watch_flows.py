"""The monitor with the real procedure flows, through the command line: a recruitment past its
deadline is screened by `tick`, a council below its minimum gets an experiment proposal, and an
evaluation that decides to start a procedure opens one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.integration.watch_world import at, seat

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect")]


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return result.json()


def test_tick_screens_a_recruitment_past_its_deadline_once(cli, monkeypatch, table_counts) -> None:  # type: ignore[no-untyped-def]
    members = seat("ruwaard", 3)
    pid = ok(cli("vacancy", "--area", "ruwaard", "--json"))["id"]
    ok(
        cli(
            "committee",
            "add",
            str(pid),
            "--name",
            "Kees Jansen",
            "--email",
            "kees@example.nl",
            "--postcode",
            "5343AB",
            "--house-number",
            "99",
            "--appointed-by",
            ",".join(str(m) for m in members),
            "--json",
        )
    )
    ok(cli("committee", "confirm", str(pid), "--json"))
    ok(
        cli(
            "candidates",
            "add",
            str(pid),
            "--name",
            "Fatima El Amrani",
            "--email",
            "fatima@example.nl",
            "--postcode",
            "5343 AB",
            "--house-number",
            "40",
            "--json",
        )
    )
    closes = date.fromisoformat(ok(cli("status", str(pid), "--json"))["application_deadline"])
    at(closes, monkeypatch)
    assert ok(cli("tick", "--json"))["screened"] == 0  # the deadline day itself still counts

    at(closes + timedelta(days=3), monkeypatch)
    first = ok(cli("tick", "--json"))
    assert first["screened"] == 1
    assert ok(cli("status", str(pid), "--json"))["stage"] in ("screening", "nominating")
    before = table_counts()
    assert ok(cli("tick", "--json"))["screened"] == 0
    assert table_counts() == before


def test_a_member_leaving_brings_a_proposal_and_an_evaluation_starts_a_procedure(  # type: ignore[no-untyped-def]
    cli, monkeypatch
) -> None:
    members = seat("berghem", 3)
    at(date(2026, 11, 28), monkeypatch)
    from sqlalchemy import update

    from models import Area
    from tasks.adapters import db

    with db.session_scope() as session:  # a full council of three: on track until one leaves
        session.execute(update(Area).where(Area.slug == "berghem").values(max_seats=3))
    ok(cli("tick", "--json"))
    assert ok(cli("experiment", "list", "--area", "berghem", "--json")) == []

    ok(cli("members", "leave", str(members[0]), "--reason", "Verhuisd", "--json"))
    at(date(2026, 11, 29), monkeypatch)
    summary = ok(cli("tick", "--json"))
    assert summary["proposals"] == 1 and summary["digest"]
    [proposal] = ok(cli("experiment", "list", "--status", "proposed", "--json"))
    assert proposal["area"] == "berghem"

    ok(
        cli(
            "experiment",
            "start",
            "--area",
            "berghem",
            "--form",
            "open wijkplatform",
            "--decided-with-college-on",
            "2026-11-29",
            "--evaluate-on",
            "2027-05-01",
            "--reason",
            "Twee leden; een open platform voor alle bewoners",
            "--json",
        )
    )
    at(date(2027, 5, 2), monkeypatch)
    evaluated = ok(
        cli(
            "experiment",
            "evaluate",
            str(proposal["id"]),
            "--outcome",
            "Het platform trok nieuwe vrijwilligers; de raad wordt aangevuld",
            "--start-procedure",
            "--json",
        )
    )
    assert evaluated["status"] == "procedure_started" and evaluated["procedure_id"]
    status = ok(cli("status", str(evaluated["procedure_id"]), "--json"))
    assert (status["area"], status["kind"]) == ("berghem", "vacancy")
    [listed] = ok(cli("experiment", "list", "--area", "berghem", "--json"))
    assert listed["started_procedure_id"] == evaluated["procedure_id"]
