"""Every letter says what was true when it was queued, and a letter that is no longer true is
withdrawn before delivery (`ingetrokken`) or corrected after it: an overturned rejection, a
request to check that was answered, the committee's list of candidates, a meeting moved before
its invitation went out. `mail show` and `mail list` show the message as it is (or was) sent,
to whom it is (or was) sent."""

from __future__ import annotations

import email
import email.policy
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import apply, person, recruiting

pytestmark = pytest.mark.usefixtures("prefect")


def rows(cli, template: str) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    listed = [r for r in ok(cli("mail", "list", "--json")) if r["template"] == template]
    return sorted(listed, key=lambda r: r["id"])


def sent_texts(home: Path, template: str) -> dict[str, list[str]]:
    """The plain text of every pickup file of this template, by recipient address."""
    found: dict[str, list[str]] = {}
    for path in sorted((home / "mail").glob(f"*-{template}.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(("plain",))
        assert body is not None
        to = re.search(r"<(.+)>", str(message["to"]))
        assert to
        found.setdefault(to.group(1), []).append(" ".join(body.get_content().split()))
    return found


@pytest.fixture
def home() -> Path:
    """The home whose mail/ holds this test's pickup files only (the session shares it)."""
    from tasks.adapters.settings import get_settings

    shutil.rmtree(get_settings().mail_dir, ignore_errors=True)
    return get_settings().home


def test_an_overturned_rejection_is_withdrawn_and_never_sent(cli, home) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1))
    employee = ok(apply(cli, proc, 2, "--municipal-employee"))["id"]
    assert ok(cli("screen", str(proc), "--close-early", "--json"))["stage"] == "nominating"
    [rejection] = rows(cli, "niet_verkiesbaar")
    assert rejection["status"] == "pending"

    ok(
        cli(
            "screen", "overturn", str(proc), str(employee), "--rule", "municipal_employment",
            "--pass", "--reason", "Werkt sinds 2025 niet meer bij de gemeente", "--json",
        )
    )  # fmt: skip
    [rejection] = rows(cli, "niet_verkiesbaar")
    assert rejection["status"] == "withdrawn"
    assert "voldoet alsnog" in rejection["withdrawn_reason"]
    table = " ".join(cli("mail", "list").stdout.split())
    assert "ingetrokken" in table and "voldoet alsnog" in table

    # the committee's list of candidates follows: the first list is withdrawn, the new one
    # names both candidates
    interviews = rows(cli, "gesprekken_uitnodigen")
    assert [r["status"] for r in interviews] == ["withdrawn", "pending"]
    ok(cli("mail", "send", "--json"))
    _, employee_email = person(2)
    assert employee_email not in sent_texts(home, "niet_verkiesbaar")
    assert not sent_texts(home, "toetsing_herzien")  # nothing to correct: it never went out
    [committee_letter] = [
        t for texts in sent_texts(home, "gesprekken_uitnodigen").values() for t in texts
    ]
    assert "De volgende 2 kandidaten voldoen" in committee_letter
    assert person(1)[0] in committee_letter and person(2)[0] in committee_letter


def test_a_rejection_already_sent_is_corrected(cli, home) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1))
    employee = ok(apply(cli, proc, 2, "--municipal-employee"))["id"]
    ok(cli("screen", str(proc), "--close-early", "--json"))
    ok(cli("mail", "send", "--json"))
    _, employee_email = person(2)
    assert len(sent_texts(home, "niet_verkiesbaar")[employee_email]) == 1

    ok(
        cli(
            "screen", "overturn", str(proc), str(employee), "--rule", "municipal_employment",
            "--pass", "--reason", "Vergissing in het formulier", "--json",
        )
    )  # fmt: skip
    [correction] = rows(cli, "toetsing_herzien")
    shown = ok(cli("mail", "show", str(correction["id"]), "--json"))
    assert shown["to"].endswith(f"<{employee_email}>")
    ok(cli("mail", "send", "--json"))
    [text] = sent_texts(home, "toetsing_herzien")[employee_email]
    assert "klopt niet meer" in text and "voldoet u wel aan de voorwaarden" in text
    assert shown["text"].split() == text.split()  # exactly what was queued
    # and the committee hears of the longer list once, as a new list
    letters = sent_texts(home, "gesprekken_uitnodigen")
    assert letters and all(len(texts) == 2 for texts in letters.values())
    assert all("Sinds ons vorige bericht" in texts[1] for texts in letters.values())


