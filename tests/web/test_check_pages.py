"""Starting and cancelling a procedure ask first: the check page says what would happen (the
council, the kind, the term and its dates, who gets mail, a warning for an early renewal or an
open procedure) and nothing is written until it is confirmed; the start form chooses nothing
for the coördinator."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.usefixtures("accounts", "prefect")


def test_the_start_form_preselects_nothing(coordinator) -> None:  # type: ignore[no-untyped-def]
    client, _ = coordinator
    form = client.get("/").text.split('id="actie-starten"')[1].split("</form>")[0]
    assert "checked" not in form and "selected" not in form


def test_starting_shows_a_check_page_first_and_writes_nothing(coordinator, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    before = table_counts()
    data = {"csrf_token": token, "area": "ruwaard", "kind": "renewal"}
    check = client.post("/procedures", data=data)
    assert check.status_code == 200 and table_counts() == before
    text = " ".join(re.sub(r"<[^>]+>", " ", check.text).split())
    assert "Controleer: vernieuwing voor Wijkraad Ruwaard" in text
    assert "2030: 3 april 2030 tot en met" in text  # the term and its dates
    assert "de wijkcoördinator (er zitten geen leden)" in text  # who gets mail
    assert "begint pas op 03-04-2030" in text  # a renewal more than 12 months early
    assert 'name="bevestigd" value="1"' in check.text
    opened = client.post("/procedures", data=data | {"bevestigd": "1"}, follow_redirects=False)
    assert opened.status_code == 303
    procedure_id = int(opened.headers["location"].split("/procedures/")[1].split("?")[0])
    # a second start: the check page warns that one is open, and confirming is refused
    again = client.post("/procedures", data=data)
    assert f"heeft al een open procedure ({procedure_id})" in again.text
    client.post("/procedures", data=data | {"bevestigd": "1"})  # the command opens no second
    assert table_counts()["procedures"] == 1
    before = table_counts()

    # cancelling asks for the reason on its own page
    url = f"/procedures/{procedure_id}/annuleren"
    ask = client.post(url, data={"csrf_token": token})
    assert ask.status_code == 200 and "Controleer: procedure" in ask.text
    assert table_counts() == before
    refused = client.post(url, data={"csrf_token": token, "bevestigd": "1", "reason": ""})
    assert refused.status_code == 400 and 'href="#annuleren-reason"' in refused.text
    assert table_counts() == before
    done = client.post(url, data={"csrf_token": token, "bevestigd": "1", "reason": "dubbel"})
    assert "De procedure is geannuleerd." in done.text


def test_a_vacancy_without_free_seats_is_refused_on_the_overview(coordinator, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    for n in range(7):
        client.post(
            "/raden/lith/lid",
            data={"csrf_token": token, "name": f"Lid {n}", "email": f"lid{n}@example.org",
                  "postcode": "5391 AA", "house_number": str(n + 1)},
        )  # fmt: skip
    before = table_counts()
    answer = client.post("/procedures", data={"csrf_token": token, "area": "lith",
                                              "kind": "vacancy"})  # fmt: skip
    assert answer.status_code == 400 and "geen vrije zetels" in answer.text
    assert table_counts() == before


def test_the_application_window_is_extended_from_the_procedure_page(coordinator) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, datetime

    import models
    from models.enums import ProcedureKind, Stage
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    with session_scope() as session:
        area = lookup.area(session, "ruwaard")
        council = lookup.council(session, area, lookup.term_covering(session, date(2030, 6, 1)))
        moment = datetime(2026, 11, 20, 9)
        procedure = models.Procedure(
            area_id=area.id, council_id=council.id, term_id=council.term_id,
            kind=ProcedureKind.RENEWAL, stage=Stage.RECRUITING, seats=7, opened_at=moment,
            stage_entered_at=moment, suspended_days=0, application_deadline=date(2026, 12, 4),
        )  # fmt: skip
        session.add(procedure)
        session.flush()
        procedure_id = procedure.id
    client, token = coordinator
    url = f"/procedures/{procedure_id}/termijn-verlengen"
    refused = client.post(url, data={"csrf_token": token, "until": "2026-11-01", "reason": "x"})
    assert refused.status_code == 400 and 'id="termijn-verlengen-until-fout"' in refused.text
    done = client.post(url, data={"csrf_token": token, "until": "2026-12-18", "reason": "stil"})
    assert "De aanmeldtermijn is verlengd." in done.text and "18 december 2026" in done.text


def test_the_trail_names_the_account_in_dutch_and_scores_have_a_comma(  # type: ignore[no-untyped-def]
    coordinator, procedure_id
) -> None:
    from wijkraad.web.rendering import getal

    assert [getal(3.5), getal(4.0), getal(3.25), getal(None)] == ["3,5", "4", "3,25", ""]
    client, token = coordinator
    url = f"/procedures/{procedure_id}/opschorten"
    page = client.post(url, data={"csrf_token": token, "reason": "wachten"}).text
    assert '<td>Coordinator</td><th scope="row">opgeschort</th>' in page
