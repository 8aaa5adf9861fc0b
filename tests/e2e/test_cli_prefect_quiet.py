"""Prefect's own log lines go to a file under $WIJKRAAD_HOME, not to the coördinator's terminal:
a flow that fails gives one Dutch line (it used to come after some 60 lines of Prefect's ERROR
log), and a flow that succeeds prints no INFO lines of Prefect's when PREFECT_API_URL is set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("prefect")

WIJKRAAD = str(Path(sys.executable).with_name("wijkraad"))
PREFECT_LINES = ("| INFO", "| ERROR", "| WARNING", "Flow run", "Task run", "Finished in state")


def tick(home: Path, database_url: str) -> subprocess.CompletedProcess[str]:
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {
        "WIJKRAAD_HOME": str(home),
        "WIJKRAAD_DATABASE_URL": database_url,
        "WIJKRAAD_NOW": "2026-11-28T09:00",
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),  # the test harness's server
    }
    return subprocess.run(
        [WIJKRAAD, "tick"], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_a_failing_flow_says_one_dutch_line(tmp_path: Path) -> None:
    empty = f"sqlite:///{tmp_path / 'leeg.db'}"  # no tables: the monitor's first query fails
    done = tick(tmp_path, empty)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    for line in PREFECT_LINES:
        assert line not in done.stderr, done.stderr
    assert done.stderr.startswith("Fout:")
    assert "voer eerst 'wijkraad init' uit" in " ".join(done.stderr.split())
    log = tmp_path / "prefect" / "prefect.log"
    assert "ERROR" in log.read_text(encoding="utf-8")


def test_a_flow_that_succeeds_prints_no_prefect_lines(tmp_path: Path, database_url: str) -> None:
    done = tick(tmp_path, database_url)
    assert done.returncode == 0, done.stderr
    for line in PREFECT_LINES:
        assert line not in done.stderr + done.stdout
    assert done.stdout.startswith("Controle klaar")
    assert (tmp_path / "prefect" / "prefect.log").exists()