def test_resolved_checks_withdraw_the_request_and_no_empty_list_is_sent(cli, home) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    unknown = []
    for n in (1, 2):
        name, address = person(n)
        unknown.append(
            ok(
                cli(
                    "candidates", "add", str(proc), "--name", name, "--email", address,
                    "--postcode", "1011AB", "--house-number", str(n), "--json",
                )
            )["id"]
        )  # fmt: skip
    assert ok(cli("screen", str(proc), "--close-early", "--json"))["stage"] == "screening"
    [request] = rows(cli, "toetsing_controle")
    assert request["status"] == "pending"
    ok(
        cli(
            "screen", "resolve", str(proc), str(unknown[0]), "--eligible",
            "--reason", "Adres bevestigd", "--json",
        )
    )  # fmt: skip
    requests = rows(cli, "toetsing_controle")
    assert [r["status"] for r in requests] == ["withdrawn", "pending"]
    ok(
        cli(
            "screen", "resolve", str(proc), str(unknown[1]), "--ineligible",
            "--reason", "Woont buiten Ruwaard", "--json",
        )
    )  # fmt: skip
    assert {r["status"] for r in rows(cli, "toetsing_controle")} == {"withdrawn"}
    ok(cli("mail", "send", "--json"))
    assert not sent_texts(home, "toetsing_controle")


def test_a_request_to_check_lists_exactly_the_open_checks(cli, home) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    name, address = person(1)
    unknown = ok(
        cli(
            "candidates", "add", str(proc), "--name", name, "--email", address,
            "--postcode", "1011AB", "--house-number", "1", "--json",
        )
    )["id"]  # fmt: skip
    ok(cli("screen", str(proc), "--close-early", "--json"))
    ok(cli("mail", "send", "--json"))
    [text] = [t for texts in sent_texts(home, "toetsing_controle").values() for t in texts]
    assert f"(kandidaat {unknown}):" in text and "de volgende kandidaat kon" in text.lower()
    assert "wijkraad screen" not in text  # no command lines in a letter


def test_a_delayed_letter_says_what_was_true_when_it_was_queued(cli, home) -> None:  # type: ignore[no-untyped-def]
    """Nobody qualified at first; a finding overturned during the interviews makes a candidate
    eligible, who is nominated and appointed before the mail goes out. The committee never
    reads "geen van de kandidaten voldoet" about a procedure that appointed someone, and what
    is sent is what was queued."""
    proc, _ = recruiting(cli)
    employee = ok(apply(cli, proc, 1, "--municipal-employee"))["id"]
    assert ok(cli("screen", str(proc), "--close-early", "--json"))["stage"] == "nominating"
    [first] = rows(cli, "gesprekken_uitnodigen")
    queued = ok(cli("mail", "show", str(first["id"]), "--json"))
    assert "geen van de kandidaten" in queued["text"]

    ok(
        cli(
            "screen", "overturn", str(proc), str(employee), "--rule", "municipal_employment",
            "--pass", "--reason", "Dienstverband beëindigd", "--json",
        )
    )  # fmt: skip
    ok(cli("interview", str(proc), str(employee), "--score", "gebied=4", "--json"))
    ok(cli("nominate", str(proc), str(employee), "--json"))
    ok(
        cli(
            "decide", str(proc), str(employee), "--number", "2026/0042",
            "--date", "2026-11-28", "--json",
        )
    )  # fmt: skip
    ok(cli("mail", "send", "--json"))
    letters = [t for texts in sent_texts(home, "gesprekken_uitnodigen").values() for t in texts]
    assert letters
    assert not any("geen van de kandidaten" in t for t in letters)
    assert person(1)[0] in letters[-1]
    assert rows(cli, "gesprekken_uitnodigen")[0]["status"] == "withdrawn"
    # a letter once queued does not change with the database
    [appointed] = rows(cli, "benoemd")
    before = ok(cli("mail", "show", str(appointed["id"]), "--json"))
    from models import Person
    from tasks.adapters import db

    with db.session_scope() as session:
        someone = session.scalars(select(Person).where(Person.email == person(1)[1])).one()
        someone.name = "Een Andere Naam"
    after = ok(cli("mail", "show", str(appointed["id"]), "--json"))
    assert after["text"] == before["text"] and "Een Andere Naam" not in after["text"]


