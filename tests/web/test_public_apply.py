"""The application form: the CLI's validation next to each field, a mail with a single-use
confirmation link, and only a confirmed application becomes a candidate (once)."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import Application, OutboxMessage
from tests.fixtures_smtp import MailWorld
from tests.web.conftest import csrf_of
from tests.web.public_world import (
    GOOD,
    candidate_names,
    count,
    form_token,
    outbox_links,
    post_form,
)


def confirm(client: TestClient, token: str) -> Any:
    """Open the link and press the button (a used link has no button: post it anyway)."""
    page = client.get(f"/aanmelden/bevestigen/{token}")
    assert page.status_code == 200, page.text
    used = "al gebruikt" in page.text
    csrf = form_token(client) if used else csrf_of(page.text)
    return client.post(
        f"/aanmelden/bevestigen/{token}", data={"csrf_token": csrf}, follow_redirects=False
    )


def test_bad_input_gets_the_cli_messages_next_to_the_fields_with_the_input_kept(
    anonymous: TestClient, mail_world: MailWorld
) -> None:
    answer = post_form(
        anonymous,
        {"name": "", "email": "geen-adres", "postcode": "12", "house_number": "x!"},
    )
    assert answer.status_code == 400
    text = html.unescape(answer.text)
    assert 'id="veld-name-fout">Vul uw naam in.' in text
    assert "'geen-adres' is geen geldig e-mailadres." in text
    assert 'id="veld-email-fout"' in text and 'id="veld-postcode-fout"' in text
    assert 'id="veld-postcode-fout">Vul een postcode in zoals 5345 AB: vier cijfers' in text
    assert 'id="veld-house_number-fout">Vul een huisnummer in zoals 12 of 12a.' in text
    assert 'value="geen-adres"' in text  # what was typed is kept
    assert "Ik woon hier twintig jaar" in text
    assert count(Application) == 0


def test_an_application_sends_a_mail_and_becomes_a_candidate_only_when_confirmed(
    anonymous: TestClient, mail_world: MailWorld
) -> None:
    before = len(candidate_names(mail_world.procedure_id))
    answer = post_form(anonymous)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/aanmelden/ruwaard/verstuurd"
    page = anonymous.get(answer.headers["location"])
    assert "Controleer uw e-mail" in page.text and "Check uw mail" in page.text
    assert len(candidate_names(mail_world.procedure_id)) == before  # not yet
    [token] = outbox_links()
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        application = session.scalars(select(Application)).one()
        assert application.token_digest and token not in application.token_digest
        assert application.email == GOOD["email"]
        message = session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "aanmelding_bevestigen")
        ).one()
        assert GOOD["email"] not in str(message.context)  # ids only
    done = confirm(anonymous, token)
    assert done.status_code == 200
    assert "Uw aanmelding is bevestigd" in done.text
    names = candidate_names(mail_world.procedure_id)
    assert names.count(GOOD["name"]) == 1
    with session_scope() as session:
        application = session.scalars(select(Application)).one()
        assert application.confirmed_at is not None and application.candidate_id
        assert application.email is None and application.name is None  # nothing personal left


def test_confirming_twice_or_applying_twice_makes_one_candidate(
    anonymous: TestClient, mail_world: MailWorld
) -> None:
    assert post_form(anonymous).status_code == 303
    assert post_form(anonymous).status_code == 303  # the same application again: no new one
    [first] = outbox_links()
    assert confirm(anonymous, first).status_code == 200
    again = confirm(anonymous, first)
    assert again.status_code == 200 and "Al bevestigd" in again.text
    assert post_form(anonymous).status_code == 303  # after the confirmation: a new application
    _, second = outbox_links()  # a new application: its own link
    refused = confirm(anonymous, second)
    assert refused.status_code == 409
    assert "Wij kunnen deze aanmelding niet verwerken" in refused.text
    assert "<title>Fout: " in refused.text  # an error state says so in the title
    names = candidate_names(mail_world.procedure_id)
    assert names.count(GOOD["name"]) == 1


def test_an_application_after_the_deadline_is_refused(
    anonymous: TestClient, mail_world: MailWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.web.public_world import form_token

    token = form_token(anonymous)
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-05T00:01")
    answer = anonymous.post(
        "/aanmelden/ruwaard", data={**GOOD, "csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 400
    assert "De aanmeldtermijn is verstreken" in answer.text
    assert count(Application) == 0


def confirmation_mail_text() -> str:
    from tasks.adapters.db import session_scope
    from tasks.mail.render import render_message

    with session_scope() as session:
        message = session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "aanmelding_bevestigen")
        ).one()
        return render_message(session, message).text


def test_an_application_sent_in_time_counts_when_confirmed_after_the_deadline(
    anonymous: TestClient, mail_world: MailWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The moment the resident submitted counts: sent on the deadline's day and confirmed
    within 72 hours, it becomes a candidate; the daily monitor waits for it before screening."""
    from tasks.steps.monitor import recruitment_due

    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-04T23:50")  # the deadline's day
    assert post_form(anonymous).status_code == 303
    sent = anonymous.get("/aanmelden/ruwaard/verstuurd").text
    assert "uiterlijk 7 december 2026 23:50 uur" in " ".join(sent.split())  # the page says until
    [token] = outbox_links()
    text = " ".join(confirmation_mail_text().split())
    assert "tot maandag 7 december 2026 om 23:50 uur" in text  # and so does the mail
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-05T07:00")
    assert mail_world.procedure_id not in recruitment_due(date(2026, 12, 5))  # it may come
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-06T10:10")
    done = confirm(anonymous, token)
    assert done.status_code == 200 and "Uw aanmelding is bevestigd" in done.text
    assert GOOD["name"] in candidate_names(mail_world.procedure_id)
    assert mail_world.procedure_id in recruitment_due(date(2026, 12, 7))  # now screening is due


