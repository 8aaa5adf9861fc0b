"""The application window: the deadline's day counts, the day after is refused, and the
coördinator can extend it (audited); the call, the receipt and the reminder follow."""

from __future__ import annotations

import getpass
from datetime import datetime

import pytest
from sqlalchemy import select

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import apply, recruiting, refused

pytestmark = pytest.mark.usefixtures("prefect")


def test_an_application_after_the_deadline_is_refused_until_extended(
    cli, table_counts, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from models import OutboxMessage, Procedure
    from tasks.adapters import db
    from tasks.mail.reminders import due_reminders
    from tasks.mail.render import as_sent

    proc, _ = recruiting(cli)
    assert ok(cli("status", str(proc), "--json"))["application_deadline"] == "2027-01-11"
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-01-11T20:00")
    ok(apply(cli, proc, 1))  # the last day counts
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-01-12T09:00")
    late = refused(cli, table_counts, *apply_args(proc, 2))
    assert "tot en met 2027-01-11" in late and "te laat" in late
    assert "wijkraad recruitment extend" in late

    earlier = refused(
        cli, table_counts, "recruitment", "extend", str(proc), "--until", "2027-01-10",
        "--reason", "Te kort",
    )  # fmt: skip
    assert "--until" in earlier and "ligt niet na" in earlier
    assert "leeg" in refused(
        cli, table_counts, "recruitment", "extend", str(proc), "--until", "2027-01-25",
        "--reason", " ",
    )  # fmt: skip
    extended = ok(
        cli("recruitment", "extend", str(proc), "--until", "2027-01-25", "--reason",
            "Weinig aanmeldingen na de feestdagen", "--json")
    )  # fmt: skip
    assert extended["application_deadline"] == "2027-01-25"
    assert extended["previous"] == "2027-01-11"
    status = ok(cli("status", str(proc), "--json"))
    assert status["application_deadline"] == "2027-01-25" and status["stage"] == "recruiting"
    last = ok(cli("history", str(proc), "--json"))[-1]
    assert (last["action"], last["actor"]) == (
        "application_deadline_extended",
        f"cli:{getpass.getuser()}",
    )
    assert "Weinig aanmeldingen" in last["reason"]

    late_one = ok(apply(cli, proc, 2))["id"]
    with db.session_scope() as session:
        call = session.get_one(Procedure, proc).call_text or ""
        assert "tot en met maandag 25 januari 2027" in " ".join(call.split())
        receipt = session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.template == "aanmelding_ontvangen",
                OutboxMessage.idempotency_key.contains(f"candidate:{late_one}"),
            )
        ).one()
        text = " ".join(as_sent(session, receipt).text.split())
    assert "tot en met 25 januari 2027" in text

    due_reminders(datetime(2027, 1, 22, 9))
    with db.session_scope() as session:
        keys = list(
            session.scalars(
                select(OutboxMessage.idempotency_key).where(
                    OutboxMessage.template == "herinnering_aanmeldtermijn"
                )
            )
        )
    assert keys and all("2027-01-25" in key for key in keys)


def apply_args(proc: int, n: int) -> list[str]:
    from tests.e2e.test_cli_procedure_refusals import person

    name, email = person(n)
    return ["candidates", "add", str(proc), "--name", name, "--email", email,
            "--postcode", "5343AB", "--house-number", str(n)]  # fmt: skip
