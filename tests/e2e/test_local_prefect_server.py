"""The local Prefect server that wijkraad starts when no server is configured: the first start on
a fresh home keeps a copy of its migrated database; a later start on another fresh home starts
from that copy and answers; a copy that is unusable is ignored and made again.

Each start runs in a process of its own (the test session's harness is not involved), with its
own WIJKRAAD_HOME and a cache folder under the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

START = """
import json
from tasks.adapters import orchestrator
url = orchestrator.ensure_server()
state = orchestrator.recorded() or {}
answered = orchestrator.healthy(url)
orchestrator.stop()
print(json.dumps({"state": state, "answered": answered}))
"""


def start_and_stop(home: Path, cache: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "WIJKRAAD_"))}
    env |= {"WIJKRAAD_HOME": str(home), "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", START],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def runs_in(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT count(*) FROM flow_run").fetchone()[0])


def test_a_fresh_home_starts_from_the_migrated_copy_of_an_earlier_start(tmp_path: Path) -> None:
    from tasks.adapters import orchestrator

    cache = tmp_path / "cache"
    copy = cache / "wijkraden" / orchestrator.migrated_copy().name
    copy.parent.mkdir(parents=True)
    copy.write_bytes(b"not a database")  # unusable: ignored, and made again

    first = start_and_stop(tmp_path / "first", cache)
    assert first["answered"] and first["state"]["from_copy"] is False
    assert orchestrator.usable(copy)
    assert runs_in(copy) == 0

    second = start_and_stop(tmp_path / "second", cache)
    assert second["answered"] and second["state"]["from_copy"] is True
    with sqlite3.connect(tmp_path / "second" / "prefect" / "prefect.db") as connection:
        assert connection.execute("SELECT count(*) FROM block_type").fetchone()[0] > 0
