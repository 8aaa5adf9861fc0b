"""The advice pages: the coördinator records B&W's answer in the browser with the same command
as the CLI; a lezer reads only; bad input is shown next to its field and nothing is written."""

from __future__ import annotations

from datetime import date

import pytest

from tests.web.conftest import COORDINATOR, csrf_of, log_in


def answer(token: str, day: str) -> dict[str, str]:
    return {"csrf_token": token, "answered_on": day, "outcome": "overgenomen", "reference": "x"}


@pytest.fixture
def advice_id(db: None) -> int:
    from commands import meetings

    meeting = meetings.add(meetings.AddMeeting("ruwaard", date(2026, 11, 20)))
    added = meetings.add_decision(
        meetings.AddDecision(
            meeting.meeting_id,
            kind="advies",
            summary="Advies over de herinrichting van het Walplein",
            text="De raad adviseert het Walplein autovrij te maken.\nMet bomen.",
        )
    )
    assert added.advice_id is not None
    return added.advice_id


def test_the_list_and_the_page_show_the_advice(coordinator, advice_id: int) -> None:  # type: ignore[no-untyped-def]
    client, _ = coordinator
    listed = client.get("/adviezen")
    assert listed.status_code == 200
    assert f'href="/adviezen/{advice_id}"' in listed.text and "Walplein" in listed.text
    assert "Wijkraad Ruwaard" in listed.text
    assert "Walplein" in client.get("/adviezen?open=1").text
    page = client.get(f"/adviezen/{advice_id}")
    assert "autovrij" in page.text and "9 januari 2027" in page.text
    assert f'action="/adviezen/{advice_id}/antwoord"' in page.text


def test_the_coordinator_records_the_answer(coordinator, advice_id: int) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    answer = client.post(
        f"/adviezen/{advice_id}/antwoord",
        data={
            "csrf_token": token,
            "answered_on": "2026-11-28",
            "outcome": "deels_overgenomen",
            "reference": "B&W 2026/0456",
            "answer_text": "Het college neemt het advies deels over.",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    page = client.get(answer.headers["location"])
    assert "Het antwoord van B&amp;W is vastgelegd." in page.text
    assert "deels overgenomen" in page.text and "B&amp;W 2026/0456" in page.text
    assert f'action="/adviezen/{advice_id}/antwoord"' not in page.text
    assert "Walplein" not in client.get("/adviezen?open=1").text
    again = client.post(
        f"/adviezen/{advice_id}/antwoord",
        data={
            "csrf_token": token,
            "answered_on": "2026-11-28",
            "outcome": "overgenomen",
            "reference": "x",
        },
    )
    assert again.status_code == 409 and "al vastgelegd" in again.text


def test_bad_input_is_shown_next_to_its_field_and_nothing_is_written(  # type: ignore[no-untyped-def]
    coordinator, advice_id: int, table_counts
) -> None:
    client, token = coordinator
    before = table_counts()
    answer = client.post(
        f"/adviezen/{advice_id}/antwoord",
        data={"csrf_token": token, "answered_on": "2030-01-01", "outcome": "misschien"},
    )
    assert answer.status_code == 400
    assert "<title>Fout: " in answer.text
    assert 'id="antwoord-outcome-fout"' in answer.text and "geen uitkomst" in answer.text
    assert 'id="antwoord-answered_on-fout"' not in answer.text or "toekomst" in answer.text
    assert 'href="#antwoord-outcome-overgenomen"' in answer.text  # the summary links to it
    assert 'value="2030-01-01"' in answer.text  # what was typed stays
    assert table_counts() == before
    future = client.post(
        f"/adviezen/{advice_id}/antwoord",
        data={
            "csrf_token": token,
            "answered_on": "2030-01-01",
            "outcome": "overgenomen",
            "reference": "x",
        },
    )
    assert future.status_code == 400 and 'id="antwoord-answered_on-fout"' in future.text
    assert "toekomst" in future.text
    assert table_counts() == before


def test_a_lezer_reads_and_cannot_answer(lezer, advice_id: int, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = lezer
    page = client.get(f"/adviezen/{advice_id}")
    assert page.status_code == 200 and "Walplein" in page.text
    assert '<form method="post" action="/adviezen' not in page.text
    before = table_counts()
    refused = client.post(
        f"/adviezen/{advice_id}/antwoord",
        data={
            "csrf_token": token,
            "answered_on": "2026-11-28",
            "outcome": "overgenomen",
            "reference": "x",
        },
    )
    assert refused.status_code == 403 and "lezer" in refused.text
    assert table_counts() == before


def test_without_login_or_csrf_nothing_happens(
    app, coordinator, advice_id: int, table_counts
) -> None:  # type: ignore[no-untyped-def]
    from starlette.testclient import TestClient

    with TestClient(app) as anonymous:
        assert anonymous.get("/adviezen", follow_redirects=False).status_code == 303
    client, _ = coordinator
    before = table_counts()
    refused = client.post(
        f"/adviezen/{advice_id}/antwoord",
        data={"answered_on": "2026-11-28", "outcome": "overgenomen", "reference": "x"},
    )
    assert refused.status_code == 403
    assert table_counts() == before


def test_an_unknown_advice_is_not_found(coordinator) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    assert client.get("/adviezen/999").status_code == 404
    answer = client.post("/adviezen/999/antwoord", data={"csrf_token": token})
    assert answer.status_code == 404


def test_stalled_names_overdue_advice(coordinator, advice_id: int, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client, _ = coordinator
    assert f"/adviezen/{advice_id}" not in client.get("/stalled").text
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-01-12T09:00")
    log_in(client, COORDINATOR)  # the session of weeks ago has expired
    page = client.get("/stalled")
    assert f'href="/adviezen/{advice_id}"' in page.text and "3 dagen te laat" in page.text
    assert csrf_of(page.text)
