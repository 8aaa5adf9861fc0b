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


FLOWS = """
import sys
from tasks.adapters import orchestrator
orchestrator.ensure_server()
import httpx
from prefect import flow
from prefect.context import SyncClientContext
from flows.runtime import FLOW_OPTIONS, step

answers = []  # every answer, retried ones too (Prefect's client retries inside its own send)
send = httpx.Client.send
def counted(self, request, *args, **kwargs):
    response = send(self, request, *args, **kwargs)
    answers.append(response.status_code)
    return response
httpx.Client.send = counted

@step("one")
def one(x: int) -> int:
    return x + 1

@flow(name="concurrent", **FLOW_OPTIONS)
def concurrent(x: int) -> int:
    for _ in range(5):  # a step's flow has five tasks: their events are written meanwhile
        x = one(x)
    return x

with orchestrator.quick_flows(), SyncClientContext.get_or_create():
    for n in range(int(sys.argv[1])):
        concurrent(n)
print(answers.count(503), len(answers))
"""


def test_two_processes_running_flows_at_once_are_never_told_to_try_again(tmp_path: Path) -> None:
    """On SQLite a flow run's creation that met another process's write was answered 503 and
    the client waited 2 s or more; the local server begins such transactions immediately
    (tasks/adapters/prefect_server.py), so they wait for the lock instead."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "WIJKRAAD_"))}
    env |= {"WIJKRAAD_HOME": str(tmp_path / "home")}  # the user's migrated copy: a quick start
    root = Path(__file__).resolve().parents[2]

    def run(count: int) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", FLOWS, str(count)],
            env=env,
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    try:
        assert run(1).wait(timeout=600) == 0  # starts the local server
        both = [run(40), run(40)]
        answers = [process.communicate(timeout=600) for process in both]
        assert all(process.returncode == 0 for process in both), answers
        counts = [tuple(int(n) for n in out.split()) for out, _err in answers]
        assert all(asked >= 40 * 5 for _retried, asked in counts)  # five requests per flow run
        assert [retried for retried, _asked in counts] == [0, 0]
    finally:
        subprocess.run(
            [sys.executable, "-c", "from tasks.adapters import orchestrator; orchestrator.stop()"],
            env=env,
            cwd=root,
            check=False,
        )
