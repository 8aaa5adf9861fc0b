"""Building blocks for the tests of the production topology: throwaway PostgreSQL databases,
processes in their own process groups (always stopped, also when a test fails), a Prefect
server on PostgreSQL, and the environment an operator would give each process.

These tests run the programs as an operator does (`wijkraad`, `prefect`), not in-process.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests import skip_policy

REPOSITORY = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
SKIP_REASON = skip_policy.NO_POSTGRES.reason
SERVER_STARTUP_SECONDS = 90
STOP_SECONDS = 10


def postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect(POSTGRES, connect_timeout=2).close()
    except Exception:
        return False
    return True


@contextlib.contextmanager
def throwaway_databases(*purposes: str) -> Iterator[dict[str, str]]:
    """A new database per purpose (name by purpose), dropped afterwards whatever happened."""
    import psycopg

    tag = f"{os.getpid()}_{secrets.token_hex(3)}"
    names = {purpose: f"wr_{purpose}_{tag}" for purpose in purposes}
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        for name in names.values():
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield names
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def app_url(database: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}"


def clean_environment() -> dict[str, str]:
    """This process's environment without any WIJKRAAD_ or PREFECT_ setting of the test run."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("WIJKRAAD_", "PREFECT_"))} | {
        "COLUMNS": "200"
    }


def stop_group(process: subprocess.Popen[bytes], seconds: float = STOP_SECONDS) -> None:
    """SIGTERM to the process group, SIGKILL when it has not ended after `seconds`."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=seconds)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class Processes:
    """Long-running processes (server, worker), each in its own session and process group,
    its output in a log file. `stop_all` ends them all, the last started first."""

    logs: Path
    started: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(
        self, name: str, args: Sequence[str], env: Mapping[str, str], cwd: Path
    ) -> subprocess.Popen[bytes]:
        with (self.logs / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(
                list(args),
                env=dict(env),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append((name, process))
        return process

    def log(self, name: str, lines: int = 40) -> str:
        path = self.logs / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop_all(self) -> None:
        for _name, process in reversed(self.started):
            stop_group(process)


@contextlib.contextmanager
def processes(logs: Path) -> Iterator[Processes]:
    running = Processes(logs)
    try:
        yield running
    finally:
        running.stop_all()


def run(
    args: Sequence[str], env: Mapping[str, str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """One command to its end, in its own process group (killed as a group on a timeout)."""
    process = subprocess.Popen(
        list(args),
        env=dict(env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_group(process)  # type: ignore[arg-type]
        out, err = process.communicate()
        err += f"\n(stopped after {timeout} s)"
    return subprocess.CompletedProcess(list(args), process.returncode, out, err)


def healthy(api: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api}/health", timeout=1) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def _api(method: str, url: str, body: object | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.loads(reply.read())


def run_deployment(api: str, name: str, timeout: float = 90) -> str:
    """A run of the deployment `flow/deployment` through the Prefect server's API (what
    `prefect deployment run NAME --watch` does, without starting a Prefect CLI); waits for its
    end and returns the final state's type (COMPLETED, FAILED, CRASHED...) or TIMEOUT."""
    flow, deployment = name.split("/")
    found = _api("GET", f"{api}/deployments/name/{flow}/{deployment}")
    flow_run = _api("POST", f"{api}/deployments/{found['id']}/create_flow_run", {})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = _api("GET", f"{api}/flow_runs/{flow_run['id']}")["state"] or {}
        if state.get("type") in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}:
            return str(state["type"])
        time.sleep(0.2)
    return "TIMEOUT"


def prefect_environment(home: Path, api: str) -> dict[str, str]:
    """What every Prefect client of the topology gets: its own home and the server's API."""
    return clean_environment() | {
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }


def launch_prefect_server(running: Processes, home: Path, database: str, port: int) -> str:
    """`prefect server start` on PostgreSQL (asyncpg), as the README says; returns its API at
    once (`wait_until_healthy` waits for it, so that other work can go on meanwhile).

    The scheduler service is off: the tests trigger every run themselves, and a run of the
    minute's mail schedule must not take their mail first. The UI is off: nobody looks at it.
    """
    api = f"http://127.0.0.1:{port}/api"
    env = prefect_environment(home, api) | {
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": (
            f"postgresql+asyncpg://postgres@127.0.0.1:5432/{database}"
        ),
        "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED": "events,flow_runs",
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
    }
    del env["PREFECT_API_URL"]
    running.start(
        "prefect-server",
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env,
        home,
    )
    return api


def wait_until_healthy(running: Processes, api: str) -> None:
    server = dict(running.started)["prefect-server"]
    deadline = time.monotonic() + SERVER_STARTUP_SECONDS
    while not healthy(api):
        if server.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(
                "the Prefect server did not start:\n" + running.log("prefect-server")
            )
        time.sleep(0.25)


def start_prefect_server(running: Processes, home: Path, database: str, port: int) -> str:
    api = launch_prefect_server(running, home, database, port)
    wait_until_healthy(running, api)
    return api


@dataclass
class Stopwatch:
    """How long each step took (printed by the test: `pytest -s` shows it)."""

    laps: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    last: float = field(default_factory=time.monotonic)

    def lap(self, name: str) -> None:
        moment = time.monotonic()
        self.laps[name] = round(moment - self.last, 1)
        self.last = moment

    def report(self) -> str:
        steps = ", ".join(f"{name} {seconds} s" for name, seconds in self.laps.items())
        return f"{round(time.monotonic() - self.started, 1)} s in all: {steps}"