def test_a_meeting_moved_before_its_invitation_went_out_is_no_change(cli, home) -> None:  # type: ignore[no-untyped-def]
    for n in (1, 2):
        name, address = person(n)
        ok(
            cli(
                "members", "add", "--area", "ruwaard", "--name", name, "--email", address,
                "--postcode", "5343AB", "--house-number", str(n), "--since", "2026-04-01",
                "--json",
            )
        )  # fmt: skip
    meeting = ok(cli("meetings", "add", "--area", "ruwaard", "--date", "2026-12-10", "--json"))
    ok(cli("meetings", "move", str(meeting["id"]), "--date", "2026-12-17", "--json"))
    invitations = rows(cli, "vergadering_uitnodiging")
    assert sorted(r["status"] for r in invitations) == ["pending"] * 2 + ["withdrawn"] * 2
    ok(cli("mail", "send", "--json"))
    for path in sorted((home / "mail").glob("*-vergadering_uitnodiging.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert not str(message["subject"]).startswith("Gewijzigd"), message["subject"]
        assert "17 december" in str(message["subject"])
    # moved again after they were sent: now it is a change, for everyone who had one
    ok(cli("meetings", "move", str(meeting["id"]), "--date", "2026-12-18", "--json"))
    pending = [r for r in rows(cli, "vergadering_uitnodiging") if r["status"] == "pending"]
    assert len(pending) == 2
    for row in pending:
        shown = ok(cli("mail", "show", str(row["id"]), "--json"))
        assert shown["subject"].startswith("Gewijzigd") and "verplaatst" in shown["text"]
        assert shown["attachments"][0]["filename"] == "uitnodiging.ics"


def test_mail_show_and_list_name_the_resident_of_a_confirmation_mail(cli) -> None:  # type: ignore[no-untyped-def]
    """`mail show` on a confirmation mail after the resident confirmed (the application then
    holds no address) and `mail list` both name the resident's address, not the coördinator."""
    from commands import applications as applying
    from models import OutboxMessage
    from tasks.adapters import db
    from tasks.mail.render import as_sent

    proc, _ = recruiting(cli)
    applying.apply(
        applying.Apply(
            area="ruwaard", name="Ria Inwoner", email="ria@example.nl", postcode="5343AB",
            house_number="7",
        )
    )  # fmt: skip
    [row] = rows(cli, "aanmelding_bevestigen")
    assert row["recipient"] == "ria@example.nl"
    with db.session_scope() as session:
        message = session.get_one(OutboxMessage, row["id"])
        token = re.search(r"/aanmelden/bevestigen/([\w-]+)", as_sent(session, message).text)
    assert token
    applying.confirm(applying.Confirm(token=token.group(1)))
    shown = cli("mail", "show", str(row["id"]))
    assert shown.exit_code == 0, shown.stderr
    assert "Aan: Ria Inwoner <ria@example.nl>" in shown.stdout
    assert "bevestigen" in shown.stdout
    assert [r["recipient"] for r in rows(cli, "aanmelding_bevestigen")] == ["ria@example.nl"]
    assert "ria@example.nl" in cli("mail", "list").stdout
    assert proc


def test_a_letter_kept_in_the_outbox_goes_with_the_mail_retention(cli, home) -> None:  # type: ignore[no-untyped-def]
    """The rendered text, recipient and attachments are personal data: the purge erases them
    once the mail's retention (3 months after sending) has ended; status and dates stay."""
    from datetime import datetime

    from models import OutboxMessage
    from tasks.adapters import db
    from tasks.steps.privacy import purge_due

    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1, "--municipal-employee"))
    ok(cli("screen", str(proc), "--close-early", "--json"))
    ok(cli("mail", "send", "--json"))
    [rejection] = rows(cli, "niet_verkiesbaar")
    assert rejection["status"] == "delivered"
    assert person(1)[0] in ok(cli("mail", "show", str(rejection["id"]), "--json"))["text"]

    purge_due(datetime(2027, 2, 1))  # within the retention: kept
    assert person(1)[0] in ok(cli("mail", "show", str(rejection["id"]), "--json"))["text"]
    purge_due(datetime(2027, 3, 1))
    shown = ok(cli("mail", "show", str(rejection["id"]), "--json"))
    assert shown["status"] == "delivered" and "gewist" in shown["text"]
    with db.session_scope() as session:
        row = session.get_one(OutboxMessage, rejection["id"])
        assert row.body_text is None and row.recipient_email is None and not row.attachments
        assert row.bodies_erased_at is not None and row.sent_at is not None


def test_a_reminder_of_a_date_that_moved_or_a_procedure_that_stopped_is_withdrawn(cli) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from tasks.mail.reminders import due_reminders

    proc, _ = recruiting(cli)  # applications until 2027-01-11
    due_reminders(datetime(2027, 1, 5, 9))
    [reminder] = rows(cli, "herinnering_aanmeldtermijn")
    assert reminder["status"] == "pending"
    ok(
        cli(
            "recruitment", "extend", str(proc), "--until", "2027-01-25",
            "--reason", "Weinig aanmeldingen", "--json",
        )
    )  # fmt: skip
    [reminder] = rows(cli, "herinnering_aanmeldtermijn")
    assert reminder["status"] == "withdrawn" and "verlengd" in reminder["withdrawn_reason"]
    due_reminders(datetime(2027, 1, 19, 9))
    reminders = rows(cli, "herinnering_aanmeldtermijn")
    assert [r["status"] for r in reminders] == ["withdrawn", "pending"]
    text = ok(cli("mail", "show", str(reminders[1]["id"]), "--json"))["text"]
    assert "25 januari 2027" in text
    assert "http://127.0.0.1:8000/aanmelden/ruwaard" in text  # where to point residents to
    ok(cli("cancel", str(proc), "--reason", "Gebiedsindeling herzien", "--json"))
    assert {r["status"] for r in rows(cli, "herinnering_aanmeldtermijn")} == {"withdrawn"}


