"""The coördinator's overview shows the running term's lead times per stage and area and the
timeline of its procedures (the charts of the simulation's report), in the browser without
serious axe violations, at 1280 and 390 wide."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.web.conftest import browser_login
from tests.web.test_browser import SCREENSHOTS, _serious


@pytest.fixture
def history(db: None) -> int:
    """A vacancy procedure of Ruwaard opened this term, now in screening; and one of the
    previous term, which the overview leaves out."""
    import models
    from models.enums import ProcedureKind, Stage
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    def procedure(session, council, opened: datetime, stage: Stage):  # type: ignore[no-untyped-def]
        made = models.Procedure(
            area_id=council.area_id, council_id=council.id, term_id=council.term_id,
            kind=ProcedureKind.VACANCY, stage=stage, seats=2, opened_at=opened,
            stage_entered_at=opened, suspended_days=0,
            closed_at=opened.replace(month=9) if stage == Stage.COMPLETED else None,
        )  # fmt: skip
        session.add(made)
        session.flush()
        return made

    with session_scope() as session:
        area = lookup.area(session, "ruwaard")
        now_council = lookup.council(session, area, lookup.term_covering(session, date(2026, 6, 1)))
        old_council = lookup.council(session, area, lookup.term_covering(session, date(2025, 6, 1)))
        current = procedure(session, now_council, datetime(2026, 6, 1, 9), Stage.SCREENING)
        earlier = procedure(session, old_council, datetime(2025, 3, 1, 9), Stage.COMPLETED)
        for p, steps in (
            (current, ((7, Stage.COMMITTEE_FORMING, Stage.RECRUITING),
                       (8, Stage.RECRUITING, Stage.SCREENING))),
            (earlier, ((4, Stage.COMMITTEE_FORMING, Stage.RECRUITING),
                       (9, Stage.RECRUITING, Stage.COMPLETED))),
        ):  # fmt: skip
            for month, source, target in steps:
                at = p.opened_at.replace(month=month)
                session.add(models.AuditEvent(procedure_id=p.id, at=at, actor="test",
                                              action="step", from_stage=source,
                                              to_stage=target))  # fmt: skip
        return current.id


def test_the_overview_draws_the_running_terms_charts(coordinator, history: int) -> None:  # type: ignore[no-untyped-def]
    client, _ = coordinator
    html = client.get("/").text
    assert "Doorlooptijden in deze zittingsperiode" in html
    assert "Gemiddelde doorlooptijd per fase en gebied" in html
    assert f"procedure {history} (vacancy): voordrachtcommissie vormen" in html
    assert f"procedure {history + 1} " not in html  # the earlier term's
    assert "van 1 juni 2026 tot 1 december 2026" in html  # scaled to the term's events
    assert "<script" not in html


def test_an_overview_without_procedures_says_so(coordinator, db: None) -> None:  # type: ignore[no-untyped-def]
    client, _ = coordinator
    assert "In deze zittingsperiode is nog geen procedure gestart." in client.get("/").text


def test_the_overview_with_charts_passes_axe(page, accounts: None, history: int) -> None:  # type: ignore[no-untyped-def]
    browser_login(page)
    problems = {}
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        found = _serious(page)
        if found:
            problems[width] = found
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"overzicht-{width}.png"), full_page=True)
    assert problems == {}
