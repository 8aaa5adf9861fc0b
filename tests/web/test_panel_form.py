"""The public registration page of a burgerpanel: a wrong birth year is said next to its field,
and in the error summary on top, which links to it ("Fout:" in the title)."""

from __future__ import annotations

import pytest

from tests.integration.test_panel_draw import write_quotas
from tests.web.conftest import csrf_of
from tests.web.test_panel_browser import QUOTAS


@pytest.mark.usefixtures("accounts")
def test_a_wrong_birth_year_is_said_next_to_its_field(anonymous, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from commands import experiments
    from tasks.adapters.csvfile import read_rows

    rows = read_rows(write_quotas(tmp_path / "q.csv", QUOTAS), ("feature", "value", "min", "max"))
    experiments.start(
        experiments.Start(
            "lith", "loting", "2026-11-20", "niemand meldde zich aan",
            panel=experiments.RawPanel(6, "2026-12-15", rows),
        )
    )  # fmt: skip
    token = csrf_of(anonymous.get("/loting/lith").text)
    fields = {
        "csrf_token": token, "name": "Ria van Lith", "email": "ria@example.org",
        "postcode": "5391 AB", "house_number": "200", "birth_year": "19x8",
        "gender": "v", "buurt": "lith",
    }  # fmt: skip
    answer = anonymous.post("/loting/lith", data=fields)
    assert answer.status_code == 400, answer.text
    assert 'id="veld-birth_year-fout"' in answer.text
    assert 'id="aanmelden-fout"' not in answer.text
    assert 'class="error-summary"' in answer.text and 'href="#veld-birth_year"' in answer.text
    assert "<title>Fout: " in answer.text


@pytest.mark.usefixtures("accounts")
def test_empty_and_mistyped_fields_say_what_to_fill_in_as_on_the_application(
    anonymous, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from commands import experiments
    from tasks.adapters.csvfile import read_rows

    rows = read_rows(write_quotas(tmp_path / "q.csv", QUOTAS), ("feature", "value", "min", "max"))
    experiments.start(
        experiments.Start(
            "lith", "loting", "2026-11-20", "niemand meldde zich aan",
            panel=experiments.RawPanel(6, "2026-12-15", rows),
        )
    )  # fmt: skip
    token = csrf_of(anonymous.get("/loting/lith").text)
    fields = {
        "csrf_token": token, "name": " ", "email": "ria@example.org",
        "postcode": "53X", "house_number": "200", "birth_year": "1968",
        "gender": "v", "buurt": "lith",
    }  # fmt: skip
    answer = anonymous.post("/loting/lith", data=fields)
    assert answer.status_code == 400, answer.text
    assert "Vul uw naam in." in answer.text
    assert "Vul een postcode in zoals 5345 AB: vier cijfers en twee letters." in answer.text
