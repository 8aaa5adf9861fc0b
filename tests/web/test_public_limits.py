"""The public form's limits count what matters: a refused application counts against the limit
per client address; the limit per e-mail address counts confirmation mails, so three forms with
someone else's address neither flood their mailbox nor block their own application: a repeat
form for the same waiting application sends the same link again at most once an hour."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import Application
from tests.fixtures_smtp import MailWorld
from tests.web.public_world import GOOD, count, form_token, outbox_links, post_form

LATER = "Probeer het later opnieuw"


def client_from(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


def test_a_refused_application_counts_against_the_address(
    app: FastAPI, mail_world: MailWorld
) -> None:
    from tasks.steps.throttle import FORM_PER_ADDRESS

    with client_from(app, "192.0.2.77") as client:
        token = form_token(client)  # the pre-login session's token, for any form
        # Lith does not recruit: every form to it is refused
        for _ in range(FORM_PER_ADDRESS.hits):
            answer = client.post("/aanmelden/lith", data={**GOOD, "csrf_token": token})
            assert answer.status_code == 400 and "geen nieuwe leden" in answer.text
        answer = post_form(client)
        assert answer.status_code == 429 and LATER in answer.text
    assert count(Application) == 0


def test_forms_with_someone_elses_address_do_not_block_them(
    app: FastAPI, mail_world: MailWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(3):  # a stranger types the resident's address three times
        with client_from(app, f"198.51.100.{number + 1}") as stranger:
            assert post_form(stranger, {"name": "Iemand Anders"}).status_code == 303
    assert len(outbox_links()) == 1  # one mail: the repeats within the hour send nothing
    with client_from(app, "203.0.113.5") as owner:
        answer = post_form(owner)
        assert answer.status_code == 303  # not refused
        assert "hoogstens één keer per uur" in owner.get(answer.headers["location"]).text
    assert len(outbox_links()) == 1
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-11-28T10:01")  # an hour later: the link again
    with client_from(app, "203.0.113.5") as owner:
        assert post_form(owner).status_code == 303
        links = outbox_links()
        assert len(links) == 2 and links[0] == links[1]  # the same link
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        [application] = session.scalars(select(Application)).all()
        assert application.name == GOOD["name"]  # the latest form's details
