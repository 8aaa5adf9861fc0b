"""Renewal on time: the digest warns when the renewal for the next term has not started within
the lead time, and when an open renewal cannot reach the B&W decision before the term starts;
a renewal decided after the term start seats its members from the decision, and the sitting
members stay on until then."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.adapters import db
from tasks.mail import digest
from tests.e2e.test_cli_procedure import add_member, ok
from tests.e2e.test_cli_procedure_refusals import nominating
from tests.integration.watch_world import at, seat

pytestmark = pytest.mark.usefixtures("prefect")


def _renewals(day: date) -> tuple[list[str], list[dict[str, object]]]:
    with db.session_scope() as session:
        snapshot = digest.compose(session, day)
    return [r["area"] for r in snapshot["renewals_not_started"]], snapshot["renewals_too_late"]


def test_the_digest_warns_before_the_term_when_the_renewal_is_late(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seat("ruwaard", 3)
    # the 2030 term starts on 3 April 2030: nine months before is 3 July 2029
    assert _renewals(date(2029, 7, 2)) == ([], [])
    assert _renewals(date(2029, 7, 3)) == (["Ruwaard"], [])
    monkeypatch.setenv("WIJKRAAD_RENEWAL_LEAD_MONTHS", "12")
    assert _renewals(date(2029, 4, 3)) == (["Ruwaard"], [])
    monkeypatch.delenv("WIJKRAAD_RENEWAL_LEAD_MONTHS")

    at(date(2029, 7, 3), monkeypatch)
    message_id = None
    with db.session_scope() as session:
        message_id = digest.enqueue_digest(session, date(2029, 7, 3))
    assert message_id is not None
    shown = " ".join(ok(cli("mail", "show", str(message_id))).split())
    assert "VERNIEUWING NOG NIET GESTART" in shown and "Ruwaard" in shown

    # the renewal starts: no warning; at its deadlines the decision comes before April 2030
    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    assert _renewals(date(2029, 7, 3)) == ([], [])

    # nobody forms the committee for months: at the current deadlines B&W decide too late
    not_started, too_late = _renewals(date(2029, 12, 1))
    assert not_started == []
    assert [(r["procedure_id"], r["term_start"]) for r in too_late] == [(proc, "3 april 2030")]
    at(date(2029, 12, 1), monkeypatch)
    with db.session_scope() as session:
        message_id = digest.enqueue_digest(session, date(2029, 12, 1))
    shown = " ".join(ok(cli("mail", "show", str(message_id))).split())
    assert "NIET KLAAR VOOR HET BEGIN" in shown and "blijven de zittende leden aan" in shown


def test_a_renewal_decided_after_the_term_start_keeps_the_sitting_council_on(  # type: ignore[no-untyped-def]
    cli, monkeypatch
) -> None:
    proc, good, _ = nominating(cli, 2)
    sitting = add_member(cli, "member_a", "10")  # on the council of the 2026 term
    ok(cli("nominate", str(proc), str(good[0]), "--json"))
    monkeypatch.setenv("WIJKRAAD_NOW", "2030-05-01T09:00")
    ok(cli("decide", str(proc), str(good[0]), "--number", "2030/7", "--date", "2030-04-20"))

    monkeypatch.setenv("WIJKRAAD_NOW", "2030-04-10T09:00")  # after the term start, before B&W
    members = ok(cli("members", "list", "--area", "ruwaard", "--json"))
    assert [(m["id"], m["until"]) for m in members] == [(sitting, "2030-04-19")]

    monkeypatch.setenv("WIJKRAAD_NOW", "2030-05-01T09:00")
    members = ok(cli("members", "list", "--area", "ruwaard", "--json"))
    assert [m["since"] for m in members] == ["2030-04-20"]  # seated from the decision
    trail = ok(cli("history", str(proc), "--json"))
    assert [r["action"] for r in trail if r["action"] == "member_stayed_on"] == ["member_stayed_on"]
