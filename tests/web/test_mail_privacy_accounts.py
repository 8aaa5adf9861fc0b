"""The mail page (filters, pages, one message with its attachment, a failed one sent again), the
privacy page (export as a download, erase, purge with a dry run) and the accounts page of a
beheerder: each through the command the CLI calls; a lezer or coördinator changes nothing."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import COORDINATOR, LEZER, PASSWORD, log_in

pytestmark = pytest.mark.usefixtures("accounts")
BEHEERDER = "beheer@oss.nl"


def _member_with_invitation(client: TestClient, token: str) -> None:
    answer = client.post(
        "/raden/ruwaard/lid",
        data={
            "csrf_token": token, "name": "Anna de Boer", "email": "anna@example.org",
            "postcode": "5343 AB", "house_number": "10",
        },
    )  # fmt: skip
    assert "Het lid is toegevoegd." in answer.text
    answer = client.post(
        "/raden/ruwaard/vergadering", data={"csrf_token": token, "date": "2026-12-10"}
    )
    assert "De vergadering is vastgelegd" in answer.text


def _fail(message_id: int) -> None:
    from models import OutboxMessage
    from models.enums import MessageStatus
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        message.status = MessageStatus.PERMANENT_FAILURE
        message.attempts = 5
        message.last_error = "550 mailbox unavailable"


def test_mail_is_filtered_opened_downloaded_and_sent_again(coordinator, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    _member_with_invitation(client, token)
    listing = client.get("/mail?raad=ruwaard&ontvanger=lid").text
    found = re.findall(r'<a href="/mail/(\d+)">Bericht', listing)
    assert found, "the invitation is not listed for Ruwaard's members"
    assert "Bericht" not in client.get("/mail?raad=lith").text.split("Alle berichten")[1]
    assert "Geen berichten met deze keuzes" in client.get("/mail?ontvanger=kandidaat").text
    message = int(found[0])
    one = client.get(f"/mail/{message}").text
    assert "Anna de Boer" in one and "Onderwerp" in one and "Message-ID" in one
    link = re.search(rf'href="(/mail/{message}/bijlage/1)"', one)
    assert link, "the .ics attachment is not offered"
    download = client.get(link.group(1))
    assert download.status_code == 200 and b"BEGIN:VCALENDAR" in download.content
    assert "attachment" in download.headers["content-disposition"]
    assert client.get(f"/mail/{message}/bijlage/9").status_code == 404

    # only a message that failed for good can be sent again
    before = table_counts()
    refused = client.post(f"/mail/{message}/opnieuw", data={"csrf_token": token})
    assert refused.status_code == 400 and "niet blijvend mislukt" in refused.text
    assert "Fout:" in refused.text and table_counts() == before
    _fail(message)
    failed = client.get("/mail?status=permanent_failure").text
    assert f'href="/mail/{message}"' in failed and "550 mailbox unavailable" in failed
    answer = client.post(f"/mail/{message}/opnieuw", data={"csrf_token": token})
    assert "staat opnieuw klaar" in answer.text
    assert client.get("/mail?status=pending").text.count(f'href="/mail/{message}"') == 1


def test_mail_is_paged(coordinator) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from models import OutboxMessage
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        for n in range(60):
            session.add(
                OutboxMessage(
                    idempotency_key=f"test-{n}", template="digest", recipient_role="coordinator",
                    context={}, created_at=datetime(2026, 11, 28, 9),
                )
            )  # fmt: skip
    client, _ = coordinator
    first = client.get("/mail").text
    assert "60 berichten" in first and "pagina 1 van 2" in first
    assert len(re.findall(r'<a href="/mail/\d+">Bericht', first)) == 50
    second = client.get("/mail?pagina=2").text
    assert len(re.findall(r'<a href="/mail/\d+">Bericht', second)) == 10


def test_a_person_is_exported_erased_and_the_purge_tried_first(coordinator, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    _member_with_invitation(client, token)
    download = client.post(
        "/privacy/export", data={"csrf_token": token, "email": "anna@example.org"}
    )
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    assert json.loads(download.content)["person"]["name"] == "Anna de Boer"
    before = table_counts()
    refused = client.post("/privacy/export", data={"csrf_token": token, "email": ""})
    assert refused.status_code == 400 and "Fout:" in refused.text
    assert 'href="#export-email"' in refused.text
    # a sitting member is kept (the law); the reason is said next to the form
    refused = client.post(
        "/privacy/wissen",
        data={"csrf_token": token, "email": "anna@example.org", "reason": "verzoek"},
    )
    assert refused.status_code == 400 and table_counts() == before
    dry = client.post("/privacy/opschonen", data={"csrf_token": token, "proef": "ja"})
    assert "Te wissen (proefrun, er is niets veranderd)" in dry.text
    assert table_counts() == before
    done = client.post("/privacy/opschonen", data={"csrf_token": token, "proef": "nee"})
    assert '<h2 id="opgeschoond">Gewist</h2>' in done.text


def test_a_beheerder_adds_lists_and_disables_accounts(app, cli, table_counts, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # `wijkraad users add --role beheerder` exists (the password on standard input)
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    added = cli("users", "add", BEHEERDER, "--name", "Bea Heer", "--role", "beheerder", "--json")
    assert added.exit_code == 0, added.stderr
    assert added.json()["role"] == "beheerder"
    with TestClient(app) as client:
        token = log_in(client, BEHEERDER)
        page = client.get("/accounts")
        assert page.status_code == 200 and COORDINATOR in page.text and "Bea Heer" in page.text
        answer = client.post(
            "/accounts",
            data={"csrf_token": token, "name": "Nieuw", "email": "nieuw@oss.nl",
                  "role": "lezer", "password": "kort"},
        )  # fmt: skip
        assert answer.status_code == 400 and 'href="#nieuw-password"' in answer.text
        answer = client.post(
            "/accounts",
            data={"csrf_token": token, "name": "Nieuw", "email": "nieuw@oss.nl",
                  "role": "lezer", "password": PASSWORD},
        )  # fmt: skip
        assert "Het account is aangemaakt." in answer.text and "nieuw@oss.nl" in answer.text
        answer = client.post(
            "/accounts/uitschakelen", data={"csrf_token": token, "email": "nieuw@oss.nl"}
        )
        assert "Het account is uitgeschakeld." in answer.text
    for email in (COORDINATOR, LEZER):
        with TestClient(app) as client:
            token = log_in(client, email)
            assert client.get("/accounts").status_code == 403
            before = table_counts()
            answer = client.post(
                "/accounts/uitschakelen", data={"csrf_token": token, "email": BEHEERDER}
            )
            assert answer.status_code == 403 and table_counts() == before
