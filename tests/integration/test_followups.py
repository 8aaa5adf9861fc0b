"""Every follow-up finishes. A command records people's input, then runs the flow for what
follows. When that flow does not complete (a crash between its tasks, the orchestrator
unreachable), the command says in Dutch that the step is pending, and the step is finished by
running the same command again or by the next daily monitor run: nothing twice, nothing lost."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import apply, nominating, recruiting

pytestmark = pytest.mark.usefixtures("prefect")


def outbox_keys() -> list[str]:
    from models import OutboxMessage
    from tasks.adapters import db

    with db.session_scope() as session:
        return sorted(session.scalars(select(OutboxMessage.idempotency_key)))


def pending_of(proc: int) -> str | None:
    from models import Procedure
    from tasks.adapters import db

    with db.session_scope() as session:
        step = session.get(Procedure, proc).pending_step  # type: ignore[union-attr]
        return step.value if step else None


def stage_of(cli, proc: int) -> str:  # type: ignore[no-untyped-def]
    return str(ok(cli("status", str(proc), "--json"))["stage"])


def crash(monkeypatch, module, name: str) -> Callable[[], None]:  # type: ignore[no-untyped-def]
    """Make one unit of a flow die (after doing its work, as a kill between tasks would)."""
    real = getattr(module, name)

    def killed(procedure_id: int) -> object:
        real(procedure_id)
        raise RuntimeError("killed between tasks")

    monkeypatch.setattr(module, name, killed)
    return lambda: monkeypatch.setattr(module, name, real)


def pending_reported(result, step: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    message = " ".join(result.stderr.split())
    assert "nog niet uitgevoerd" in message and "opnieuw uit" in message
    assert result.json()["pending_step"] == step


def next_day(monkeypatch, now: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(
        "WIJKRAAD_NOW", (datetime.fromisoformat(now) + timedelta(days=1)).isoformat()
    )


def test_renew_pending_is_finished_by_running_it_again(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tasks.steps import committee

    restore = crash(monkeypatch, committee, "request_committee")
    first = cli("renew", "--area", "ruwaard", "--json")
    pending_reported(first, "request_committee")
    proc = first.json()["id"]
    asked = outbox_keys()
    restore()
    again = ok(cli("renew", "--area", "ruwaard", "--json"))
    assert again["id"] == proc and again["opened"] is False and again["pending_step"] is None
    assert pending_of(proc) is None and outbox_keys() == asked  # the request went out once
    refused = cli("renew", "--area", "ruwaard")
    assert refused.exit_code == 1 and "al een open procedure" in refused.stderr


def test_confirm_pending_is_finished_by_the_monitor(cli, monkeypatch, now) -> None:  # type: ignore[no-untyped-def]
    from tasks.steps import recruitment

    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    ok(cli("committee", "add", str(proc), "--name", "Carla", "--email", "carla@example.nl",
           "--postcode", "5343AB", "--house-number", "99"))  # fmt: skip
    restore = crash(monkeypatch, recruitment, "publish_call")
    pending_reported(cli("committee", "confirm", str(proc), "--json"), "open_recruitment")
    assert stage_of(cli, proc) == "recruiting" and pending_of(proc) == "open_recruitment"
    restore()
    ok(cli("tick", "--json"))  # the step was recorded just now: it may still be running
    assert pending_of(proc) == "open_recruitment"
    next_day(monkeypatch, now)
    assert ok(cli("tick", "--json"))["followups"] == 1
    assert pending_of(proc) is None
    keys = outbox_keys()
    assert sum("recruitment" in k for k in keys) == 1  # the committee told once
    ok(cli("tick", "--json"))
    assert outbox_keys() == keys


def test_screen_and_nominate_pending_are_finished_by_running_them_again(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tasks.steps import nomination, screening

    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1))
    restore = crash(monkeypatch, screening, "finish_screening")
    pending_reported(cli("screen", str(proc), "--close-early", "--json"), "screen_candidates")
    restore()
    assert ok(cli("screen", str(proc), "--json"))["stage"] == "nominating"
    assert pending_of(proc) is None

    ok(cli("cancel", str(proc), "--reason", "opnieuw, voor de voordracht"))
    proc2, good, _ = nominating(cli, 1)
    restore = crash(monkeypatch, nomination, "submit")
    pending_reported(cli("nominate", str(proc2), str(good[0]), "--json"), "submit_nomination")
    restore()
    keys = outbox_keys()
    done = ok(cli("nominate", str(proc2), str(good[0]), "--json"))
    assert done["stage"] == "awaiting_decision" and done["pending_step"] is None
    assert outbox_keys() == keys  # the advice was already in the outbox: not twice


def test_decide_pending_is_finished_by_running_it_again_and_only_that(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tasks.steps import appointment

    proc, good, _ = nominating(cli, 2)
    ok(cli("nominate", str(proc), str(good[0]), str(good[1])))
    restore = crash(monkeypatch, appointment, "send_letters")
    args = ("decide", str(proc), str(good[0]), "--number", "2026/77", "--date", "2026-11-28")
    pending_reported(cli(*args, "--json"), "record_board_decision")
    restore()
    other = cli("decide", str(proc), str(good[0]), "--number", "2026/78", "--date", "2026-11-28")
    assert other.exit_code == 1 and "al besluit 2026/77" in other.stderr
    done = ok(cli(*args, "--json"))
    assert done["members"] == 1 and done["pending_step"] is None and done["stage"] == "onboarding"
    keys = outbox_keys()
    assert sum("appointed:membership" in k for k in keys) == 1
    again = cli(*args)
    assert again.exit_code == 1 and "inwerken nieuwe leden" in again.stderr
    assert outbox_keys() == keys


def test_the_last_onboarding_task_pending_is_finished_by_ticking_it_again(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tasks.steps import onboarding

    proc, good, _ = nominating(cli, 1)
    ok(cli("nominate", str(proc), str(good[0])))
    ok(cli("decide", str(proc), str(good[0]), "--number", "2026/9", "--date", "2026-11-28"))
    tasks = [t["id"] for t in ok(cli("onboarding", "list", str(proc), "--json"))]
    assert len(tasks) > 1, "the last task is left for later: there must be others"
    for task in tasks[:-1]:
        assert ok(cli("onboarding", "done", str(task), "--json"))["pending_step"] is None
    restore = crash(monkeypatch, onboarding, "complete")
    pending_reported(cli("onboarding", "done", str(tasks[-1]), "--json"), "complete_onboarding")
    restore()
    assert ok(cli("onboarding", "done", str(tasks[-1]), "--json"))["stage"] == "completed"
    assert pending_of(proc) is None


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_decide_with_the_orchestrator_unreachable_is_finished_by_the_monitor(
    cli, monkeypatch, now, database_url
) -> None:  # type: ignore[no-untyped-def]
    """A real process with PREFECT_API_URL on a closed port: the decision is recorded, the
    coördinator hears that the step is pending, and the next monitor run seats the members."""
    proc, good, _ = nominating(cli, 1)
    ok(cli("nominate", str(proc), str(good[0])))
    env = os.environ | {
        "PREFECT_API_URL": f"http://127.0.0.1:{_closed_port()}/api",
        "WIJKRAAD_DATABASE_URL": database_url,
        "COLUMNS": "200",
    }
    args = ["decide", str(proc), str(good[0]), "--number", "2026/5", "--date", "2026-11-28"]
    run = subprocess.run(
        [sys.executable, "-m", "wijkraad", *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "niet bereikbaar" in run.stderr and "nog niet uitgevoerd" in run.stderr
    assert pending_of(proc) == "record_board_decision"
    assert stage_of(cli, proc) == "awaiting_decision"
    next_day(monkeypatch, now)
    assert ok(cli("tick", "--json"))["followups"] == 1
    assert stage_of(cli, proc) == "onboarding" and pending_of(proc) is None


def test_vacancy_pending_is_finished_by_the_monitor(cli, monkeypatch, now) -> None:  # type: ignore[no-untyped-def]
    from tasks.steps import committee

    restore = crash(monkeypatch, committee, "request_committee")
    first = cli("vacancy", "--area", "lith", "--json")
    pending_reported(first, "request_committee")
    proc = first.json()["id"]
    restore()
    next_day(monkeypatch, now)
    assert ok(cli("tick", "--json"))["followups"] == 1
    assert pending_of(proc) is None
    keys = outbox_keys()
    again = cli("vacancy", "--area", "lith")
    assert again.exit_code == 1 and "al een open procedure" in again.stderr
    assert outbox_keys() == keys


def test_a_resolved_check_pending_is_finished_by_resolving_again(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tasks.steps import screening

    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1))
    unknown = ok(
        cli("candidates", "add", str(proc), "--name", "Nina Nergens", "--email", "nina@example.nl",
            "--postcode", "1011AB", "--house-number", "2", "--json")
    )["id"]  # fmt: skip
    assert ok(cli("screen", str(proc), "--close-early", "--json"))["stage"] == "screening"
    restore = crash(monkeypatch, screening, "finish_screening")
    args = ("screen", "resolve", str(proc), str(unknown), "--eligible", "--reason", "BRP gezien")
    pending_reported(cli(*args, "--json"), "screen_candidates")
    restore()
    assert ok(cli("screen", str(proc), "--json"))["stage"] == "nominating"
    assert pending_of(proc) is None


def test_an_experiment_that_starts_a_procedure_is_finished_by_the_monitor(
    cli, monkeypatch, now
) -> None:  # type: ignore[no-untyped-def]
    from tasks.steps import committee

    experiment = ok(
        cli("experiment", "start", "--area", "geffen", "--form", "buurtpanel",
            "--decided-with-college-on", "2026-11-01", "--reason", "te weinig kandidaten",
            "--json")
    )["id"]  # fmt: skip
    restore = crash(monkeypatch, committee, "request_committee")
    evaluated = cli(
        "experiment", "evaluate", str(experiment), "--outcome", "weer een raad",
        "--start-procedure", "--json",
    )  # fmt: skip
    assert evaluated.exit_code == 0, evaluated.stderr
    assert "nog niet uitgevoerd" in " ".join(evaluated.stderr.split())
    proc = evaluated.json()["procedure_id"]
    assert pending_of(proc) == "request_committee"
    restore()
    next_day(monkeypatch, now)
    assert ok(cli("tick", "--json"))["followups"] == 1
    assert pending_of(proc) is None


@pytest.mark.parametrize("command", ["renew", "confirm"])
def test_opening_and_confirming_with_the_orchestrator_unreachable_are_finished_by_the_monitor(
    cli, monkeypatch, now, database_url, command
) -> None:  # type: ignore[no-untyped-def]
    if command == "renew":
        args = ["renew", "--area", "ruwaard"]
        step = "request_committee"
    else:
        proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
        ok(cli("committee", "add", str(proc), "--name", "Carla", "--email", "carla@example.nl",
               "--postcode", "5343AB", "--house-number", "2"))  # fmt: skip
        args, step = ["committee", "confirm", str(proc)], "open_recruitment"
    env = os.environ | {
        "PREFECT_API_URL": f"http://127.0.0.1:{_closed_port()}/api",
        "WIJKRAAD_DATABASE_URL": database_url,
    }
    run = subprocess.run(
        [sys.executable, "-m", "wijkraad", *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "niet bereikbaar" in run.stderr
    proc = int(json.loads(run.stdout)["id"])
    assert pending_of(proc) == step
    next_day(monkeypatch, now)
    assert ok(cli("tick", "--json"))["followups"] == 1
    assert pending_of(proc) is None


class Interrupted(BaseException):
    """What a cancelled task or a process told to stop raises: not an Exception."""


def test_an_interrupted_flow_lets_its_step_go_at_once(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A worker's flow interrupted by a BaseException leaves the step pending and free: the
    next hand-over runs it at once, not only after the grace (when a claim counts as dead)."""
    from flows.handover import drain, run
    from flows.work import Step
    from models import Procedure
    from models.enums import FollowUp
    from tasks.adapters import db
    from tasks.steps import screening

    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1))
    restore = crash(monkeypatch, screening, "finish_screening")
    pending_reported(cli("screen", str(proc), "--close-early", "--json"), "screen_candidates")

    def interrupted(procedure_id: int) -> str:
        raise Interrupted

    monkeypatch.setattr(screening, "finish_screening", interrupted)
    with pytest.raises(Interrupted):
        run(Step(proc, FollowUp.SCREEN_CANDIDATES))
    with db.session_scope() as session:
        procedure = session.get(Procedure, proc)
        assert procedure is not None
        assert procedure.pending_step == FollowUp.SCREEN_CANDIDATES
        assert procedure.pending_claimed_at is None  # no worker holds it
    restore()
    assert [ran.done for ran in drain()] == [True]  # same clock: not after the grace
    assert pending_of(proc) is None and stage_of(cli, proc) == "nominating"
