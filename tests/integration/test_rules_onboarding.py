"""Onboarding of a renewal: the checklist counts from the day the members are seated, and
nobody gets a reminder before they are a member."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import nominating

pytestmark = pytest.mark.usefixtures("prefect")


def test_a_renewal_counts_onboarding_from_the_term_start(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from models import Membership, OutboxMessage
    from tasks.adapters import db
    from tasks.mail.reminders import due_reminders

    proc, good, _ = nominating(cli, 2)
    ok(cli("nominate", str(proc), str(good[0]), "--json"))
    monkeypatch.setenv("WIJKRAAD_NOW", "2029-12-10T09:00")
    decided = ok(
        cli(
            "decide",
            str(proc),
            str(good[0]),
            "--number",
            "2029/1",
            "--date",
            "2029-12-09",
            "--json",
        )
    )
    assert decided["members"] == 1
    with db.session_scope() as session:  # members appointed by B&W start as "lid"
        assert {m.role.value for m in session.scalars(select(Membership))} == {"lid"}
    tasks = ok(cli("onboarding", "list", str(proc), "--json"))
    start = date(2030, 4, 3)
    assert tasks and all(date.fromisoformat(t["due_on"]) > start for t in tasks)
    meeting = next(t for t in tasks if t["kind"] == "vergadering")
    assert date.fromisoformat(meeting["due_on"]) >= date(2030, 5, 29)
    monkeypatch.setenv("WIJKRAAD_NOW", "2030-03-20T09:00")
    status = ok(cli("status", str(proc), "--json"))
    assert status["stalled"] not in ("warning", "overdue")
    assert date.fromisoformat(status["deadline"]) > start

    due_reminders(datetime(2030, 3, 30, 9))
    with db.session_scope() as session:
        templates = list(session.scalars(select(OutboxMessage.template)))
    assert "herinnering_inwerktaak" not in templates
    due_reminders(datetime(2030, 4, 16, 9))
    with db.session_scope() as session:
        templates = list(session.scalars(select(OutboxMessage.template)))
    assert "herinnering_inwerktaak" in templates
