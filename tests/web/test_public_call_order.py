"""The resident's call puts the form first (on a phone nobody scrolls past four sections to
find it) and says when the term starts and how long it lasts."""

from __future__ import annotations


def test_the_form_comes_before_the_profile_and_the_privacy_text(anonymous, mail_world) -> None:  # type: ignore[no-untyped-def]
    html = anonymous.get("/aanmelden/ruwaard").text
    form = html.index('<form method="post" action="/aanmelden/ruwaard"')
    assert form < html.index("Wie zoeken wij?") < html.index('id="privacy"')
    assert 'href="#privacy"' in html[:form] or 'href="#privacy"' in html[form - 400 : form]


def test_a_vacancy_call_says_how_long_the_seat_lasts(anonymous, mail_world) -> None:  # type: ignore[no-untyped-def]
    html = anonymous.get("/aanmelden/ruwaard").text
    assert "tot het einde van de zittingsperiode op 2 april 2030" in html
    assert "(nog ongeveer 3 jaar)" in html
    assert "De zittingsperiode begon op 1 april 2026 en duurt vier jaar." in html


def test_a_renewal_call_says_when_the_term_starts(anonymous, mail_world) -> None:  # type: ignore[no-untyped-def]
    from models.enums import ProcedureKind
    from models.terms import TermDates
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    with session_scope() as session:
        procedure = lookup.procedure(session, mail_world.procedure_id)
        procedure.kind = ProcedureKind.RENEWAL
        procedure.term = lookup.term(session, TermDates.of(2030))
    html = anonymous.get("/aanmelden/ruwaard").text
    assert "De zittingsperiode begint op 3 april 2030 en duurt vier jaar, tot en met" in html


def test_the_call_on_a_phone_shows_the_form_first(page, mail_world) -> None:  # type: ignore[no-untyped-def]
    from tests.web.test_browser import SCREENSHOTS, _serious

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        page.goto("/aanmelden/ruwaard")
        assert _serious(page) == []
        page.screenshot(path=str(SCREENSHOTS / f"oproep-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/aanmelden/ruwaard")
    form = page.locator("form").first.bounding_box()
    profile = page.get_by_role("heading", name="Wie zoeken wij?").bounding_box()
    assert form is not None and profile is not None
    assert form["y"] < profile["y"]
    assert form["y"] < 844 * 1.5  # the form starts within about a screen and a half
