"""The follow-ups as a Prefect background task, for the workers (`wijkraad worker`).

A door's hand-over (flows/launch.py) is a wake-up: `run_followups.delay()` with no parameters.
The work itself is in the database: every pending step recorded with people's input, and every
prepared panel draw. A worker that is woken claims each piece of work no living worker holds
(tasks/steps/followups.py, tasks/steps/panels.py) and runs its flow; work handed over twice,
or woken twice, runs once. A wake-up carries nothing,
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
from flows.panel import draw_panel
from flows.procedure import FLOW_FOR
from flows.work import PanelDraw, Step, Work
from models.enums import FollowUp
from tasks.adapters import clock
from tasks.steps import followups, panels

log = logging.getLogger("wijkraad.worker")


@dataclass(frozen=True)
class Ran:
    """What became of one piece of work here. `taken`: another worker holds it, or it is no
    longer pending. `error`: the kind of error (never its text: it may name people)."""

    work: Work
    done: bool
    taken: bool = False
    outcome: object = None
    error: Exception | None = None


def run(work: Work) -> Ran:
    """Claim the pending piece of work and run its flow; the claim is let go when the flow
    fails, so it stays pending for the next hand-over (or the monitor). A draw the quotas
    refuse is not pending any more: its failure is recorded with it."""
    moment = clock.now()
    claimed = (
        followups.claim(work.procedure_id, work.step, moment)
        if isinstance(work, Step)
        else panels.claim(work.draw_id, moment)
    )
    if not claimed:
        return Ran(work, done=False, taken=True)
    try:
        if isinstance(work, Step):
            outcome: object = FLOW_FOR[work.step](work.procedure_id)
        else:
            outcome = draw_panel(work.draw_id)
    except Exception as exc:  # a refused rule, a crash in a task: the work stays pending
        _release(work)
        log.warning("%s failed: %s", work, type(exc).__name__)
        return Ran(work, done=False, error=exc)
    except BaseException as exc:
        # interrupted (the worker's task cancelled, the process told to stop, Prefect's own
        # Abort and TerminationSignal: BaseExceptions all): the work stays pending and is free
        # at once for the next hand-over, not held until the grace ends; the interruption goes
        # on whatever the release meets (then the grace frees it)
        log.warning("%s interrupted: %s", work, type(exc).__name__)
        try:
            _release(work)
        except Exception as failed:
            log.warning("%s not let go: %s", work, type(failed).__name__)
        raise
    log.info("%s done", work)
    return Ran(work, done=True, outcome=outcome)


def _release(work: Work) -> None:
    if isinstance(work, Step):
        followups.release(work.procedure_id, work.step)
    else:
        panels.release(work.draw_id)


def run_one(procedure_id: int, step: FollowUp) -> Ran:
    """Claim a procedure's pending `step` and run its flow (see `run`)."""
    return run(Step(procedure_id, step))


def waiting() -> list[Work]:
    """Every pending piece of work that no living worker holds: steps, then draws."""
    moment = clock.now()
    steps: list[Work] = [Step(pid, step) for pid, step in followups.waiting(moment)]
    return steps + [PanelDraw(draw_id) for draw_id in panels.waiting(moment)]


def drain(found_first: list[Work] | None = None) -> list[Ran]:
    """Run every pending piece of work that no living worker holds, until none is left (work
    recorded meanwhile included); each is tried at most once per drain. `found_first`: what a
    caller has just read with `waiting()`, so it is not read twice."""
    tried: set[Work] = set()
    ran: list[Ran] = []
    while True:
        waiting_now = waiting() if found_first is None else found_first
        found_first = None
        found = [work for work in waiting_now if work not in tried]
        if not found:
            return ran
        for work in found:
            tried.add(work)
            result = run(work)
            if not result.taken:
                ran.append(result)


@task(name="run-followups", cache_policy=NO_CACHE, persist_result=False)
def run_followups() -> int:
    """A wake-up: run what is pending; returns how many pieces of work finished here.

    Prefect gives a wake-up to one worker, and a worker that drains takes everything recorded
    meanwhile; with a backlog one worker could take it all while another had nothing (seen in
    the topology test). So a worker that finds more than one piece waiting first wakes another
    (at most one wake-up per wake-up: a chain while the backlog lasts, not a flood)."""
    found = waiting()
    if len(found) > 1:
        run_followups.delay()
    return sum(result.done for result in drain(found))


@task(name="deliver-due-mail", cache_policy=NO_CACHE, persist_result=False)
def deliver_due_mail() -> int:
    """Send the due messages; returns how many were delivered."""
    return int(deliver_mail()["delivered"])


SERVED = (run_followups, deliver_due_mail)
