"""A coördinator's year in the browser only: after `init` and `users add` (the test's seed and
accounts) no command line. Members are recorded, one leaves, a vacancy procedure runs from the
check page to seated members, a meeting is planned and moved, minutes recorded, an advice sent
to B&W and its answer recorded, an experiment started and evaluated, a person's data exported
as a download. axe-core finds no serious or critical violation on any page, error states too;
each new page is photographed at 1280 and 390 wide (var/screenshots/jaar-*)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.web.conftest import browser_login, council_form
from tests.web.test_browser import _serious
from tests.web.test_journey import _send, _stage

pytestmark = [pytest.mark.usefixtures("prefect", "accounts", "worker"), pytest.mark.prefect]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


class Looked:
    """Every page the coördinator saw: axe on each, and pictures of the new ones."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.problems: dict[str, list[str]] = {}

    def check(self, name: str, *, shoot: bool = False) -> None:
        found = _serious(self.page)
        if found:
            self.problems[name] = found
        if shoot:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for width in (1280, 390):
                self.page.set_viewport_size({"width": width, "height": 900})
                path = SCREENSHOTS / f"jaar-{name}-{width}.png"
                self.page.screenshot(path=str(path), full_page=True)
            self.page.set_viewport_size({"width": 1280, "height": 900})


