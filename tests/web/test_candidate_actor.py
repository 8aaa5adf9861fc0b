"""An application recorded on the page, one by the form or many by a CSV file, names the
logged-in account in the audit trail (as every other action of the page does)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.web.conftest import COORDINATOR
from wijkraad.cli.actor import system_user

pytestmark = pytest.mark.usefixtures("accounts")


@pytest.fixture
def recruiting(procedure_id: int) -> int:
    """The procedure of the fixture, now recruiting with the application period still open."""
    import models
    from models.enums import Stage
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        procedure = session.get_one(models.Procedure, procedure_id)
        procedure.stage = Stage.RECRUITING
        procedure.application_deadline = date(2026, 12, 20)
    return procedure_id


def _applied_by(procedure_id: int) -> list[str]:
    from tasks.adapters.db import session_scope
    from tasks.queries import procedures

    with session_scope() as session:
        trail = procedures.history(session, procedure_id)
    return [e["actor"] for e in trail if e["action"] == "candidate_applied"]


def test_the_form_names_the_account(coordinator, recruiting) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    answer = client.post(
        f"/procedures/{recruiting}/kandidaat",
        data={
            "csrf_token": token,
            "name": "Eva van Dijk",
            "email": "eva.vandijk@example.nl",
            "postcode": "5391AB",
            "house_number": "3",
        },
    )
    assert answer.status_code == 200, answer.text
    assert _applied_by(recruiting) == [COORDINATOR]


def test_the_csv_import_names_the_account(coordinator, recruiting) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    rows = (
        "name,email,postcode,house_number\n"
        "Eva van Dijk,eva.vandijk@example.nl,5391AB,3\n"
        "Sanne de Wit,sanne.dewit@example.nl,5391AB,5\n"
    )
    answer = client.post(
        f"/procedures/{recruiting}/kandidaten-inlezen",
        data={"csrf_token": token},
        files={"file": ("aanmeldingen.csv", rows.encode(), "text/csv")},
    )
    assert answer.status_code == 200, answer.text
    assert _applied_by(recruiting) == [COORDINATOR, COORDINATOR]


def test_the_cli_names_the_operating_system_user(recruiting, tmp_path, cli) -> None:  # type: ignore[no-untyped-def]
    """The CLI without WIJKRAAD_USER names the operating-system user."""
    added = cli(
        "candidates",
        "add",
        str(recruiting),
        "--name",
        "Eva van Dijk",
        "--email",
        "eva.vandijk@example.nl",
        "--postcode",
        "5391AB",
        "--house-number",
        "3",
    )
    assert added.exit_code == 0, added.stderr
    assert _applied_by(recruiting) == [system_user()]
