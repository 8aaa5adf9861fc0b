"""Action forms: bad input gets the command's Dutch message next to the field it concerns, with
what was typed kept and nothing written; good input is recorded with the account as actor."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import COORDINATOR

pytestmark = pytest.mark.usefixtures("accounts")


def _error_next_to(html: str, form: str, field: str) -> str:
    found = re.search(rf'<p class="error" id="{form}-{field}-fout">([^<]*)</p>', html)
    assert found, f"no message next to {form}-{field}"
    return found.group(1)


def test_a_bad_email_is_refused_next_to_its_field(coordinator, procedure_id, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    before = table_counts()
    answer = client.post(
        f"/procedures/{procedure_id}/commissielid",
        data={"csrf_token": token, "name": "Carla Smits", "email": "geen-adres"},
    )
    assert answer.status_code == 400
    assert "geen geldig e-mailadres" in _error_next_to(answer.text, "commissielid", "email")
    assert 'value="Carla Smits"' in answer.text and 'value="geen-adres"' in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert table_counts() == before


def test_a_reason_is_required_to_suspend(coordinator, procedure_id, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    before = table_counts()
    answer = client.post(
        f"/procedures/{procedure_id}/opschorten", data={"csrf_token": token, "reason": "  "}
    )
    assert answer.status_code == 400
    assert _error_next_to(answer.text, "opschorten", "reason") == "Vul een reden in."
    assert table_counts() == before


def test_an_action_of_another_stage_says_where_the_procedure_is(  # type: ignore[no-untyped-def]
    coordinator, procedure_id, table_counts
) -> None:
    client, token = coordinator
    before = table_counts()
    answer = client.post(
        f"/procedures/{procedure_id}/besluit",
        data={
            "csrf_token": token,
            "candidate_ids": "1",
            "number": "2030/1",
            "decided_on": "2030-03-10",
        },
    )
    assert answer.status_code == 400
    assert "voordrachtcommissie vormen" in answer.text
    assert table_counts() == before


def test_suspend_and_resume_name_the_account_in_the_audit_trail(coordinator, procedure_id) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    answer = client.post(
        f"/procedures/{procedure_id}/opschorten",
        data={"csrf_token": token, "reason": "wachten op de gemeenteraad"},
    )
    assert answer.status_code == 200 and "De procedure is opgeschort." in answer.text
    assert "Hervatten" in answer.text
    answer = client.post(f"/procedures/{procedure_id}/hervatten", data={"csrf_token": token})
    assert "De procedure is hervat." in answer.text
    from tasks.adapters.db import session_scope
    from tasks.queries import procedures

    with session_scope() as session:
        trail = procedures.history(session, procedure_id)
    assert [(e["action"], e["actor"]) for e in trail[-2:]] == [
        ("suspend", COORDINATOR),
        ("resume", COORDINATOR),
    ]


def test_a_committee_member_appointed_by_the_coordinator(coordinator, procedure_id) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    answer = client.post(
        f"/procedures/{procedure_id}/commissielid",
        data={
            "csrf_token": token,
            "name": "Carla Smits",
            "email": "carla@example.nl",
            "postcode": "5343AB",
            "house_number": "99",
        },
    )
    assert answer.status_code == 200
    assert "Het commissielid is toegevoegd." in answer.text
    assert "Carla Smits" in answer.text and "benoemd door de wijkcoördinator" in answer.text


def test_an_unknown_procedure_and_an_unknown_action(coordinator) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    assert client.get("/procedures/999").status_code == 404
    assert client.post("/procedures/999/hervatten", data={"csrf_token": token}).status_code == 404
    assert client.post("/procedures/1/weggooien", data={"csrf_token": token}).status_code == 404


def test_start_needs_an_area(coordinator, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    before = table_counts()
    answer = client.post("/procedures", data={"csrf_token": token, "area": "", "kind": "renewal"})
    assert answer.status_code == 400 and "Kies een gebied" in answer.text
    assert table_counts() == before
