"""A resident in a real browser (Debian's Chromium driven by Playwright): applies on the call's
page, receives the mail on a real SMTP server (aiosmtpd), opens the link and confirms; every
public page on the way passes axe-core without serious or critical violations."""

from __future__ import annotations

import contextvars
import re
import socket
import threading
import time
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from fastapi import FastAPI

from tests import skip_policy
from tests.fixtures_smtp import MailWorld, SmtpServer, wait_until
from tests.web import chromium
from tests.web.public_world import GOOD, LINK, candidate_names


@pytest.fixture(scope="module")
def resident_browser() -> Iterator[Any]:
    skip_policy.skip_without_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def public_server(app: FastAPI, mail_world: MailWorld) -> Iterator[str]:
    """The app on a free local port, in a thread that sees this test's database and clock."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(
        target=contextvars.copy_context().run, args=(server.run,), daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def tab(resident_browser: Any, public_server: str) -> Iterator[Any]:
    context = chromium.dutch_context(resident_browser, base_url=public_server)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def serious_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def text_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def test_a_resident_applies_and_confirms_from_the_mail(
    tab: Any,
    public_server: str,
    smtp_server: SmtpServer,
    mail_world: MailWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tasks.mail.delivery import deliver_due

    monkeypatch.setenv("WIJKRAAD_WEB_BASE_URL", public_server)
    tab.goto("/aanmelden")
    assert serious_violations(tab) == []
    tab.get_by_role("link", name="Wijkraad Ruwaard").click()
    tab.wait_for_url("**/aanmelden/ruwaard")
    assert serious_violations(tab) == []

    tab.get_by_role("button", name="Aanmelden").click()  # empty: the messages next to fields
    assert tab.locator("#veld-name-fout").inner_text() == "Vul uw naam in."
    assert serious_violations(tab) == []

    tab.get_by_label("Naam").fill(GOOD["name"])
    tab.get_by_label("E-mailadres").fill(GOOD["email"])
    tab.get_by_label("Postcode").fill(GOOD["postcode"])
    tab.get_by_label("Huisnummer").fill(GOOD["house_number"])
    tab.get_by_label("Waarom wilt u lid worden? (optioneel)").fill(GOOD["motivation"])
    tab.get_by_role("button", name="Aanmelden").click()
    tab.wait_for_url("**/verstuurd")
    assert "Controleer uw e-mail" in tab.content()
    assert serious_violations(tab) == []
    assert GOOD["name"] not in candidate_names(mail_world.procedure_id)

    deliver_due()
    wait_until(lambda: smtp_server.handler.count() >= 1)
    [mail] = [r for r in smtp_server.handler.received if GOOD["email"] in r.recipients]
    parsed = mail.parsed()
    assert "Bevestig uw aanmelding" in str(parsed["Subject"])
    found = LINK.search(text_of(parsed))
    assert found and found.group(0).startswith(public_server)

    tab.goto(found.group(0))
    assert serious_violations(tab) == []
    tab.get_by_role("button", name="Mijn aanmelding bevestigen").click()
    tab.get_by_role("heading", name="Uw aanmelding is bevestigd").wait_for()
    assert serious_violations(tab) == []
    assert candidate_names(mail_world.procedure_id).count(GOOD["name"]) == 1

    tab.goto(found.group(0))  # the link again: used, nothing to confirm
    assert "al gebruikt" in tab.content()
    assert candidate_names(mail_world.procedure_id).count(GOOD["name"]) == 1


def test_the_other_public_pages_pass_axe(tab: Any, mail_world: MailWorld) -> None:
    for path in ("/aanmelden/lith", "/aanmelden/bevestigen/onzin"):
        tab.goto(path)
        assert serious_violations(tab) == [], path


def test_a_committee_member_scores_two_candidates_from_the_mail(
    tab: Any,
    public_server: str,
    smtp_server: SmtpServer,
    mail_world: MailWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy import select

    from models import Interview
    from tasks.adapters.db import session_scope
    from tasks.mail.delivery import deliver_due
    from tasks.steps.screening import finish_screening
    from tests.web.public_world import nominating_world

    world = nominating_world(mail_world)
    monkeypatch.setenv("WIJKRAAD_WEB_BASE_URL", public_server)
    finish_screening(world.procedure_id)  # the interviews start: a mail to each member
    deliver_due()
    annelies = "annelies.vandenberg@example.nl"
    wait_until(lambda: any(annelies in r.recipients for r in smtp_server.handler.received))
    [mail] = [r for r in smtp_server.handler.received if annelies in r.recipients]
    found = re.search(r"https?://\S+/commissie/[A-Za-z0-9_\-]+", text_of(mail.parsed()))
    assert found and found.group(0).startswith(public_server)

    tab.goto(found.group(0))
    assert "Welkom, Annelies van den Berg" in tab.content()
    assert serious_violations(tab) == []
    for name, scores in (("Sanne de Wit", {"gebied": "4", "tijd": "5"}),
                         ("Karim Bouzid", {"gebied": "3"})):  # fmt: skip
        form = tab.get_by_role("form", name=f"Gesprek met {name} vastleggen")
        form.get_by_label("Notitie (optioneel)").fill(f"Goed gesprek met {name}")
        for key, value in scores.items():
            form.locator(f"select[name=score_{key}]").select_option(value)
        form.get_by_role("button", name=f"Gesprek met {name} vastleggen").click()
        tab.get_by_text(f"Uw gesprek met {name} is vastgelegd.").wait_for()
    assert serious_violations(tab) == []
    with session_scope() as session:
        scored = session.scalars(select(Interview.scores).order_by(Interview.id)).all()
    assert scored == [{"gebied": 4, "tijd": 5}, {"gebied": 3}]
