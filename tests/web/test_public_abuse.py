"""Abuse of the public form and its confirmation: rate limits per client address and per email
address (429, Dutch "probeer het later opnieuw"), the honeypot, size limits per field and per
request, CSRF, and the same security headers as the coördinator's page. Nothing is written."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from models import Application, OutboxMessage
from tests.fixtures_smtp import MailWorld
from tests.web.public_world import GOOD, count, form_token, outbox_links, post_form
from wijkraad.web.public import MAX_BODY

LATER = "Probeer het later opnieuw"


def client_from(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


@pytest.fixture
def world(mail_world: MailWorld) -> MailWorld:
    return mail_world


def assert_security_headers(answer) -> None:  # type: ignore[no-untyped-def]
    headers = answer.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"


def test_the_public_pages_carry_the_security_headers(
    anonymous: TestClient, world: MailWorld
) -> None:
    for path in ("/aanmelden", "/aanmelden/ruwaard", "/aanmelden/bevestigen/onzin"):
        assert_security_headers(anonymous.get(path))


def test_too_many_forms_from_one_address_get_429(app: FastAPI, world: MailWorld) -> None:
    from tasks.steps.throttle import FORM_PER_ADDRESS

    with client_from(app, "192.0.2.7") as client:
        token = form_token(client)
        for _ in range(FORM_PER_ADDRESS.hits):
            answer = client.post("/aanmelden/ruwaard", data={"csrf_token": token, "name": ""})
            assert answer.status_code == 400  # invalid, but counted
        answer = client.post("/aanmelden/ruwaard", data={**GOOD, "csrf_token": token})
        assert answer.status_code == 429
        assert LATER in answer.text and int(answer.headers["retry-after"]) > 0
        assert_security_headers(answer)
    with client_from(app, "192.0.2.8") as other:  # another address is not slowed down
        assert post_form(other).status_code == 303
    assert count(Application) == 1


def test_too_many_confirmation_mails_for_one_email_get_429(app: FastAPI, world: MailWorld) -> None:
    from datetime import datetime

    from sqlalchemy import update

    from tasks.adapters.db import session_scope
    from tasks.steps.throttle import FORM_PER_EMAIL

    for number in range(FORM_PER_EMAIL.hits):  # each a new application: each a mail
        with client_from(app, f"198.51.100.{number + 1}") as client:
            assert post_form(client).status_code == 303
        with session_scope() as session:  # handled: the next form is a new application
            session.execute(update(Application).values(refused_at=datetime(2026, 11, 28, 9)))
    with client_from(app, "198.51.100.200") as client:
        answer = post_form(client, {"email": GOOD["email"].upper()})
        assert answer.status_code == 429 and LATER in answer.text
    assert count(Application) == FORM_PER_EMAIL.hits


def test_too_many_confirmation_attempts_from_one_address_get_429(
    app: FastAPI, world: MailWorld
) -> None:
    from tasks.steps.throttle import CONFIRM_PER_ADDRESS

    with client_from(app, "203.0.113.9") as client:
        assert post_form(client).status_code == 303
        [token] = outbox_links()
        for number in range(CONFIRM_PER_ADDRESS.hits):
            assert client.get(f"/aanmelden/bevestigen/raden{number}").status_code == 404
        answer = client.get(f"/aanmelden/bevestigen/{token}")  # even the right one, for now
        assert answer.status_code == 429 and LATER in answer.text
        csrf = form_token(client)
        answer = client.post(f"/aanmelden/bevestigen/{token}", data={"csrf_token": csrf})
        assert answer.status_code == 429
    with client_from(app, "203.0.113.10") as other:
        assert other.get(f"/aanmelden/bevestigen/{token}").status_code == 200


def test_a_filled_honeypot_looks_like_success_and_keeps_nothing(
    anonymous: TestClient, world: MailWorld
) -> None:
    answer = post_form(anonymous, {"website": "http://spam.example"})
    assert answer.status_code == 303 and answer.headers["location"].endswith("/verstuurd")
    assert count(Application) == 0
    assert count(OutboxMessage) == 0


@pytest.mark.parametrize(
    ("field", "size"),
    [("name", 201), ("email", 321), ("postcode", 17), ("house_number", 17), ("motivation", 5001)],
)
def test_a_field_over_its_limit_is_refused_next_to_it(
    anonymous: TestClient, world: MailWorld, field: str, size: int
) -> None:
    answer = post_form(anonymous, {field: "a" * size})
    assert answer.status_code == 400
    assert f'id="veld-{field}-fout">Is te lang (ten hoogste {size - 1} tekens).' in answer.text
    assert count(Application) == 0


def test_a_request_over_the_limit_gets_413_before_anything_reads_it(
    anonymous: TestClient, world: MailWorld
) -> None:
    token = form_token(anonymous)
    answer = anonymous.post(
        "/aanmelden/ruwaard", data={**GOOD, "csrf_token": token, "extra": "x" * MAX_BODY}
    )
    assert answer.status_code == 413 and "Te veel tekst" in answer.text
    assert_security_headers(answer)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it arrives
        yield f"csrf_token={token}&name=".encode()
        for _ in range(MAX_BODY // 1024 + 1):
            yield b"x" * 1024

    answer = anonymous.post(
        "/aanmelden/ruwaard",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 413
    assert count(Application) == 0


def test_a_post_without_a_valid_csrf_token_is_refused(
    anonymous: TestClient, world: MailWorld
) -> None:
    form_token(anonymous)  # the cookie is there, the field is not
    assert anonymous.post("/aanmelden/ruwaard", data=GOOD).status_code == 403
    answer = anonymous.post("/aanmelden/ruwaard", data={**GOOD, "csrf_token": "verzonnen"})
    assert answer.status_code == 403 and "niets vastgelegd" in answer.text
    assert_security_headers(answer)
    assert count(Application) == 0
    assert post_form(anonymous).status_code == 303
    [token] = outbox_links()
    answer = anonymous.post(f"/aanmelden/bevestigen/{token}", data={"csrf_token": "verzonnen"})
    assert answer.status_code == 403


def test_the_mail_and_the_database_never_hold_the_token(
    anonymous: TestClient, world: MailWorld
) -> None:
    from sqlalchemy import text

    from tasks.adapters.db import engine

    assert post_form(anonymous).status_code == 303
    [token] = outbox_links()
    with engine().connect() as connection:
        for table in ("applications", "outbox_messages", "audit_events"):
            rows = connection.execute(text(f"SELECT * FROM {table}")).all()
            assert token not in repr(rows)
