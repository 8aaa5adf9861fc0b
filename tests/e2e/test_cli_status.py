"""`wijkraad status`: all areas at a glance, with the monitor's stalled verdict."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("prefect")


def test_status_shows_every_area_and_a_stalled_procedure(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened = cli("renew", "--area", "ruwaard", "--json")
    assert opened.exit_code == 0, opened.stderr
    procedure = opened.json()["id"]

    rows = cli("status", "--json").json()
    assert len(rows) == 11
    ruwaard = next(r for r in rows if r["area"] == "ruwaard")
    assert ruwaard["procedure"] == procedure
    assert ruwaard["stage"] == "committee_forming"
    assert ruwaard["stalled"] == "on_track"
    assert next(r for r in rows if r["area"] == "lith")["procedure"] is None

    detail = cli("status", str(procedure), "--json").json()
    monkeypatch.setenv("WIJKRAAD_NOW", f"{detail['deadline']}T09:00")
    late = cli("status", str(procedure), "--json").json()
    assert late["stalled"] == "warning"
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-06-01T09:00")
    overview = cli("status")
    assert "te laat" in overview.stdout and "Wijkraad Ruwaard" in overview.stdout
    assert (
        next(r for r in cli("status", "--json").json() if r["area"] == "ruwaard")["stalled"]
        == "overdue"
    )
