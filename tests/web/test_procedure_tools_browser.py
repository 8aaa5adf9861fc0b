"""In a real browser: the committee's personal links on the procedure page, several onboarding
tasks ticked at once, the committee member's own page and the resident's form with its error
summary. axe-core finds no serious or critical violation on any of them, in error states too;
each is photographed at 1280 and 390 wide (var/screenshots/, or WIJKRAAD_SHOTS)."""

from __future__ import annotations

import re

import pytest

from tests.web.chromium import photograph
from tests.web.conftest import browser_login
from tests.web.test_browser import _serious

pytestmark = pytest.mark.usefixtures("accounts")


def look(page, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    """axe's serious findings, and a photograph at both widths."""
    found = _serious(page)
    photograph(page, name)
    return [f"{name}: {f}" for f in found]


def focused(page) -> None:  # type: ignore[no-untyped-def]
    """The focus moves to the error summary (autofocus applies at the next rendering)."""
    page.wait_for_function("document.activeElement.className === 'error-summary'", timeout=5000)


def test_links_and_onboarding_on_the_procedure_page(page, mail_world, procedure_id) -> None:  # type: ignore[no-untyped-def]
    from tests.web.public_world import nominating_world
    from tests.web.test_committee_page import member_links
    from tests.web.test_procedure_extras import deliver_all, onboarding_world

    browser_login(page)
    problems = []
    page.goto(f"/procedures/{mail_world.procedure_id}")  # recruiting: the call's address
    address = page.locator("#oproep-adres")
    assert address.get_attribute("readonly") is not None
    assert address.input_value().endswith("/aanmelden/ruwaard")
    problems += look(page, "procedure-oproep")
    world = nominating_world(mail_world)
    member_links(world.procedure_id)
    deliver_all()
    page.goto(f"/procedures/{world.procedure_id}")
    assert page.locator("#oproep-adres").count() == 0  # the call is over
    problems += look(page, "procedure-links")
    first = page.locator("ul.committee > li").first
    first.get_by_role("button", name=re.compile("Link opnieuw sturen")).click()
    page.wait_for_load_state()
    assert "gaat opnieuw per e-mail" in page.locator(".notice").inner_text()
    problems += look(page, "procedure-link-opnieuw")

    onboarding_world(procedure_id)
    page.goto(f"/procedures/{procedure_id}")
    form = page.locator("#actie-inwerktaak")
    form.get_by_role("button").click()  # nothing ticked: the summary, focus on it
    page.wait_for_load_state()
    assert page.title().startswith("Fout: ")
    focused(page)
    problems += look(page, "inwerken-fout")
    boxes = page.locator("#actie-inwerktaak input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(2).check()
    page.locator("#actie-inwerktaak").get_by_role("button").click()
    page.wait_for_load_state()
    assert "De inwerktaken zijn afgevinkt." in page.locator(".notice").inner_text()
    assert page.locator("#actie-inwerktaak input[type=checkbox]").count() == 1
    problems += look(page, "inwerken")
    assert problems == []


def test_the_committee_members_page(page, mail_world) -> None:  # type: ignore[no-untyped-def]
    from tests.web.public_world import nominating_world
    from tests.web.test_committee_page import member_links

    world = nominating_world(mail_world)
    links = member_links(world.procedure_id)
    problems = []
    page.goto(f"/commissie/{links[world.member_ids[0]]}")
    assert page.locator("h1").count() == 1
    assert page.locator("section.candidate h2").count() == 2
    problems += look(page, "commissie")
    form = page.locator("section.candidate").first.locator("form.interview")
    form.get_by_label("Datum van het gesprek").fill("2099-01-01")  # in the future: refused
    form.get_by_role("button").click()
    page.wait_for_load_state()
    assert page.title().startswith("Fout: ")
    problems += look(page, "commissie-fout")
    form = page.locator("section.candidate").first.locator("form.interview")
    form.get_by_label("Datum van het gesprek").fill("2026-11-27")
    form.locator("select").first.select_option("4")
    form.locator("select").nth(1).select_option("3")
    form.get_by_role("button").click()
    page.wait_for_load_state()
    text = page.locator("section.candidate").first.inner_text()
    assert "3,5" in text  # the member's own mean, with a decimal comma
    problems += look(page, "commissie-opgeslagen")
    assert problems == []


def test_the_residents_form_with_an_error_summary(page, mail_world) -> None:  # type: ignore[no-untyped-def]
    problems = []
    page.goto("/aanmelden/ruwaard")
    problems += look(page, "oproep")
    page.get_by_label("Postcode").fill("12")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    assert page.title().startswith("Fout: ")
    focused(page)
    summary = page.locator(".error-summary").inner_text()
    assert "Vul uw naam in." in summary and "Vul een postcode in zoals 5345 AB" in summary
    assert "Vul uw e-mailadres in" in summary
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "veld-name"
    problems += look(page, "oproep-fout")
    assert problems == []
