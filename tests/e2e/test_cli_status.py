"""`wijkraad status`: all areas at a glance, with the monitor's stalled verdict."""

from __future__ import annotations

import json
import os

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


def test_status_and_areas_as_json_load_neither_typer_rich_nor_the_orm(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The two reads answer before Typer, pydantic and the mapper registry load
    (wijkraad/cli/quick.py); anything else still goes through Typer, and so does a setting
    that has to be validated: a wrong one is named in Dutch, as for every command."""
    import subprocess
    import sys

    check = (
        "import sys; sys.argv = ['wijkraad', *sys.argv[1:]]\n"
        "from wijkraad.cli import main; main()\n"
        "heavy = [m for m in ('typer', 'rich', 'pydantic', 'sqlalchemy.orm', 'models.entities')"
        " if m in sys.modules]\n"
        "print('LOADED', heavy, file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("WIJKRAAD_")}
    env |= {"WIJKRAAD_HOME": str(tmp_path), "WIJKRAAD_NOW": "2026-11-28"}
    subprocess.run([sys.executable, "-c", check, "init"], env=env, check=True, capture_output=True)
    for args in (["status", "--json"], ["areas", "--json"]):
        done = subprocess.run(
            [sys.executable, "-c", check, *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert "LOADED []" in done.stderr, (args, done.stderr)
        assert len(json.loads(done.stdout)) == 11
    done = subprocess.run(
        [sys.executable, "-c", check, "terms", "--json"], env=env, capture_output=True, text=True
    )
    assert "'typer'" in done.stderr
    wrong = {**env, "WIJKRAAD_SMTP_PORT": "vijfentwintig"}
    done = subprocess.run(
        [sys.executable, "-c", check, "status", "--json"], env=wrong, capture_output=True, text=True
    )
    assert done.stdout == ""
    assert "WIJKRAAD_SMTP_PORT: 'vijfentwintig' is geen" in done.stderr
