"""The public call: which areas recruit, one area's call with its privacy statement, no login."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.fixtures_smtp import MailWorld


@pytest.fixture
def recruiting(mail_world: MailWorld) -> MailWorld:
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    with session_scope() as session:
        lookup.procedure(session, mail_world.procedure_id).call_text = "Ruwaard zoekt u!"
    return mail_world


def test_the_list_shows_the_recruiting_areas_without_login(
    anonymous: TestClient, recruiting: MailWorld
) -> None:
    answer = anonymous.get("/aanmelden")
    assert answer.status_code == 200
    assert "Wijkraad Ruwaard" in answer.text or "Ruwaard" in answer.text
    assert 'href="/aanmelden/ruwaard"' in answer.text
    assert "4 december 2026" in answer.text
    assert "Lith" not in answer.text  # no procedure there
    assert answer.headers["content-security-policy"].startswith("default-src 'none'")
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_the_call_shows_profile_conditions_deadline_course_and_privacy(
    anonymous: TestClient, recruiting: MailWorld
) -> None:
    answer = anonymous.get("/aanmelden/ruwaard")
    assert answer.status_code == 200
    text = answer.text
    assert "Kent het gebied sociaal, fysiek en cultureel" in text  # the profile
    assert "U werkt niet bij de gemeente Oss." in text  # a condition
    assert "tot en met <strong>vrijdag 4 december 2026</strong>" in text
    assert "Hoe gaat het verder?" in text and "voordrachtcommissie" in text
    assert "Ruwaard zoekt u!" in text  # the procedure's own call text
    for words in ("Wat wij bewaren", "Waarom", "Hoe lang", "Wie ze ziet", "72 uur"):
        assert words in text
    assert '<form method="post" action="/aanmelden/ruwaard"' in text
    assert 'name="csrf_token"' in text and 'name="website"' in text


def test_an_area_without_recruitment_says_so_and_has_no_form(
    anonymous: TestClient, recruiting: MailWorld
) -> None:
    answer = anonymous.get("/aanmelden/lith")
    assert answer.status_code == 200
    assert "zoekt op dit moment geen nieuwe leden" in answer.text
    assert "<form" not in answer.text


def test_after_the_deadline_the_call_says_so_and_has_no_form(
    anonymous: TestClient, recruiting: MailWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-05T08:00")
    answer = anonymous.get("/aanmelden/ruwaard")
    assert "De aanmeldtermijn is verstreken" in answer.text
    assert "<form" not in answer.text
    assert 'href="/aanmelden/ruwaard"' not in anonymous.get("/aanmelden").text


def test_an_unknown_area_is_not_found(anonymous: TestClient, recruiting: MailWorld) -> None:
    answer = anonymous.get("/aanmelden/atlantis")
    assert answer.status_code == 404 and "Kies een raad uit de lijst" in answer.text
    assert 'href="/aanmelden"' in answer.text  # back to the calls, not to the login
