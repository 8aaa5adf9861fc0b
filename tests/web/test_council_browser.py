"""The council page in a real browser: no serious or critical axe-core violations, also with a
refused form; the error summary takes the focus and its links lead to the fields; pictures at
1280 and 390 pixels wide for a person to look at (var/screenshots/)."""

from __future__ import annotations

import re

import pytest

from tests.web.chromium import photograph
from tests.web.conftest import browser_login, council_form
from tests.web.test_browser import _serious

pytestmark = pytest.mark.usefixtures("accounts")


def test_the_council_page_is_accessible_with_and_without_errors(page) -> None:  # type: ignore[no-untyped-def]
    browser_login(page)
    page.goto("/")
    page.get_by_role("link", name="Wijkraad Ruwaard").click()
    page.wait_for_url("**/raden/ruwaard")
    assert page.locator("details.fold[open]").count() == 0  # the forms open on demand
    assert not page.locator("#actie-lid").is_visible()
    form = council_form(page, "lid")
    form.get_by_label("Naam").fill("Anna de Boer")
    form.get_by_label("E-mailadres").fill("anna@example.org")
    form.get_by_label("Postcode").fill("5343 AB")
    form.get_by_label("Huisnummer").fill("10")
    form.get_by_role("button", name="Lid toevoegen").click()
    page.wait_for_selector("text=Het lid is toegevoegd.")
    assert _serious(page) == []
    photograph(page, "raad")

    # a refused form: the summary on top has the focus, its link leads to the field
    form = council_form(page, "verhuizing")
    form.get_by_label("Huisnummer").fill("3")
    form.get_by_role("button", name="Verhuizing vastleggen").click()
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("Fout:")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert _serious(page) == []
    photograph(page, "raad-fout")
    assert page.locator("details.fold[open]").count() == 1  # the refused form stays open
    assert page.locator("details.fold[open] #actie-verhuizing").count() == 1
    page.locator(".error-summary a").first.click()
    assert page.evaluate("location.hash").startswith("#verhuizing-")
    assert page.locator(page.evaluate("location.hash")).is_visible()


def test_mail_privacy_and_accounts_pages_are_accessible(page, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io
    import sys

    from tests.web.conftest import PASSWORD

    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert (
        cli("users", "add", "beheer@oss.nl", "--name", "Bea", "--role", "beheerder").exit_code == 0
    )
    browser_login(page, "beheer@oss.nl")
    page.goto("/raden/ruwaard")
    form = council_form(page, "lid")
    form.get_by_label("Naam").fill("Anna de Boer")
    form.get_by_label("E-mailadres").fill("anna@example.org")
    form.get_by_label("Postcode").fill("5343 AB")
    form.get_by_label("Huisnummer").fill("10")
    form.get_by_role("button", name="Lid toevoegen").click()
    page.wait_for_selector("text=Het lid is toegevoegd.")
    form = council_form(page, "vergadering")
    form.get_by_label("Datum").fill("2026-12-10")
    form.get_by_role("button", name="Vergadering vastleggen").click()
    page.wait_for_selector("text=De vergadering is vastgelegd")
    problems = {}
    page.goto("/mail")
    problems["/mail"] = _serious(page)
    photograph(page, "post")
    # The first message's number depends on the database's sequence (PostgreSQL keeps counting).
    page.get_by_role("link", name=re.compile(r"^Bericht \d+$")).first.click()
    problems["/mail/{id}"] = _serious(page)
    photograph(page, "bericht")
    page.goto("/privacy")
    problems["/privacy"] = _serious(page)
    page.locator("#actie-export").get_by_role("button").click()
    page.wait_for_selector(".error-summary")
    problems["/privacy refused"] = _serious(page)
    photograph(page, "privacy-fout")
    page.locator("#actie-opschonen").get_by_role("button", name="Proefrun").click()
    page.wait_for_selector("text=proefrun")
    photograph(page, "privacy")
    page.goto("/accounts")
    problems["/accounts"] = _serious(page)
    page.locator("#actie-nieuw").get_by_role("button").click()
    page.wait_for_selector(".error-summary")
    problems["/accounts refused"] = _serious(page)
    photograph(page, "accounts-fout")
    assert {k: v for k, v in problems.items() if v} == {}