def _council_form(page, form: str, fields: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    section = council_form(page, form)
    for label, value in fields.items():
        section.get_by_label(label, exact=True).fill(value)
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()


def _ok(page, text: str) -> None:  # type: ignore[no-untyped-def]
    assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
    assert text in page.locator(".notice").inner_text()


def test_a_coordinators_year_in_the_browser(page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    looked = Looked(page)
    page.set_default_timeout(20_000)
    browser_login(page)
    # as a Dutch coördinator sees it: a Dutch browser in the Netherlands (date fields dd-mm-jjjj)
    where = "[navigator.language, Intl.DateTimeFormat().resolvedOptions().timeZone]"
    assert page.evaluate(where) == ["nl-NL", "Europe/Amsterdam"]
    page.get_by_role("link", name="Wijkraad Ruwaard").click()
    page.wait_for_url("**/raden/ruwaard")
    looked.check("raad", shoot=True)

    # the council's members, one of whom leaves
    for name, email, number in (
        ("Anna de Boer", "anna@example.org", "1"),
        ("Bert Jansen", "bert@example.org", "2"),
        ("Cor Peters", "cor@example.org", "3"),
    ):
        _council_form(
            page,
            "lid",
            {"Naam": name, "E-mailadres": email, "Postcode": "5343 AB", "Huisnummer": number},
        )
        _ok(page, "Het lid is toegevoegd.")
    _council_form(page, "lid", {"Naam": "", "Postcode": "5343"})  # refused: the error state
    assert page.title().startswith("Fout:")
    looked.check("raad-fout", shoot=True)
    form = council_form(page, "functie")
    form.get_by_label("Lid").select_option(label="Anna de Boer (lid)")
    form.get_by_label("Functie").select_option("voorzitter")
    form.get_by_role("button").click()
    _ok(page, "De functie is vastgelegd.")
    form = council_form(page, "vertrek")
    form.get_by_label("Lid").select_option(label="Bert Jansen (lid)")
    form.get_by_label("Reden van vertrek").fill("verhuist naar Uden")
    form.get_by_role("button").click()
    _ok(page, "Het vertrek is vastgelegd.")
    assert "verhuist naar Uden" in page.content()

    # a vacancy procedure, from the check page to seated members
    page.goto("/")
    page.get_by_label("Gebied").select_option(label="Wijkraad Ruwaard")
    page.get_by_label("tussentijdse procedure voor vrije zetels").check()
    page.get_by_role("button", name="Verder").click()
    page.wait_for_selector("text=Er is nog niets gestart.")
    assert "Anna de Boer (voorzitter)" in page.content()  # who gets mail
    looked.check("start-controleren", shoot=True)
    page.get_by_role("button", name="Procedure starten").click()
    page.wait_for_url(re.compile(r"/procedures/\d+"))
    procedure_id = int(page.url.split("/procedures/")[1].split("?")[0])
    form = page.locator("#actie-commissielid")
    form.get_by_label("Naam").fill("Carla Smits")
    form.get_by_label("E-mailadres").fill("carla@example.org")
    form.get_by_label("Postcode").fill("5343 AB")
    form.get_by_label("Huisnummer").fill("20")
    form.get_by_label("Anna de Boer").check()
    _send(page, "commissielid")
    _send(page, "commissie-bevestigen")
    assert _stage(page) == "werving van kandidaten"
    looked.check("procedure")
    for name, email, number in (
        ("Eva van Dijk", "eva@example.org", "10"),
        ("Frank Bos", "frank@example.org", "11"),
    ):
        form = page.locator("#actie-kandidaat")
        form.get_by_label("Naam").fill(name)
        form.get_by_label("E-mailadres").fill(email)
        form.get_by_label("Postcode").fill("5343 AB")
        form.get_by_label("Huisnummer").fill(number)
        _send(page, "kandidaat")
    page.locator("#actie-toetsen").get_by_label(re.compile("Werving nu sluiten")).check()
    _send(page, "toetsen")
    assert _stage(page) == "gesprekken en voordracht"
    for name in ("Eva van Dijk", "Frank Bos"):
        form = page.locator("#actie-gesprek")
        value = form.locator("option", has_text=name).get_attribute("value")
        form.get_by_label("Kandidaat").select_option(value)
        form.get_by_label(re.compile(r"\(gebied\)")).select_option("4")
        _send(page, "gesprek")
    form = page.locator("#actie-voordracht")
    form.get_by_label(re.compile("Eva van Dijk")).check()
    form.get_by_label(re.compile("Frank Bos")).check()
    _send(page, "voordracht")
    form = page.locator("#actie-besluit")
    form.get_by_label(re.compile("Eva van Dijk")).check()
    form.get_by_label(re.compile("Frank Bos")).check()
    form.get_by_label("Nummer van het collegebesluit").fill("2026/0099")
    form.get_by_label("Datum van het besluit").fill("2026-11-28")
    _send(page, "besluit")
    while page.locator("#actie-inwerktaak").count():
        for box in page.locator("#actie-inwerktaak input[type=checkbox]").all():
            box.check()  # several ticked at once
        _send(page, "inwerktaak")
    assert _stage(page) == "afgerond"
    looked.check("procedure-afgerond")
    page.goto("/raden/ruwaard")
    seated = page.locator("table").first.inner_text()
    assert "Eva van Dijk" in seated and "Frank Bos" in seated and "Bert Jansen" not in seated
    assert f'href="/procedures/{procedure_id}"' in page.content()  # closed, reachable again

    # a meeting planned and moved
    form = council_form(page, "vergadering")
    form.get_by_label("Datum").fill("2026-12-10")
    form.get_by_label("Aanvang").fill("20:00")
    form.get_by_role("button").click()
    _ok(page, "De vergadering is vastgelegd")
    form = council_form(page, "verplaatsen")
    form.get_by_label("Vergadering").select_option(label="10-12-2026")
    form.get_by_label("Nieuwe datum").fill("2026-12-17")
    form.get_by_role("button").click()
    _ok(page, "De vergadering is verplaatst")
    page.goto("/mail?raad=ruwaard&ontvanger=lid")
    looked.check("post", shoot=True)
    page.locator("table a", has_text="Bericht").first.click()
    looked.check("bericht", shoot=True)

    # after the meeting: minutes, an advice to B&W and its answer
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-18T10:00")
    browser_login(page)
    page.goto("/raden/ruwaard")
    form = council_form(page, "notulen")
    form.get_by_label("Vergadering").select_option(label="17-12-2026")
    form.get_by_label("Notulen", exact=True).fill("1. Opening\n2. Verkeer Ruwaardlaan\n3. Sluiting")
    form.get_by_role("button").click()
    _ok(page, "De notulen zijn vastgelegd")
    form = council_form(page, "besluit")
    form.get_by_label("Vergadering").select_option(label="17-12-2026")
    form.get_by_label("advies aan B&W").check()
    form.get_by_label("Samenvatting").fill("Zebrapad op de Ruwaardlaan")
    form.get_by_role("button").click()
    _ok(page, "Het besluit is vastgelegd.")
    page.get_by_role("link", name=re.compile(r"^Advies \d+$")).first.click()
    looked.check("advies")
    form = page.locator("#antwoord")
    form.get_by_label("Datum van het antwoord").fill("2026-12-18")
    form.get_by_label("deels overgenomen").check()
    form.get_by_label("Tekst van het antwoord").fill("Het college legt een zebrapad aan.")
    form.get_by_role("button").click()
    page.wait_for_load_state()
    assert "deels overgenomen" in page.content()
    looked.check("advies-beantwoord")

    # an experiment started and evaluated
    page.goto("/raden/ruwaard")
    form = council_form(page, "experiment")
    form.get_by_label("Vorm").select_option("buurtpanel")
    form.get_by_label("Besloten met het college op").fill("2026-12-18")
    form.get_by_label("Evalueren op (optioneel)").fill("2027-06-01")
    form.get_by_label("Waarom dit experiment").fill("Jongeren doen niet mee")
    form.get_by_role("button").click()
    _ok(page, "Het experiment is gestart.")
    form = council_form(page, "experiment-evalueren")
    chosen = form.locator("option", has_text="buurtpanel").get_attribute("value")
    form.get_by_label("Experiment", exact=True).select_option(chosen)
    form.get_by_label("Uitkomst van de evaluatie").fill("Veertig jongeren kwamen")
    form.get_by_label("het experiment gaat door").check()
    form.get_by_role("button").click()
    _ok(page, "De evaluatie is vastgelegd.")
    looked.check("raad-na-een-jaar", shoot=True)

    # a person's data as a download
    page.goto("/privacy")
    page.locator("#actie-export").get_by_label("E-mailadres van de persoon").fill("eva@example.org")
    with page.expect_download() as download:
        page.locator("#actie-export").get_by_role("button").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["person"]["name"] == "Eva van Dijk"
    looked.check("privacy", shoot=True)

    assert looked.problems == {}