def _asserted(message_id: int) -> tuple[int | None, str | None]:
    """The candidate and the status an outcome letter's row says it tells."""
    from models import OutboxMessage
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        row = session.get_one(OutboxMessage, message_id)
        told = row.asserted_status.value if row.asserted_status else None
        return row.candidate_id, told


def test_a_cancelled_procedure_tells_each_waiting_candidate_once_why_and_what_next(
    cli, home
) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    waiting = ok(apply(cli, proc, 1))["id"]
    rejected = ok(apply(cli, proc, 2, "--municipal-employee"))["id"]
    ok(cli("screen", str(proc), "--close-early", "--json"))
    reason = "De gebiedsindeling van Ruwaard wordt herzien"
    ok(cli("cancel", str(proc), "--reason", reason, "--json"))
    assert cli("cancel", str(proc), "--reason", reason).exit_code == 1  # already done
    statuses = {c["id"]: c["status"] for c in ok(cli("candidates", "list", str(proc), "--json"))}
    assert statuses == {waiting: "cancelled", rejected: "ineligible"}  # the rejection stands
    [stopped] = rows(cli, "procedure_gestopt")
    assert _asserted(stopped["id"]) == (waiting, "cancelled")
    ok(cli("mail", "send", "--json"))
    [text] = sent_texts(home, "procedure_gestopt")[person(1)[1]]
    assert "benoemingsprocedure gestopt" in text and reason in text
    assert "Wat gebeurt er nu?" in text and "opnieuw aan te melden" in text
    assert person(2)[1] not in sent_texts(home, "procedure_gestopt")
    assert person(2)[1] in sent_texts(home, "niet_verkiesbaar")


def test_a_rejection_is_corrected_only_once_the_check_finds_them_eligible(cli, home) -> None:  # type: ignore[no-untyped-def]
    """Politically active at an unknown postcode: rejected, and the rejection went out. The
    politics finding overturned leaves the address to check: no letter says they qualify
    until the check says so."""
    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1))
    name, address = person(2)
    doubtful = ok(
        cli(
            "candidates", "add", str(proc), "--name", name, "--email", address,
            "--postcode", "1011AB", "--house-number", "2", "--politically-active", "--json",
        )
    )["id"]  # fmt: skip
    ok(cli("screen", str(proc), "--close-early", "--json"))
    ok(cli("mail", "send", "--json"))
    assert len(sent_texts(home, "niet_verkiesbaar")[address]) == 1
    ok(
        cli(
            "screen", "overturn", str(proc), str(doubtful), "--rule", "politics", "--pass",
            "--reason", "Geen lid meer van een partij", "--json",
        )
    )  # fmt: skip
    assert rows(cli, "toetsing_herzien") == []  # the address still waits for a check
    ok(
        cli(
            "screen", "resolve", str(proc), str(doubtful), "--eligible",
            "--reason", "Adres bevestigd", "--json",
        )
    )  # fmt: skip
    [correction] = rows(cli, "toetsing_herzien")
    assert _asserted(correction["id"]) == (doubtful, "eligible")


def test_a_candidate_corrected_and_then_rejected_again_gets_a_new_rejection(cli, home) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1))
    employee = ok(apply(cli, proc, 2, "--municipal-employee"))["id"]
    ok(cli("screen", str(proc), "--close-early", "--json"))
    ok(cli("mail", "send", "--json"))

    def overturn(passed: bool) -> None:
        ok(
            cli(
                "screen", "overturn", str(proc), str(employee), "--rule",
                "municipal_employment", "--pass" if passed else "--fail",
                "--reason", "Herzien", "--json",
            )
        )  # fmt: skip

    overturn(True)
    ok(cli("mail", "send", "--json"))  # the correction went out
    overturn(False)
    rejections = rows(cli, "niet_verkiesbaar")
    assert [r["status"] for r in rejections] == ["delivered", "pending"]
    overturn(True)  # before the new rejection went out: withdrawn, and nothing to correct
    assert [r["status"] for r in rows(cli, "niet_verkiesbaar")] == ["delivered", "withdrawn"]
    assert [r["status"] for r in rows(cli, "toetsing_herzien")] == ["delivered"]
