"""One renewal of Ruwaard from start to completed, in the browser, with the flows running for
real against the session's Prefect harness: the same outcome as the command line's journey
(tests/e2e/test_cli_procedure.py), and the logged-in account named in the audit trail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.web.conftest import COORDINATOR, browser_login

pytestmark = [pytest.mark.usefixtures("prefect", "accounts", "worker"), pytest.mark.prefect]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _send(page, form: str) -> None:  # type: ignore[no-untyped-def]
    section = page.locator(f"#actie-{form}")
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator(".error, .alert[role=alert]").all_inner_texts()
    assert errors == [], errors
    _settled(page)


def _settled(page) -> None:  # type: ignore[no-untyped-def]
    """A handed-over step shows as `bezig` with a link to refresh; follow it until the
    worker's result shows (the request itself never waits for the flow)."""
    for _attempt in range(600):
        busy = page.locator(".alert-busy")
        if busy.count() == 0:
            return
        assert "bezig" in busy.inner_text()
        page.wait_for_timeout(100)
        busy.get_by_role("link", name="Vernieuw de pagina").click()
        page.wait_for_load_state()
    raise AssertionError("the handed-over step stayed 'bezig'")


def _stage(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("dl.facts dd").first.inner_text()


def test_a_whole_renewal_in_the_browser(page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    browser_login(page)
    page.get_by_label("Gebied").select_option(label="Wijkraad Ruwaard")
    page.get_by_label("vernieuwing voor de volgende zittingsperiode").check()
    page.get_by_role("button", name="Verder").click()
    page.wait_for_selector("text=Er is nog niets gestart.")
    page.get_by_role("button", name="Procedure starten").click()
    page.wait_for_url(re.compile(r"/procedures/\d+"))
    procedure_id = int(page.url.split("/procedures/")[1].split("?")[0])
    assert _stage(page) == "voordrachtcommissie vormen"
    assert "De procedure is geopend." in page.content()

    for name, email, number in (
        ("Carla Smits", "carla.smits@example.nl", "20"),
        ("Daan Willems", "daan.willems@example.nl", "21"),
    ):
        form = page.locator("#actie-commissielid")
        form.get_by_label("Naam").fill(name)
        form.get_by_label("E-mailadres").fill(email)
        form.get_by_label("Postcode").fill("5343 AB")
        form.get_by_label("Huisnummer").fill(number)
        _send(page, "commissielid")
    _send(page, "commissie-bevestigen")
    assert _stage(page) == "werving van kandidaten"

    people = [
        ("Eva van Dijk", "eva.vandijk@example.nl", "10"),
        ("Frank Bos", "frank.bos@example.nl", "11"),
    ]
    for name, email, number in people:
        form = page.locator("#actie-kandidaat")
        form.get_by_label("Naam").fill(name)
        form.get_by_label("E-mailadres").fill(email)
        form.get_by_label("Postcode").fill("5343 AB")
        form.get_by_label("Huisnummer").fill(number)
        form.get_by_label("Motivatie (optioneel)").fill("Ik woon hier graag.")
        _send(page, "kandidaat")

    monkeypatch.setenv("WIJKRAAD_NOW", "2027-01-12T09:00")  # after the application deadline
    browser_login(page)  # six weeks idle: the session has ended
    page.goto(f"/procedures/{procedure_id}")
    _send(page, "toetsen")
    assert _stage(page) == "gesprekken en voordracht"

    for name, _email, _number in people:
        form = page.locator("#actie-gesprek")
        value = form.locator("option", has_text=name).get_attribute("value")
        form.get_by_label("Kandidaat").select_option(value)
        form.get_by_label("Notitie (optioneel)").fill("Goed gesprek")
        form.get_by_label(re.compile(r"\(gebied\)")).select_option("4")
        form.get_by_label(re.compile(r"\(tijd\)")).select_option("5")
        _send(page, "gesprek")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / "procedure-gesprekken.png"), full_page=True)

    form = page.locator("#actie-voordracht")
    form.get_by_label(re.compile("Eva van Dijk")).check()
    form.get_by_label(re.compile("Frank Bos")).check()
    form.get_by_label("Motivering (optioneel)").fill("Sterk duo")
    _send(page, "voordracht")
    assert _stage(page) == "wacht op besluit van B&W"

    form = page.locator("#actie-besluit")
    form.get_by_label(re.compile("Eva van Dijk")).check()
    form.get_by_label("Nummer van het collegebesluit").fill("2027/0042")
    form.get_by_label("Datum van het besluit").fill("2027-01-12")
    _send(page, "besluit")
    assert _stage(page) == "inwerken nieuwe leden"

    while page.locator("#actie-inwerktaak").count():
        for box in page.locator("#actie-inwerktaak input[type=checkbox]").all():
            box.check()  # several ticked at once
        _send(page, "inwerktaak")
    assert _stage(page) == "afgerond"
    page.goto("/")
    page.screenshot(path=str(SCREENSHOTS / "overzicht-na-vernieuwing.png"), full_page=True)

    from models import Membership, Procedure
    from tasks.adapters import db
    from tasks.queries import procedures

    with db.session_scope() as session:
        procedure = session.get_one(Procedure, procedure_id)
        seated = list(
            session.scalars(select(Membership).where(Membership.council_id == procedure.council_id))
        )
        assert [(m.start_date.isoformat(), m.end_date.isoformat()) for m in seated] == [
            ("2030-04-03", "2034-03-28")
        ]
        assert procedure.advice_text and "Eva van Dijk" in procedure.advice_text
        trail = procedures.history(session, procedure_id)
    people_steps = {e["action"] for e in trail if e["actor"] == COORDINATOR}
    assert {"confirm_committee", "submit_nomination", "record_decision"} <= people_steps | {
        e["action"] for e in trail
    }
    assert any(e["actor"] == COORDINATOR for e in trail)
    assert {"candidate_applied"} <= people_steps
    # the account, not the role, for every step a person took in the browser
    assert [e for e in trail if e["actor"] == "coordinator"] == []
