"""Two `wijkraad web` processes and the CLI on one PostgreSQL database, the same action submitted
through all three at the same moment: it takes effect exactly once, and the other attempts hear
in Dutch that it was already done (the page with status 409, the CLI with exit 1), never a
500 or a traceback.

The action is a suspension and then a resumption of one procedure: they run no flow, so the
web processes start with `--no-prefect` and no Prefect server is needed. The renewal that opens
the procedure is given an unreachable PREFECT_API_URL: its request for a committee stays
pending, which does not matter to a suspension.
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e import topology
from tests.e2e.topology import BIN, run
from tests.fixtures_smtp import free_port

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(not topology.postgres_answers(), reason=topology.SKIP_REASON),
]

EMAIL = "coordinator@oss.nl"
PASSWORD = "een lang wachtwoord"
WEB_STARTUP_SECONDS = 60


@dataclass
class Outcome:
    door: str
    succeeded: bool
    status: int  # HTTP status or exit code
    text: str  # the page, or the CLI's stdout and stderr


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def start_web(running: topology.Processes, name: str, env: dict[str, str], cwd: Path) -> str:
    port = free_port()
    running.start(
        name,
        [str(BIN / "wijkraad"), "web", "--host", "127.0.0.1", "--port", str(port), "--no-prefect"],
        env,
        cwd,
    )
    return f"http://127.0.0.1:{port}"


def wait_for_web(running: topology.Processes, name: str, base: str) -> None:
    import httpx

    process = dict(running.started)[name]
    deadline = time.monotonic() + WEB_STARTUP_SECONDS
    while True:
        try:
            if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{name} did not start:\n" + running.log(name))
        time.sleep(0.2)


def logged_in(base: str):  # type: ignore[no-untyped-def]
    import httpx

    client = httpx.Client(base_url=base, timeout=30)
    token = csrf_of(client.get("/login").text)
    answer = client.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 303, answer.text
    return client


def web_attempt(client, procedure_id: int, action: str, data: dict[str, str]) -> Outcome:  # type: ignore[no-untyped-def]
    answer = client.post(f"/procedures/{procedure_id}/{action}", data=data)
    return Outcome(str(client.base_url), answer.status_code == 303, answer.status_code, answer.text)


def cli_attempt(args: list[str], env: dict[str, str], cwd: Path) -> Outcome:
    done = run([str(BIN / "wijkraad"), *args], env, cwd)
    return Outcome("cli", done.returncode == 0, done.returncode, done.stdout + done.stderr)


def at_once(
    clients: list, procedure_id: int, action: str, data: dict[str, str], cli: list[str], **how
) -> list[Outcome]:  # type: ignore[type-arg, no-untyped-def]
    """The CLI and each web process at the same moment. A CLI process needs `cli_start` seconds
    before it reaches the database, so the web requests wait that long after the barrier."""
    outcomes: list[Outcome] = []
    barrier = threading.Barrier(len(clients) + 1)

    def web(client) -> None:  # type: ignore[no-untyped-def]
        token = csrf_of(client.get(f"/procedures/{procedure_id}").text)
        barrier.wait()
        time.sleep(how["cli_start"])
        outcomes.append(web_attempt(client, procedure_id, action, data | {"csrf_token": token}))

    def command() -> None:
        barrier.wait()
        outcomes.append(cli_attempt(cli, how["env"], how["cwd"]))

    threads = [threading.Thread(target=web, args=(c,)) for c in clients]
    threads.append(threading.Thread(target=command))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(outcomes) == len(threads), outcomes
    return outcomes


def check_once(outcomes: list[Outcome], already: str) -> None:
    """One attempt succeeded; each other one was refused in Dutch, saying it was already done."""
    assert len(outcomes) > 1, "no race without several attempts"
    for outcome in outcomes:
        assert "Traceback" not in outcome.text, outcome.text
        assert "Internal Server Error" not in outcome.text, outcome.text
    winners = [o for o in outcomes if o.succeeded]
    assert len(winners) == 1, [(o.door, o.status) for o in outcomes]
    for outcome in outcomes:
        if outcome.succeeded:
            continue
        if outcome.door == "cli":
            assert outcome.status == 1, outcome.text
        else:
            assert outcome.status == 409, (outcome.status, outcome.text[-2000:])
        assert already in outcome.text, outcome.text[-2000:]


def audit_actions(url: str, procedure_id: int) -> list[str]:
    import psycopg

    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        rows = connection.execute(
            "SELECT action FROM audit_events WHERE procedure_id = %s ORDER BY id", (procedure_id,)
        ).fetchall()
    return [row[0] for row in rows]


def suspensions(url: str, procedure_id: int) -> list[tuple[object, object]]:
    import psycopg

    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        rows = connection.execute(
            "SELECT started_at, ended_at FROM suspensions WHERE procedure_id = %s", (procedure_id,)
        ).fetchall()
    return [(row[0], row[1]) for row in rows]


def test_two_web_processes_and_the_cli_suspend_once(tmp_path: Path) -> None:
    import json

    watch = topology.Stopwatch()
    with (
        topology.throwaway_databases("atonce_app") as databases,
        topology.processes(tmp_path) as running,
    ):
        url = topology.app_url(databases["atonce_app"])
        env = topology.clean_environment() | {
            "WIJKRAAD_HOME": str(tmp_path / "wijkraad"),
            "WIJKRAAD_DATABASE_URL": url,
            "WIJKRAAD_NOW": "2029-10-01T09:00",  # half a year before the 2030 term
        }
        init = run([str(BIN / "wijkraad"), "init"], env, tmp_path)
        assert init.returncode == 0, init.stderr
        added = subprocess.run(
            [
                str(BIN / "wijkraad"),
                "users",
                "add",
                EMAIL,
                "--name",
                "Coördinator",
                "--role",
                "coordinator",
            ],
            env=env,
            cwd=tmp_path,
            input=PASSWORD + "\n",
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert added.returncode == 0, added.stderr
        bases = [start_web(running, f"web-{n}", env, tmp_path) for n in (1, 2)]
        unreachable = env | {"PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"}
        renew = run(
            [str(BIN / "wijkraad"), "renew", "--area", "lith", "--json"], unreachable, tmp_path
        )
        assert renew.returncode == 0, renew.stderr
        procedure_id = json.loads(renew.stdout)["procedure_id"]
        started = time.monotonic()
        missing = cli_attempt(["suspend", "999999", "--reason", "proef"], env, tmp_path)
        cli_start = time.monotonic() - started
        assert missing.status == 1 and "bestaat niet" in missing.text, missing.text
        for n, base in enumerate(bases, start=1):
            wait_for_web(running, f"web-{n}", base)
        clients = [logged_in(base) for base in bases]
        watch.lap("database, init, account, two web processes, a procedure")
        how = {"env": env, "cwd": tmp_path, "cli_start": cli_start * 0.9}
        try:
            suspended = at_once(
                clients,
                procedure_id,
                "opschorten",
                {"reason": "De wijkcoördinator is ziek."},
                ["suspend", str(procedure_id), "--reason", "De wijkcoördinator is ziek."],
                **how,
            )
            watch.lap("three suspensions at once")
            resumed = at_once(
                clients, procedure_id, "hervatten", {}, ["resume", str(procedure_id)], **how
            )
            watch.lap("three resumptions at once")
        finally:
            for client in clients:
                client.close()
        actions = audit_actions(url, procedure_id)
        rows = suspensions(url, procedure_id)
        logs = {name: running.log(name) for name in ("web-1", "web-2")}
    print(f"\nweb and CLI at once: {watch.report()}")
    for outcome in suspended + resumed:
        print(f"  {outcome.door}: {outcome.status}")
    check_once(suspended, "al opgeschort")
    check_once(resumed, "al hervat")
    assert actions.count("suspend") == 1 and actions.count("resume") == 1, actions
    assert len(rows) == 1 and rows[0][1] is not None, rows
    for name, log in logs.items():
        assert "Traceback" not in log, f"{name}:\n{log}"
