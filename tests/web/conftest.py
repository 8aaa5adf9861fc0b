"""Fixtures for the web page: accounts, a logged-in client, and a procedure row to act on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

PASSWORD = "een lang wachtwoord"
COORDINATOR = "coordinator@oss.nl"
LEZER = "lezer@oss.nl"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def log_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token (from the next page)."""
    token = csrf_of(client.get("/login").text)
    answer = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get("/").text)


@pytest.fixture
def accounts(db: None) -> None:
    from tasks.commands import users

    for email, role in ((COORDINATOR, "coordinator"), (LEZER, "lezer")):
        users.add_user(users.AddUser(email=email, name=role.title(), role=role, password=PASSWORD))


@pytest.fixture
def app(accounts: None):  # type: ignore[no-untyped-def]
    from wijkraad.web.app import create_app

    return create_app()


@pytest.fixture
def anonymous(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def coordinator(app) -> Iterator[tuple[TestClient, str]]:  # type: ignore[no-untyped-def]
    with TestClient(app) as client:
        yield client, log_in(client, COORDINATOR)


@pytest.fixture
def lezer(app) -> Iterator[tuple[TestClient, str]]:  # type: ignore[no-untyped-def]
    with TestClient(app) as client:
        yield client, log_in(client, LEZER)


@pytest.fixture
def procedure_id(db: None) -> int:
    """A renewal of Lith's council in its first stage, written directly (no flow needed)."""
    import models
    from models.enums import ProcedureKind, Stage
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    with session_scope() as session:
        area = lookup.area(session, "lith")
        council = lookup.council(
            session, area, lookup.term_covering(session, datetime(2030, 1, 1).date())
        )
        moment = datetime(2026, 11, 28, 9)
        procedure = models.Procedure(
            area_id=area.id,
            council_id=council.id,
            term_id=council.term_id,
            kind=ProcedureKind.RENEWAL,
            stage=Stage.COMMITTEE_FORMING,
            seats=7,
            opened_at=moment,
            stage_entered_at=moment,
            suspended_days=0,
        )
        session.add(procedure)
        session.flush()
        return procedure.id
