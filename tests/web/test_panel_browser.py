"""The burgerpanel by lot in a real browser (Debian's Chromium, Playwright): a resident of Lith
volunteers on `/loting/lith` and confirms from the mail; the coördinator draws, invites and
publishes on the panel's page; one of the drawn declines from the invitation; the public pages
show the record. Every page passes axe-core without serious or critical violations, and each is
captured at 1280 and 390 pixels wide (under $WIJKRAAD_HOME/screenshots)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.integration.test_panel_draw import write_pool, write_quotas
from tests.web.chromium import photograph
from tests.web.conftest import browser_login
from tests.web.test_public_browser import serious_violations

pytestmark = pytest.mark.prefect

QUOTAS = [
    ("leeftijd", "16-34", 1, 3),
    ("leeftijd", "35-64", 1, 3),
    ("leeftijd", "65+", 1, 3),
    ("gender", "v", 2, 4),
    ("gender", "m", 2, 4),
    ("gender", "zeg ik liever niet", 0, 1),
    ("buurt", "lith", 1, 4),
    ("buurt", "lithoijen", 1, 4),
    ("buurt", "oijen", 0, 4),
]
LINK = re.compile(r"https?://\S+/loting/(bevestigen|antwoord)/[A-Za-z0-9_\-]+")


def mail_text(template: str, pool_member_id: int) -> str:
    from models import OutboxMessage
    from tasks.adapters.db import session_scope
    from tasks.mail.render import as_sent

    with session_scope() as session:
        messages = [
            m
            for m in session.scalars(
                select(OutboxMessage).where(OutboxMessage.template == template)
            )
            if m.context.get("pool_member_id") == pool_member_id
        ]
        assert len(messages) == 1
        return as_sent(session, messages[0]).text


def link_in(text: str) -> str:
    found = LINK.search(text)
    assert found, text
    return found.group(0)


def shoot(page: Any, name: str) -> None:
    import os

    photograph(page, name, Path(os.environ["WIJKRAAD_HOME"]) / "screenshots")


def draw_done(page: Any, button: str) -> None:
    """Click a draw button: the draw is handed over to the worker and the page shows it as
    `bezig` with a link to refresh it, which the coördinator follows until the result is there."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
    for _ in range(600):
        if not page.locator(".alert-busy").count():
            return
        assert serious_violations(page) == []
        page.wait_for_timeout(200)
        page.get_by_role("link", name="Vernieuw de pagina").click()
    raise AssertionError("the draw stayed bezig")


def test_volunteer_draw_invite_publish_in_the_browser(
    page: Any,
    live_server: str,
    prefect: None,
    worker: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from commands import experiments, panels
    from models import PoolMember
    from tasks.adapters.csvfile import read_rows
    from tasks.adapters.db import session_scope

    monkeypatch.setenv("WIJKRAAD_WEB_BASE_URL", live_server)
    rows = read_rows(write_quotas(tmp_path / "q.csv", QUOTAS), ("feature", "value", "min", "max"))
    started = experiments.start(
        experiments.Start(
            "lith", "loting", "2026-11-20", "niemand meldde zich aan",
            panel=experiments.RawPanel(6, "2026-12-15", rows),
        )
    )  # fmt: skip
    experiment = started.experiment_id
    assert panels.import_pool(experiment, write_pool(tmp_path / "pool.csv", 30)) == 30

    page.goto("/loting/lith")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Aanmelden voor de loting").click()  # empty
    assert page.locator("#veld-name-fout").inner_text()
    assert serious_violations(page) == []
    page.get_by_label("Naam").fill("Ria van Lith")
    page.get_by_label("E-mailadres").fill("ria@example.org")
    page.get_by_label("Postcode").fill("5391 AB")
    page.get_by_label("Huisnummer").fill("200")
    page.get_by_label("Geboortejaar").fill("1958")
    page.get_by_label("v", exact=True).check()
    page.get_by_label("lithoijen").check()
    shoot(page, "loting-formulier")
    page.get_by_role("button", name="Aanmelden voor de loting").click()
    page.wait_for_url("**/verstuurd")
    assert serious_violations(page) == []

    with session_scope() as session:
        ria = session.scalar(select(PoolMember).where(PoolMember.email == "ria@example.org"))
        assert ria is not None and ria.confirmed_at is None
        ria_id = ria.id
    page.goto(link_in(mail_text("loting_bevestigen", ria_id)))
    assert serious_violations(page) == []
    page.get_by_role("button", name="Mijn aanmelding bevestigen").click()
    page.get_by_role("heading", name="Uw aanmelding is bevestigd").wait_for()
    assert serious_violations(page) == []

    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-16T10:00")
    browser_login(page)
    page.goto(f"/experiments/{experiment}/panel")
    assert serious_violations(page) == []
    page.get_by_label("Startgetal (seed, optioneel)").fill("77")
    draw_done(page, "Panel loten")
    page.get_by_text("In het panel: 6 van 6").wait_for()
    assert serious_violations(page) == []
    page.get_by_role("button", name="6 geloten uitnodigen").click()
    page.get_by_text("De uitnodigingen staan in de wachtrij.").wait_for()
    page.get_by_role("button", name="Verslag publiceren").click()
    page.get_by_text("Het verslag van de loting is gepubliceerd.").wait_for()
    assert serious_violations(page) == []
    shoot(page, "loting-beheer")

    with session_scope() as session:
        drawn = session.scalars(
            select(PoolMember.id).where(PoolMember.drawn_in == 1).order_by(PoolMember.id)
        ).all()
    assert len(drawn) == 6
    page.goto(link_in(mail_text("loting_uitnodiging", drawn[0])))
    assert serious_violations(page) == []
    page.get_by_label("Nee, ik doe niet mee").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    page.get_by_role("heading", name="Jammer dat u niet meedoet").wait_for()

    page.goto("/loting/lith")
    page.get_by_role("heading", name="Verslag van de loting").wait_for()
    content = page.content()
    assert "77" in content and "Ria van Lith" not in content and "ria@example.org" not in content
    assert serious_violations(page) == []
    shoot(page, "loting-verslag")
    page.goto("/wijkraden/lith")
    page.get_by_role("heading", name="Burgerpanel door loting").wait_for()
    assert serious_violations(page) == []

    # the replacement for the decline, in the browser: a second draw within the quotas left
    page.goto(f"/experiments/{experiment}/panel")
    draw_done(page, "Vervangers loten")
    page.get_by_text("In het panel: 6 van 6").wait_for()
    with session_scope() as session:
        second = session.scalars(select(PoolMember.id).where(PoolMember.drawn_in == 2)).all()
    assert len(second) == 1
