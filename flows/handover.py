"""The follow-ups as a Prefect background task, for the workers (`wijkraad worker`).

A door's hand-over (flows/launch.py) is a wake-up: `run_followups.delay()` with no parameters.
The work itself is in the database: every pending step recorded with people's input. A worker
that is woken claims each pending step no living worker holds (tasks/steps/followups.py) and
runs its flow; a step handed over twice, or woken twice, runs once. A wake-up carries nothing,
so Prefect's task-scheduling storage holds no parameters that another machine would have to
read, and nothing personal reaches Prefect.

Mail delivery is a background task as well: `deliver_due_mail.delay()`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.deliver_mail import deliver_mail
from flows.procedure import FLOW_FOR
from models.enums import FollowUp
from tasks.adapters import clock
from tasks.steps import followups

log = logging.getLogger("wijkraad.worker")


@dataclass(frozen=True)
class Ran:
    """What became of one pending step here. `taken`: another worker holds it, or it is no
    longer pending. `error`: the kind of error (never its text: it may name people)."""

    procedure_id: int
    step: FollowUp
    done: bool
    taken: bool = False
    outcome: object = None
    error: Exception | None = None


def run_one(procedure_id: int, step: FollowUp) -> Ran:
    """Claim the pending `step` and run its flow; the claim is let go when the flow fails, so
    the step stays pending for the next hand-over (or the monitor)."""
    if not followups.claim(procedure_id, step, clock.now()):
        return Ran(procedure_id, step, done=False, taken=True)
    try:
        outcome = FLOW_FOR[step](procedure_id)
    except Exception as exc:  # a refused rule, a crash in a task: the step stays pending
        followups.release(procedure_id, step)
        log.warning(
            "follow-up %s of procedure %s failed: %s", step.value, procedure_id, type(exc).__name__
        )
        return Ran(procedure_id, step, done=False, error=exc)
    log.info("follow-up %s of procedure %s done", step.value, procedure_id)
    return Ran(procedure_id, step, done=True, outcome=outcome)


def drain() -> list[Ran]:
    """Run every pending step that no living worker holds, until none is left (steps recorded
    meanwhile included); each step is tried at most once per drain."""
    tried: set[tuple[int, FollowUp]] = set()
    ran: list[Ran] = []
    while True:
        waiting = [found for found in followups.waiting(clock.now()) if found not in tried]
        if not waiting:
            return ran
        for procedure_id, step in waiting:
            tried.add((procedure_id, step))
            result = run_one(procedure_id, step)
            if not result.taken:
                ran.append(result)


@task(name="run-followups", cache_policy=NO_CACHE, persist_result=False)
def run_followups() -> int:
    """A wake-up: run what is pending; returns how many steps finished here."""
    return sum(result.done for result in drain())


@task(name="deliver-due-mail", cache_policy=NO_CACHE, persist_result=False)
def deliver_due_mail() -> int:
    """Send the due messages; returns how many were delivered."""
    return int(deliver_mail()["delivered"])


SERVED = (run_followups, deliver_due_mail)
