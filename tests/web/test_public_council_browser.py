"""The public council page and the advice pages in a real browser: axe-core finds no serious or
critical violation (also in a refused form), the coördinator answers an advice by mouse and
keyboard only, and screenshots at 1280 and 390 wide for a person to look at (var/screenshots/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures_smtp import MailWorld
from tests.web.chromium import WIDTHS, photograph
from tests.web.conftest import browser_login
from tests.web.council_world import CouncilWorld, build
from tests.web.test_browser import _serious


@pytest.fixture
def world(mail_world: MailWorld, accounts: None, tmp_path: Path) -> CouncilWorld:
    return build(tmp_path)


def test_the_public_page_passes_axe_at_both_widths(page, world: CouncilWorld) -> None:  # type: ignore[no-untyped-def]
    problems = {}
    for path in ("/wijkraden", f"/wijkraden/{world.slug}", "/wijkraden/lith", "/wijkraden/x"):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            found = _serious(page)
            if found:
                problems[f"{path} at {width}"] = found
    assert problems == {}
    page.goto(f"/wijkraden/{world.slug}")
    page.get_by_text("Vergadering van donderdag 1 oktober 2026").click()  # opens the minutes
    assert page.get_by_text("Insprekers").is_visible()
    photograph(page, "wijkraden-ruwaard")
    page.goto("/wijkraden")
    photograph(page, "wijkraden")


def test_the_coordinator_answers_an_advice_in_the_browser(page, world: CouncilWorld) -> None:  # type: ignore[no-untyped-def]
    browser_login(page)
    page.goto("/")
    page.get_by_role("link", name="Adviezen").click()
    assert _serious(page) == []
    photograph(page, "adviezen")
    page.get_by_role("link", name=f"Advies {world.open_advice}").click()
    assert _serious(page) == []
    form = page.locator("#antwoord")
    form.get_by_role("button", name="Antwoord vastleggen").click()  # nothing chosen
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("Fout:")
    assert _serious(page) == []
    photograph(page, "advies-fout")
    form = page.locator("#antwoord")
    form.get_by_label("Datum van het antwoord").fill("2026-11-28")
    form.get_by_label("niet overgenomen").check()
    form.get_by_label("Kenmerk van de brief").fill("B&W 2026/0500")
    form.get_by_label("Tekst van het antwoord").press_sequentially("Het college kiest anders.")
    form.get_by_label("Tekst van het antwoord").press("Tab")
    page.keyboard.press("Enter")  # the button, by keyboard
    page.wait_for_selector(".notice")
    assert "niet overgenomen" in page.content()
    assert _serious(page) == []
    photograph(page, "advies")
    page.goto(f"/wijkraden/{world.slug}")
    assert "B&amp;W 2026/0500" in page.content() and "Het college kiest anders." in page.content()


def test_stalled_with_an_overdue_advice(page, world: CouncilWorld, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-01-20T09:00")  # the library's answer is overdue
    browser_login(page)
    page.goto("/stalled")
    assert "dagen te laat" in page.content()
    assert _serious(page) == []
    photograph(page, "vertraagd")


def test_a_lezer_sees_the_advice_without_a_form(page, world: CouncilWorld) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import LEZER

    browser_login(page, LEZER)
    page.goto(f"/adviezen/{world.open_advice}")
    assert page.locator("#antwoord").count() == 0
    assert _serious(page) == []
