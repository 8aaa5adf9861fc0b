"""The coördinator overturns a finding on the procedure's page, through the same command as
`wijkraad screen overturn`: the account is the actor, the page names who decided."""

from __future__ import annotations

import pytest

from tests.e2e.test_cli_procedure_refusals import nominating
from tests.web.conftest import COORDINATOR

pytestmark = pytest.mark.usefixtures("prefect", "accounts")


def test_a_finding_overturned_on_the_page(cli, coordinator, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc, (first,), (employee,) = nominating(cli, 1, ineligible=1)
    client, token = coordinator
    page = client.get(f"/procedures/{proc}").text
    assert "Toetsing herzien" in page

    before = table_counts()
    answer = client.post(
        f"/procedures/{proc}/herzien",
        data={"csrf_token": token, "candidate_id": str(employee), "rule": "municipal_employment",
              "passed": "ja", "by": "", "reason": " "},
    )  # fmt: skip
    assert answer.status_code == 400 and table_counts() == before

    answer = client.post(
        f"/procedures/{proc}/herzien",
        data={"csrf_token": token, "candidate_id": str(employee), "rule": "municipal_employment",
              "passed": "ja", "by": "de voordrachtcommissie",
              "reason": "Werkt sinds 2025 niet meer bij de gemeente"},
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert "De toetsing is herzien." in answer.text
    assert "beoordeeld door de voordrachtcommissie" in answer.text

    from tasks.adapters.db import session_scope
    from tasks.queries import procedures

    with session_scope() as session:
        trail = procedures.history(session, proc)
    overturned = [e for e in trail if e["action"] == "finding_overturned"]
    assert [e["actor"] for e in overturned] == [COORDINATOR]
    assert "besloten door de voordrachtcommissie" in overturned[0]["reason"]
    assert first
