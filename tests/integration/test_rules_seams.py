"""The rules at the seams between steps, each as a coördinator would meet it on the command
line: one seat per person per council, a B&W decision between the nomination and today, the
sitting council of a late renewal, a procedure nobody applies to, one meeting a day, an
extension on a working day, the pending step in `status --json`, who acted, a committee member
under an initial, and the small ones (a hint, a seat in an ended term, who confirmed a
residence)."""

from __future__ import annotations

import getpass

import pytest
from sqlalchemy import select

from tests.e2e.test_cli_procedure import add_member, ok
from tests.e2e.test_cli_procedure_refusals import apply, nominating, recruiting, refused

pytestmark = pytest.mark.usefixtures("prefect")

COMMITTEE = ("--postcode", "5343AB", "--house-number", "99")


def committee_of(cli, proc: int, appointed_by: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Carla Commissie on the committee, appointed by these members; confirmed."""
    by = ("--appointed-by", ",".join(map(str, appointed_by))) if appointed_by else ()
    ok(cli("committee", "add", str(proc), "--name", "Carla Commissie", "--email",
           "carla.commissie@example.nl", *COMMITTEE, *by, "--json"))  # fmt: skip
    ok(cli("committee", "confirm", str(proc), "--json"))


def anna(cli, proc: int, email: str = "anna.prive@example.nl"):  # type: ignore[no-untyped-def]
    """Member Anna de Vries (5343 AB 10) applies under another email address."""
    return cli("candidates", "add", str(proc), "--name", "Anna de Vries", "--email", email,
               "--postcode", "5343AB", "--house-number", "10", "--json")  # fmt: skip


def test_a_sitting_member_cannot_apply_to_a_vacancy_of_their_own_council(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    member = add_member(cli, "member_a", "10")
    proc = ok(cli("vacancy", "--area", "ruwaard", "--json"))["id"]
    committee_of(cli, proc, [member])
    args = ("candidates", "add", str(proc), "--name", "Anna de Vries", "--email",
            "anna.prive@example.nl", "--postcode", "5343AB", "--house-number", "10")  # fmt: skip
    message = refused(cli, table_counts, *args)
    assert "al lid van de Wijkraad Ruwaard" in message and "vrije zetel" in message
    assert "Traceback" not in message


def test_a_sitting_member_may_apply_for_the_next_term(cli) -> None:  # type: ignore[no-untyped-def]
    member = add_member(cli, "member_a", "10")
    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    committee_of(cli, proc, [member])
    assert ok(anna(cli, proc))["id"]


def test_one_seat_per_person_per_council_in_the_model() -> None:
    from datetime import date

    from models import Area, Membership
    from models.errors import DomainError
    from models.rules import ensure_one_seat

    area = Area(name="Ruwaard", slug="ruwaard", max_seats=7)
    seat = Membership(id=4, person_id=1, start_date=date(2026, 4, 1), end_date=date(2030, 4, 2))
    with pytest.raises(DomainError, match="één zetel per raad"):
        ensure_one_seat(1, [seat], date(2027, 1, 1), date(2030, 4, 2), area)
    seat.left_on, seat.leave_reason = date(2026, 12, 1), "verhuisd"
    ensure_one_seat(1, [seat], date(2027, 1, 1), date(2030, 4, 2), area)  # left before: free
    ensure_one_seat(2, [seat], date(2026, 5, 1), date(2030, 4, 2), area)  # another person


def test_a_decision_dated_before_the_nomination_is_refused(cli, table_counts, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    proc, good, _ = nominating(cli, 1)
    ok(cli("nominate", str(proc), str(good[0]), "--json"))  # on 2026-11-28
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-10T09:00")
    message = refused(cli, table_counts, "decide", str(proc), str(good[0]), "--number",
                      "2026/0001", "--date", "2026-11-27")  # fmt: skip
    assert "--date" in message and "vóór de voordracht" in message
    assert ok(cli("decide", str(proc), str(good[0]), "--number", "2026/0001", "--date",
                  "2026-11-28", "--json"))  # fmt: skip  # the day of the nomination counts


def test_the_sitting_council_appoints_the_committee_of_a_renewal_that_runs_late(
    cli, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    members = [add_member(cli, "member_a", "10"), add_member(cli, "member_b", "11")]
    monkeypatch.setenv("WIJKRAAD_NOW", "2030-03-20T09:00")
    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    monkeypatch.setenv("WIJKRAAD_NOW", "2030-04-10T09:00")  # the term began on 2030-04-03
    committee_of(cli, proc, members)
    page_members = _appointers(proc)
    assert sorted(page_members) == sorted(members)  # the web form offers them too


def _appointers(proc: int) -> list[int]:
    from models import Procedure
    from tasks.adapters.db import session_scope
    from tasks.queries.procedure_page import appointers

    with session_scope() as session:
        return [a["id"] for a in appointers(session, session.get_one(Procedure, proc))]


def test_no_applicants_at_the_deadline_stalls_with_a_reason_and_two_ways_on(
    cli, table_counts, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from models import OutboxMessage
    from tasks.adapters.db import session_scope
    from tasks.mail.render import render_message

    proc, _ = recruiting(cli)  # application deadline 2027-01-11
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-01-12T07:00")
    assert ok(cli("tick", "--json"))["screened"] == 0
    status = ok(cli("status", str(proc), "--json"))
    assert status["stage"] == "recruiting"
    listed = ok(cli("status", "--area", "ruwaard", "--json"))
    assert [r["stalled_label"] for r in listed if r["id"] == proc] == ["geen aanmeldingen"]
    stalled = [s for s in ok(cli("stalled", "--json")) if s["id"] == proc]
    assert stalled and stalled[0]["reason"] == "geen aanmeldingen"
    assert "verleng de aanmeldtermijn" in stalled[0]["awaited"]
    assert "experiment" in stalled[0]["awaited"]
    message = refused(cli, table_counts, "screen", str(proc))
    assert "geen aanmeldingen" in message and "wijkraad recruitment extend" in message
    with session_scope() as session:
        digest = session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "digest")
        ).all()
        assert digest
        text = " ".join(render_message(session, digest[-1]).text.split())
    assert f"Procedure {proc} (ruwaard)" in text and "geen aanmeldingen" in text

    ok(cli("recruitment", "extend", str(proc), "--until", "2027-02-01", "--reason", "Niemand"))
    listed = ok(cli("status", "--area", "ruwaard", "--json"))
    assert [r["stalled_label"] for r in listed if r["id"] == proc] == ["op schema"]


def test_two_meetings_of_a_council_on_one_day_are_refused(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    add_member(cli, "member_a", "10")
    first = ok(cli("meetings", "add", "--area", "ruwaard", "--date", "2026-12-10", "--json"))
    assert first["id"]
    message = refused(cli, table_counts, "meetings", "add", "--area", "ruwaard", "--date",
                      "2026-12-10")  # fmt: skip
    assert "al een vergadering" in message
    other = ok(cli("meetings", "add", "--area", "ruwaard", "--date", "2026-12-17", "--json"))
    message = refused(cli, table_counts, "meetings", "move", str(other["id"]), "--date",
                      "2026-12-10")  # fmt: skip
    assert "al een vergadering" in message


def test_an_extension_to_a_saturday_ends_on_the_next_working_day(cli) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    extended = ok(cli("recruitment", "extend", str(proc), "--until", "2027-01-23", "--reason",
                      "Weinig aanmeldingen", "--json"))  # fmt: skip
    assert extended["application_deadline"] == "2027-01-25"  # Saturday 23rd -> Monday


def test_status_json_names_the_pending_step(cli) -> None:  # type: ignore[no-untyped-def]
    from models import Procedure
    from models.enums import FollowUp
    from tasks.adapters.db import session_scope

    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    assert ok(cli("status", str(proc), "--json"))["pending_step"] is None
    with session_scope() as session:  # as after a command whose flow did not finish
        procedure = session.get_one(Procedure, proc)
        procedure.pending_step = FollowUp.REQUEST_COMMITTEE
    assert ok(cli("status", str(proc), "--json"))["pending_step"] == "request_committee"


def test_the_audit_trail_names_who_acted_on_the_command_line(
    cli, table_counts, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from commands import users

    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    users.add_user(users.AddUser("Els@Oss.nl", "Els Coördinator", "coordinator", "x" * 16))
    users.add_user(users.AddUser("lezer@oss.nl", "Lees Mee", "lezer", "x" * 16))
    monkeypatch.setenv("WIJKRAAD_USER", "els@oss.nl")
    ok(cli("suspend", str(proc), "--reason", "Verbouwing buurthuis"))
    monkeypatch.setenv("WIJKRAAD_USER", "onbekend@oss.nl")
    assert "geen account" in refused(cli, table_counts, "resume", str(proc))
    monkeypatch.setenv("WIJKRAAD_USER", "lezer@oss.nl")
    assert "kan niets wijzigen" in refused(cli, table_counts, "resume", str(proc))
    monkeypatch.delenv("WIJKRAAD_USER")
    ok(cli("resume", str(proc)))
    trail = {r["action"]: r["actor"] for r in ok(cli("history", str(proc), "--json"))}
    assert trail["suspend"] == "els@oss.nl"
    assert trail["resume"] == f"cli:{getpass.getuser()}"


def test_a_committee_member_under_an_initial_needs_a_check(cli) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)  # Carla Commissie, 5343AB 99
    initial = ok(cli("candidates", "add", str(proc), "--name", "C. Commissie", "--email",
                     "c.commissie@example.nl", *COMMITTEE, "--json"))["id"]  # fmt: skip
    neighbour = ok(cli("candidates", "add", str(proc), "--name", "Daan Jansen", "--email",
                       "daan@example.nl", *COMMITTEE, "--json"))["id"]  # fmt: skip
    assert ok(cli("screen", str(proc), "--close-early", "--json"))["stage"] == "screening"
    listed = {c["id"]: c for c in ok(cli("candidates", "list", str(proc), "--json"))}
    assert listed[initial]["status"] == "needs_check"
    conflict = next(f for f in listed[initial]["findings"] if f["rule"] == "committee_conflict")
    assert conflict["result"] == "needs_check" and "achternaam" in conflict["reason"]
    assert listed[neighbour]["status"] == "eligible"  # another surname at the address


def test_the_members_move_hint_names_an_option_it_has(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    member = add_member(cli, "member_a", "10")
    message = refused(cli, table_counts, "members", "move", str(member), "--postcode", "1011 AB",
                      "--house-number", "1", "--date", "2026-11-02")  # fmt: skip
    assert "--residence-confirmed-by NAAM" in message
    moved = ok(cli("members", "move", str(member), "--postcode", "1011 AB", "--house-number", "1",
                   "--date", "2026-11-02", "--residence-confirmed-by", "J. Coördinator",
                   "--json"))  # fmt: skip
    assert moved["left"] is False


def test_a_member_since_a_date_in_an_ended_term_is_refused(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    message = refused(cli, table_counts, "members", "add", "--area", "ruwaard", "--name",
                      "Oud Lid", "--email", "oud@example.nl", "--postcode", "5343AB",
                      "--house-number", "3", "--since", "2023-05-01")  # fmt: skip
    assert "--since" in message or "sinds" in message
    assert "afgelopen" in message


def test_an_overturned_politics_finding_confirms_no_residence(cli) -> None:  # type: ignore[no-untyped-def]
    from models import Membership
    from tasks.adapters.db import session_scope

    proc, _ = recruiting(cli)
    candidate = ok(apply(cli, proc, 1, "--politically-active"))["id"]
    ok(cli("screen", str(proc), "--close-early", "--json"))
    ok(cli("screen", "overturn", str(proc), str(candidate), "--rule", "politics", "--pass",
           "--reason", "Zegt lidmaatschap op", "--by", "Commissie Ruwaard", "--json"))  # fmt: skip
    ok(cli("interview", str(proc), str(candidate), "--score", "gebied=4", "--json"))
    ok(cli("nominate", str(proc), str(candidate), "--json"))
    ok(cli("decide", str(proc), str(candidate), "--number", "2026/0002", "--date", "2026-11-28",
           "--json"))  # fmt: skip
    with session_scope() as session:
        seats = session.scalars(select(Membership)).all()
        assert [m.residence_confirmed_by for m in seats] == [None]


def test_a_decision_dated_before_a_member_joined_cannot_overfill_the_council(
    cli, table_counts, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Found by the invariant test: the seats were counted on the decision's date only, so a
    decision dated before a member joined seated one member too many from that day on."""
    sitting = []
    for n in range(6):  # 6 of Ruwaard's 7 seats
        added = cli("members", "add", "--area", "ruwaard", "--name", f"Lid Nummer{n}", "--email",
                    f"lid{n}@example.nl", "--postcode", "5343AB", "--house-number", str(50 + n),
                    "--json")  # fmt: skip
        sitting.append(ok(added)["id"])
    proc = ok(cli("vacancy", "--area", "ruwaard", "--json"))["id"]
    committee_of(cli, proc, sitting[:2])
    candidate = ok(apply(cli, proc, 1))["id"]
    ok(cli("screen", str(proc), "--close-early", "--json"))
    ok(cli("interview", str(proc), str(candidate), "--score", "gebied=4", "--json"))
    ok(cli("nominate", str(proc), str(candidate), "--json"))  # on 2026-11-28
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-05T09:00")
    ok(cli("members", "add", "--area", "ruwaard", "--name", "Laatste Lid", "--email",
           "laatste@example.nl", "--postcode", "5343AB", "--house-number", "60"))  # fmt: skip
    message = refused(cli, table_counts, "decide", str(proc), str(candidate), "--number",
                      "2026/0009", "--date", "2026-11-28")  # fmt: skip
    assert "7 zetels en nog 0 vrij" in message


def test_a_renewal_opened_after_its_term_began_is_appointed_by_the_sitting_council(
    cli, table_counts, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Forgotten until the term began: the current term is renewed late, its council's seats
    still held by the ending term's members, who appoint the committee. A term that has ended,
    or a council of the new term that already has members, is refused in Dutch."""
    members = [add_member(cli, "member_a", "10"), add_member(cli, "member_b", "11")]
    monkeypatch.setenv("WIJKRAAD_NOW", "2030-04-10T09:00")  # the term began on 2030-04-03
    message = refused(cli, table_counts, "renew", "--area", "ruwaard", "--term", "2026")
    assert "al voorbij" in message and "Traceback" not in message
    message = refused(cli, table_counts, "renew", "--all", "--term", "2030")
    assert "per raad" in message
    proc = ok(cli("renew", "--area", "ruwaard", "--term", "2030", "--json"))["id"]
    committee_of(cli, proc, members)
    assert sorted(_appointers(proc)) == sorted(members)

    lies = ("--name", "Lies Lith", "--email", "lies.lith@example.nl")
    ok(cli("members", "add", "--area", "lith", *lies, "--postcode", "5391AA", "--house-number",
           "3", "--json"))  # fmt: skip
    message = refused(cli, table_counts, "renew", "--area", "lith", "--term", "2030")
    assert (
        "al 1 lid" in message
        and "tussentijdse procedure" in message
        and "wijkraad vacancy" in message
    )
