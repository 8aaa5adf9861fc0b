"""The pages in a real browser: no serious or critical axe-core violations on any page (WCAG
2.1 AA rules), the skip link and the forms work by keyboard, and a screenshot of the overview
and of a procedure for a person to look at (var/screenshots/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.conftest import browser_login

pytestmark = pytest.mark.usefixtures("accounts")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
            }
        },
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_accessibility_violations_on_any_page(page, procedure_id) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    assert _serious(page) == []
    browser_login(page)
    paths = [
        "/",
        f"/procedures/{procedure_id}",
        "/stalled",
        "/experiments",
        "/meetings",
        "/members",
        "/mail",
        "/proces",
        "/bestaat-niet",
    ]
    problems = {}
    for path in paths:
        page.goto(path)
        found = _serious(page)
        if found:
            problems[path] = found
    # a form refused with messages next to its fields
    page.goto(f"/procedures/{procedure_id}")
    form = page.locator("#actie-commissielid")
    form.get_by_label("Naam").fill("Carla Smits")
    form.get_by_label("E-mailadres").fill("geen-adres")
    form.get_by_role("button", name="Commissielid toevoegen").click()
    page.wait_for_selector(".error")
    found = _serious(page)
    if found:
        problems["refused form"] = found
    assert problems == {}


def test_keyboard_only(page, procedure_id) -> None:  # type: ignore[no-untyped-def]
    page.goto("/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#inhoud"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type("coordinator@oss.nl")
    page.keyboard.press("Tab")
    page.keyboard.type("een lang wachtwoord")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    # the procedure's suspend form, reached and sent by keyboard
    page.goto(f"/procedures/{procedure_id}")
    reason = page.locator("#opschorten-reason")
    reason.focus()
    page.keyboard.type("wachten op de gemeenteraad")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Opschorten"
    page.keyboard.press("Enter")
    page.wait_for_selector("text=De procedure is opgeschort.")
    # focus is visible: an outline on the focused button
    page.locator("#actie-hervatten button").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_screenshots_of_the_overview_and_a_procedure(page, procedure_id) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser_login(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    page.screenshot(path=str(SCREENSHOTS / "overzicht.png"), full_page=True)
    page.goto(f"/procedures/{procedure_id}")
    page.screenshot(path=str(SCREENSHOTS / "procedure.png"), full_page=True)
    assert (SCREENSHOTS / "procedure.png").stat().st_size > 10_000
