"""Fixtures for the web page: accounts, a logged-in client, and a procedure row to act on."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from starlette.testclient import TestClient

from tests import skip_policy
from tests.web import chromium as chromium_browser

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


_HASHES: dict[str, str] = {}  # per test process: password -> its Argon2id hash


@pytest.fixture
def accounts(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A coördinator's and a lezer's account, added through the command.

    Hashing a password with Argon2's defaults costs about half a second of CPU, and this
    fixture runs for some 150 tests: the two accounts take a real Argon2id hash of PASSWORD
    made once per test process (a login still verifies it for real). Only these two calls share
    it; every other hash in a test is made anew.
    """
    from commands import users
    from tasks.adapters import passwords

    def made_once(password: str) -> str:
        if password not in _HASHES:
            _HASHES[password] = passwords.hash_password(password)
        return _HASHES[password]

    with monkeypatch.context() as patch:
        patch.setattr(users, "hash_password", made_once)
        for email, role in ((COORDINATOR, "coordinator"), (LEZER, "lezer")):
            users.add_user(
                users.AddUser(email=email, name=role.title(), role=role, password=PASSWORD)
            )


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


# -- the browser: Debian's Chromium driven by Playwright, against the app on a local port -------


@pytest.fixture(scope="module")
def chromium():  # type: ignore[no-untyped-def]
    """One browser per test module: Playwright's sync API allows one running instance per
    thread, and other modules may start their own."""
    skip_policy.skip_without_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = chromium_browser.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):  # type: ignore[no-untyped-def]
    """The app on 127.0.0.1 in a thread of this process: it sees the test's database, clock and
    Prefect harness (the thread runs in a copy of this context, where the harness is set)."""
    import contextvars
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(server.run,), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the web server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def worker(prefect: None) -> Iterator[None]:
    """A worker in a thread of this process, for pages whose actions hand a step over: it runs
    what is pending, as `wijkraad worker` does when woken, with the test's database, clock and
    Prefect harness (the thread runs in a copy of this context)."""
    import contextvars
    import threading

    from commands import followup

    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            followup.drain()
            stop.wait(0.05)

    thread = threading.Thread(target=contextvars.copy_context().run, args=(work,), daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=60)


@pytest.fixture
def page(chromium, live_server):  # type: ignore[no-untyped-def]
    context = chromium_browser.dutch_context(chromium, base_url=live_server)
    tab = context.new_page()
    tab.set_default_timeout(60_000)  # a flow-running action waits for its flow
    yield tab
    context.close()


def browser_login(page, email: str = COORDINATOR, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/login" not in url)


def council_form(page, name: str):  # type: ignore[no-untyped-def]
    """A form of the council page, its fold opened first (the forms sit in closed <details>)."""
    fold = page.locator(f"details.fold:has(#actie-{name})")
    if fold.count() and fold.get_attribute("open") is None:
        fold.locator("summary").click()
    return page.locator(f"#actie-{name}")
