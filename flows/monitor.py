"""The daily monitor: acts on every deadline due up to now and tells the coördinator.

Run daily by `wijkraad serve` and by hand with `wijkraad tick`. Idempotent: a second run on the
same day changes nothing (each step checks its own state or outbox key). It catches up: a day
missed while the service was down is covered by the next run, because every step looks at
everything due up to now. Parameters, results and events carry ids and small enums only.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from datetime import date, datetime
from functools import wraps
from typing import ParamSpec, TypeVar

from prefect import flow, get_run_logger
from prefect.events import emit_event

from flows.runtime import FLOW_OPTIONS
from tasks.adapters import clock
from tasks.steps import monitor as monitoring
from tasks.steps import monitor_runs, privacy

STALLED_EVENT = "wijkraden.procedure.stalled"

P = ParamSpec("P")
R = TypeVar("R")

# The monitor's units are plain calls in its one flow run, not Prefect tasks: a task run costs
# about 10 ms of client and server work, and the local server does not record task runs
# anyway (README, "Prefect on SQLite"). Measured with bench/cycle.py on a quiet machine:
# orchestration per monitor run 114 ms with five tasks, 81 ms without. Its result counts what
# each unit did, a failing unit is named (`named`), and what it starts (screening, follow-ups)
# shows as flow runs of their own.
recruitment_due = monitoring.recruitment_due
pending_followups = monitoring.pending_followups
record_run = monitor_runs.record  # for `wijkraad doctor`


def named(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """`fn` as the monitor's unit `name`: when it fails, the log and the error say which unit
    (the log names the kind of error only: its message may name people)."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        @wraps(fn)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                get_run_logger().error("monitor: %s failed: %s", name, type(exc).__name__)
                exc.add_note(f"in the monitor's unit {name}")
                raise

        return call

    return wrap


purge_personal_data = named("purge-personal-data")(privacy.purge_due)  # returns a count
enqueue_digest = named("enqueue-digest")(monitoring.enqueue_digest)


def screen(procedure_id: int) -> str:
    """Close recruitment and screen (the procedure flows' `screen_candidates`, idempotent)."""
    from flows.procedure import screen_candidates

    return str(screen_candidates(procedure_id))


@named("due-reminders")
def due_reminders(moment: datetime) -> int:
    """The reminders (committee, B&W, onboarding, first meeting), once each."""
    from tasks.mail import reminders

    return int(reminders.due_reminders(now=moment))


@named("experiment-proposals")
def experiment_proposals(day: date) -> dict[str, int]:
    """Proposals whose shortage is gone lapse, a council too small or with seats vacant too
    long gets one, evaluations due soon are reminded of: three checks that seldom find anything,
    each its own transaction, in this order."""
    return {
        "lapsed_proposals": len(monitoring.lapse_proposals(day)),
        "proposals": len(monitoring.propose_experiments(day)),
        "evaluation_reminders": len(monitoring.experiment_reminders(day)),
    }


def emit_stalled(procedure_id: int, level: str) -> None:
    """A Prefect event per newly stalled procedure, for an automation that pages someone."""
    emit_event(
        event=STALLED_EVENT,
        resource={
            "prefect.resource.id": f"wijkraden.procedure.{procedure_id}",
            "prefect.resource.name": f"procedure {procedure_id}",
        },
        payload={"procedure_id": procedure_id, "level": level},
    )


@named("report-stalled")
def report_stalled(day: date) -> int:
    """Every procedure newly stalled: its event, then remembered as reported (a rerun after a
    crash between the two emits it again, never loses it). Returns how many."""
    reported = monitoring.newly_stalled(day)
    for procedure_id, level in reported:
        emit_stalled(procedure_id, level)
    if reported:
        monitoring.record_stalled_reported(reported)
    return len(reported)


def _screen_due(day: date) -> tuple[int, list[str]]:
    """Screen every procedure past its application deadline; one failing does not stop the
    others (the failures are raised at the end of the run, after the rest is done). Each
    failure is named by its unit and procedure."""
    done: int = 0
    failed: list[str] = []
    for procedure_id in recruitment_due(day):
        try:
            screen(procedure_id)
            done += 1
        except Exception as exc:  # the message may name people: log the kind of error only
            get_run_logger().error(
                "screening procedure %s failed: %s", procedure_id, type(exc).__name__
            )
            failed.append(f"screen-candidates of procedure {procedure_id}")
    return done, failed


def _finish_pending(moment: datetime) -> tuple[int, list[str]]:
    """Finish every step whose flow did not complete after its command (the orchestrator was
    down, the process or its worker killed): the same flow, safe to repeat, claimed first so
    that a worker running it meanwhile is not doubled."""
    from flows.handover import run_one

    done: int = 0
    failed: list[str] = []
    for procedure_id, step in pending_followups(moment):
        ran = run_one(procedure_id, step)
        if ran.done:
            done += 1
        elif ran.error is not None:  # its kind only: the message may name people
            get_run_logger().error(
                "follow-up %s of procedure %s failed: %s",
                step,
                procedure_id,
                type(ran.error).__name__,
            )
            failed.append(f"follow-up {step.value} of procedure {procedure_id}")
    return done, failed


@flow(name="monitor", **FLOW_OPTIONS)
def monitor(now: datetime | None = None) -> dict[str, int]:
    """Everything due up to `now` (default: the clock): screening after the application
    deadline, reminders, experiment proposals and evaluations, stalled procedures, the digest."""
    moment = now or clock.now()
    with clock.frozen_at(moment) if now is not None else nullcontext():
        day = moment.date()
        finished, failed_followups = _finish_pending(moment)
        screened, failed = _screen_due(day)
        failed += failed_followups
        summary = {
            "followups": finished,
            "screened": screened,
            "reminders": due_reminders(moment),
            **experiment_proposals(day),
            "newly_stalled": report_stalled(day),
            "purged": purge_personal_data(moment),
            "digest": enqueue_digest(day) or 0,
        }
        record_run(moment, summary, len(failed))
    if failed:
        raise RuntimeError("monitor: failed: " + "; ".join(failed))
    return summary
