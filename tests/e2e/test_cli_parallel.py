"""Parallel commands take turns on the embedded database: five `candidates add` processes to
one procedure at once all succeed (SQLite used to answer three of them "database is locked")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.usefixtures("prefect")

WIJKRAAD = str(Path(sys.executable).with_name("wijkraad"))
PARALLEL = 5


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return result.json()


def test_five_parallel_applications_all_succeed(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    ok(cli("committee", "add", str(proc), "--name", "Carla Commissie",
           "--email", "carla@example.nl", "--postcode", "5343AB", "--house-number", "99",
           "--json"))  # fmt: skip
    ok(cli("committee", "confirm", str(proc), "--json"))

    from tasks.adapters import db

    # the processes use the database the commands above wrote to, named by their engine (in
    # some full runs they found no procedure 1: an earlier test of the process had read the
    # database file itself, which dropped this process's SQLite locks; see home_bytes in
    # test_cli_privacy.py)
    shared = db.engine().url.render_as_string(hide_password=False)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {
        "WIJKRAAD_HOME": str(tmp_path),
        "WIJKRAAD_DATABASE_URL": shared,
        "WIJKRAAD_NOW": os.environ["WIJKRAAD_NOW"],
    }

    def apply(n: int) -> subprocess.Popen[str]:
        args = ["--name", f"Bewoner Nummer{n}", "--email", f"bewoner{n}@example.nl",
                "--postcode", "5343AB", "--house-number", str(n), "--json"]  # fmt: skip
        return subprocess.Popen(
            [WIJKRAAD, "candidates", "add", str(proc), *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    processes = [apply(n) for n in range(1, PARALLEL + 1)]
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert [code for code, _out, _err in outcomes] == [0] * PARALLEL, [
        err for _code, _out, err in outcomes
    ]

    with db.engine().connect() as connection:
        stored = connection.execute(
            text("SELECT count(*) FROM candidates WHERE procedure_id = :p"), {"p": proc}
        ).scalar_one()
    assert stored == PARALLEL