def test_an_application_sent_in_time_is_refused_once_recruitment_is_closed(
    anonymous: TestClient, mail_world: MailWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An application sent in time, but confirmed after the coördinator closed recruitment, is
    refused: there is no screening left to take it."""
    from models import Procedure
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope

    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-04T23:50")
    assert post_form(anonymous).status_code == 303
    [token] = outbox_links()
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-05T10:00")
    with session_scope() as session:  # as the screening flow does after `screen`
        procedure = session.get_one(Procedure, mail_world.procedure_id)
        procedure.apply("close_recruitment", actor="coordinator", now=now())
    done = confirm(anonymous, token)
    assert done.status_code == 409 and "Aanmeldtermijn gesloten" in done.text
    assert GOOD["name"] not in candidate_names(mail_world.procedure_id)


def test_a_committee_member_is_refused_without_a_hint_why(
    anonymous: TestClient, mail_world: MailWorld
) -> None:
    member = {"name": "Mehmet Yilmaz", "email": "iemand.anders@example.nl",
              "postcode": "5345AB", "house_number": "17a"}  # fmt: skip
    answer = post_form(anonymous, member)
    assert answer.status_code == 303  # the same answer as anyone gets
    [token] = outbox_links()
    done = confirm(anonymous, token)
    assert done.status_code == 409
    assert "commissie" not in done.text.lower()
    assert "Wij kunnen deze aanmelding niet verwerken" in done.text
    assert "Mehmet Yilmaz" not in candidate_names(mail_world.procedure_id)


def test_an_expired_link_is_refused_and_the_purge_deletes_the_application(
    anonymous: TestClient, mail_world: MailWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from tasks.adapters.settings import get_settings
    from tasks.mail.delivery import deliver_due
    from tasks.steps.privacy import purge_due

    assert post_form(anonymous).status_code == 303
    [token] = outbox_links()
    deliver_due()  # no SMTP server: a pickup file under $WIJKRAAD_HOME/mail
    # the pickup copies of this application's mail (the folder may hold other tests' mail)
    files = [
        p
        for p in get_settings().mail_dir.rglob("*")
        if p.is_file() and token in p.read_text(errors="replace")
    ]
    assert files
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-01T09:00")  # 72 hours later
    answer = anonymous.get(f"/aanmelden/bevestigen/{token}")
    assert answer.status_code == 410 and "verlopen" in answer.text
    assert count(Application) == 1
    assert purge_due(datetime(2026, 12, 1, 9)) >= 1
    assert count(Application) == 0
    assert not [p for p in files if p.exists()]  # the copy of the mail went with it
    assert anonymous.get(f"/aanmelden/bevestigen/{token}").status_code == 404


def test_an_unknown_token_is_refused(anonymous: TestClient, mail_world: MailWorld) -> None:
    answer = anonymous.get("/aanmelden/bevestigen/" + "x" * 43)
    assert answer.status_code == 404 and "ongeldig" in answer.text


def test_a_refusal_keeps_no_personal_data_in_the_audit_trail(
    anonymous: TestClient, mail_world: MailWorld
) -> None:
    from sqlalchemy import select

    from models import AuditEvent
    from tasks.adapters.db import session_scope

    # the address of a committee member under another name: refused, the reason names no one
    other = {"name": "Iemand Anders", "email": "annelies.vandenberg@example.nl"}
    assert post_form(anonymous, other).status_code == 303
    [token] = outbox_links()
    assert confirm(anonymous, token).status_code == 409
    with session_scope() as session:
        reasons = session.scalars(
            select(AuditEvent.reason).where(AuditEvent.action == "application_refused")
        ).all()
    assert len(reasons) == 1
    assert "annelies" not in (reasons[0] or "").lower() and "Anders" not in (reasons[0] or "")
