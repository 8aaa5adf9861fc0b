"""Follow-ups run on workers, exactly once whatever dies.

Real `wijkraad worker` processes against the session's Prefect harness and the test's database:
a worker woken through Prefect (a background task) runs a recorded step; a worker killed in the
middle of a flow leaves the step pending and claimed, and a second worker finishes it once the
claim is older than the grace; a step handed over twice, or recorded by a door that died before
it could hand it over, finishes once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import nominating

pytestmark = pytest.mark.usefixtures("prefect")

DECISION = ("2026/5", "2026-11-28")
STARTUP_SECONDS = 120


def worker_env(now: str) -> dict[str, str]:
    from prefect.settings import get_current_settings

    return os.environ | {
        "PREFECT_API_URL": str(get_current_settings().api.url),
        "WIJKRAAD_NOW": now,
        "COLUMNS": "200",
    }


def start_worker(log: Path, now: str) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "wijkraad", "worker", "--limit", "2"],
            env=worker_env(now),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def no_worker_listed() -> None:
    """Wait until the Prefect server lists no worker serving the follow-ups.

    A killed worker stays subscribed on the server until the server notices its closed
    websocket (it looks once a second while idle). Meanwhile every command in AUTO mode takes
    it for a living worker: it hands its step over, the server routes the wake-up to the dead
    subscription (which puts it back in the queue for nobody) and the command waits
    `launch.WAIT_SECONDS` for a step that no one runs.
    """
    from flows import launch

    deadline = time.monotonic() + STARTUP_SECONDS
    while launch.worker_running():
        if time.monotonic() > deadline:
            raise AssertionError("the Prefect server still lists a stopped worker")
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def no_worker_left(prefect: None) -> Iterator[None]:
    """Every test starts with no worker on the server: none left from the test before."""
    no_worker_listed()
    yield


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        stop(process)
    no_worker_listed()  # gone from the server too before the next test starts


def wait_until(condition, what: str, process=None, log: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + STARTUP_SECONDS
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the worker ended: {log.read_text() if log else ''}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen: {log.read_text() if log else ''}")
        time.sleep(0.01)


def procedure_row(proc: int) -> tuple[str | None, datetime | None, str]:
    """(pending step, claimed at, stage) of a procedure."""
    from models import Procedure
    from tasks.adapters import db

    with db.session_scope() as session:
        row = session.get(Procedure, proc)
        assert row is not None
        step = row.pending_step.value if row.pending_step else None
        return step, row.pending_claimed_at, row.stage.value


def appointed_letters() -> int:
    from models import OutboxMessage
    from tasks.adapters import db

    with db.session_scope() as session:
        keys = session.scalars(select(OutboxMessage.idempotency_key))
        return sum("appointed:membership" in key for key in keys)


def memberships_of(proc: int) -> int:
    from models import BoardDecision, Membership
    from tasks.adapters import db

    with db.session_scope() as session:
        decision = session.scalar(select(BoardDecision).where(BoardDecision.procedure_id == proc))
        assert decision is not None
        found = session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.board_decision_id == decision.id)
        )
        return int(found or 0)


def record_decision(cli) -> int:  # type: ignore[no-untyped-def]
    """A procedure whose B&W decision is recorded and its step handed over to nobody yet (as
    by a web process that died between its commit and the hand-over)."""
    from commands import decision, followup

    proc, good, _ = nominating(cli, 1)
    ok(cli("nominate", str(proc), str(good[0])))
    followup.use(followup.Mode.RECORD)
    decided = decision.decide(decision.Decide(proc, [good[0]], DECISION[0], DECISION[1]))
    assert decided.followup is not None and not decided.followup.done
    assert procedure_row(proc)[0] == "record_board_decision"
    return proc


def later(now: str, minutes: int) -> str:
    return (datetime.fromisoformat(now) + timedelta(minutes=minutes)).isoformat()


def test_a_worker_woken_through_prefect_runs_the_step(cli, workers, tmp_path, now) -> None:  # type: ignore[no-untyped-def]
    from commands import followup
    from flows import launch

    log = tmp_path / "worker.log"
    workers.append(start_worker(log, now))
    wait_until(launch.worker_running, "the worker's subscription", workers[0], log)
    proc = record_decision(cli)
    launch.wake()
    wait_until(lambda: procedure_row(proc)[0] is None, "the step on the worker", workers[0], log)
    assert procedure_row(proc)[2] == "onboarding"
    assert memberships_of(proc) == 1 and appointed_letters() == 1
    line = f"follow-up record_board_decision of procedure {proc} done"
    wait_until(lambda: line in log.read_text(), "the worker's line", workers[0], log)
    # handed over twice more: found done, nothing twice
    launch.wake()
    followup.drain()
    assert memberships_of(proc) == 1 and appointed_letters() == 1
    # asked where it is (a worker that seems stuck), it writes its threads' stacks and goes on
    workers[0].send_signal(signal.SIGUSR1)
    wait_until(lambda: "most recent call first" in log.read_text(), "the stacks", workers[0], log)
    assert workers[0].poll() is None


def test_a_worker_killed_mid_flow_is_finished_once_by_a_second_worker(
    cli, workers, tmp_path, now
) -> None:  # type: ignore[no-untyped-def]
    proc = record_decision(cli)
    first_log = tmp_path / "first.log"
    first = start_worker(first_log, now)  # it runs what is waiting as it starts
    workers.append(first)
    wait_until(lambda: procedure_row(proc)[1] is not None, "the claim", first, first_log)
    os.kill(first.pid, signal.SIGSTOP)  # frozen where it is, then killed there
    step, claimed_at, _stage = procedure_row(proc)
    assert step == "record_board_decision" and claimed_at is not None, "the flow had finished"
    stop(first)

    # a second worker within the grace leaves the dead worker's claim alone
    early = subprocess.run(
        [sys.executable, "-m", "wijkraad", "worker", "--once", "--json"],
        env=worker_env(later(now, 1)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert early.returncode == 0, early.stderr
    assert procedure_row(proc)[0] == "record_board_decision"

    # after the grace the claim is stale: the second worker finishes the step, once
    second = subprocess.run(
        [sys.executable, "-m", "wijkraad", "worker", "--once", "--json"],
        env=worker_env(later(now, 11)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert second.returncode == 0, second.stderr
    assert '"followups": 1' in second.stdout
    assert procedure_row(proc) == (None, None, "onboarding")
    assert memberships_of(proc) == 1 and appointed_letters() == 1


def test_a_step_recorded_by_a_door_that_died_is_finished_by_the_monitor(
    cli, monkeypatch, now
) -> None:  # type: ignore[no-untyped-def]
    proc = record_decision(cli)
    assert ok(cli("tick", "--json"))["followups"] == 0  # within the grace: maybe still running
    monkeypatch.setenv("WIJKRAAD_NOW", later(now, 11))
    assert ok(cli("tick", "--json"))["followups"] == 1
    assert procedure_row(proc) == (None, None, "onboarding")
    assert ok(cli("tick", "--json"))["followups"] == 0
    assert memberships_of(proc) == 1 and appointed_letters() == 1


def test_a_step_another_worker_holds_is_not_run_twice(cli, monkeypatch, now) -> None:  # type: ignore[no-untyped-def]
    from commands import followup
    from models.enums import FollowUp
    from tasks.adapters.clock import now as clock_now
    from tasks.steps import followups

    proc = record_decision(cli)
    assert followups.claim(proc, FollowUp.RECORD_BOARD_DECISION, clock_now())  # "a worker"
    assert not followups.claim(proc, FollowUp.RECORD_BOARD_DECISION, clock_now())
    assert followup.drain() == 0 and procedure_row(proc)[0] == "record_board_decision"
    again = cli("decide", str(proc), "1", "--number", DECISION[0], "--date", DECISION[1])
    assert again.exit_code == 0 and memberships_of(proc) == 0  # the command leaves it alone
    monkeypatch.setenv("WIJKRAAD_NOW", later(now, 11))
    assert followup.drain() == 1
    assert procedure_row(proc) == (None, None, "onboarding")
    assert memberships_of(proc) == 1 and appointed_letters() == 1
