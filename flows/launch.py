"""The one way a command hands recorded work over: typed, and without importing Prefect when
this module loads (Prefect reads its server's address once, when it is first imported).

A piece of work (flows/work.py) is a procedure's pending step or a panel's prepared draw. A
command commits people's input together with the work (`Procedure.pending_step`, a `Draw`
without a record), then calls `hand_over` (`launch` for a step). What happens next depends on
the door, set once per process with `use`:

- `HAND_OVER` (the web): wake a worker through Prefect (`run_followups.delay()`, in a thread of
  this process after the answer) and return at once. The page shows the step as `bezig`.
- `WAIT` (the CLI when a worker runs): hand over and wait until the step is done, or until
  `WAIT_SECONDS`; the worker's result is read from the database, not from Prefect.
- `RUN_HERE` (the CLI with no worker): run the step's flow in this process, as a worker would.
- `AUTO` (the CLI's default): `WAIT` when a worker serves the follow-ups, else `RUN_HERE`.
- `NO_WAIT` (the CLI with --no-wait): hand over and return when a worker serves the
  follow-ups, else `RUN_HERE`.
- `RECORD` (the simulation): record only; the process runs `drain` when it is ready.

Whatever dies in between, the step is recorded: a worker claims it before it runs it, a second
hand-over finds it taken or done, and the monitor hands over what is older than its grace.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar, copy_context
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from flows.work import Step, Work
from models.enums import FollowUp
from models.errors import DomainError
from tasks.adapters import orchestrator
from tasks.queries import followups as pending_steps
from tasks.queries import panels as panel_views
from tasks.queries.reading import reading

log = logging.getLogger(__name__)

WAIT_SECONDS = 120.0
POLL_SECONDS = 0.1
TASK = "run_followups"  # the background task's function name: the start of its task key


class Mode(StrEnum):
    AUTO = "auto"
    NO_WAIT = "no_wait"
    RUN_HERE = "run_here"
    WAIT = "wait"
    HAND_OVER = "hand_over"
    RECORD = "record"


@dataclass(frozen=True)
class Launched:
    """What became of a hand-over. `done`: the work's flow finished (here or on a worker);
    `handed_over`: a worker has it (or will); `problem` (Dutch): why it is still pending."""

    work: Work
    done: bool
    handed_over: bool = False
    outcome: object = None
    problem: str | None = None


# Per context, not per process: a test process (and the web page's threads) runs several
# doors; each request or command says how it hands over.
_mode: ContextVar[Mode] = ContextVar("hand_over_mode", default=Mode.AUTO)
_background: ThreadPoolExecutor | None = None
# A wake-up queued in this process and not yet sent covers every step committed before it is
# sent: a burst of actions sends one wake-up per `.delay()` round trip, not one per action.
_waking = threading.Lock()
_wake_queued = False


def use(mode: Mode) -> None:
    """How the current door hands steps over (a web request, a CLI command, the simulation)."""
    _mode.set(mode)


def mode() -> Mode:
    return _mode.get()


def launch(procedure_id: int, step: FollowUp) -> Launched:
    """Hand the recorded `step` of a procedure over (see `hand_over`)."""
    return hand_over(Step(procedure_id, step))


def hand_over(work: Work) -> Launched:
    """Hand recorded work over; never raises for work that did not finish (it stays pending
    and says why)."""
    chosen = _mode.get()
    if chosen is Mode.RECORD:
        return Launched(work, done=False, handed_over=True)
    if chosen is Mode.HAND_OVER:
        _wake_soon()
        return Launched(work, done=False, handed_over=True)
    try:
        orchestrator.ensure_server()
        if chosen in (Mode.AUTO, Mode.NO_WAIT):
            if not worker_running():
                return _run_here(work)
            if chosen is Mode.NO_WAIT:
                wake()
                return Launched(work, done=False, handed_over=True)
        if chosen in (Mode.AUTO, Mode.WAIT):
            return _hand_over_and_wait(work)
        return _run_here(work)
    except DomainError as exc:
        return Launched(work, done=False, problem=exc.message)
    except Exception as exc:  # the orchestrator down: the work stays pending
        log.warning("%s not started: %s", work, exc)
        return Launched(work, done=False, problem=_why(exc))


def wake() -> None:
    """Wake a worker: one `run_followups` background task run (it carries no parameters)."""
    orchestrator.ensure_server()
    from flows.handover import run_followups

    run_followups.delay()


def deliver_mail() -> None:
    """Hand a delivery pass of the outbox to a worker."""
    orchestrator.ensure_server()
    from flows.handover import deliver_due_mail

    deliver_due_mail.delay()


def drain() -> int:
    """Run, in this process, every pending piece of work that no living worker holds (what a worker
    would do when woken); returns how many finished. The simulation and `worker --once`."""
    orchestrator.ensure_server()
    from flows.handover import drain as run_waiting

    with orchestrator.flow_session():
        return sum(ran.done for ran in run_waiting())


def serve(limit: int) -> None:
    """Be a worker until stopped: first what is already waiting, then every wake-up and mail
    delivery that Prefect hands this process (at most `limit` at once). Blocks."""
    orchestrator.ensure_server()
    from prefect.task_worker import serve as serve_tasks

    from flows.handover import SERVED

    drain()
    # one API client for every flow and task run of this worker (its threads share it, as the
    # task runs of one flow do), instead of one each
    with orchestrator.flow_session():
        serve_tasks(*SERVED, limit=limit)


def worker_running() -> bool:
    """Whether a worker serves the follow-ups on this process's Prefect server (the server
    keeps the task workers subscribed to it)."""
    url = orchestrator.api_url()
    if not url:
        return False
    request = urllib.request.Request(
        url.rstrip("/") + "/task_workers/filter",
        data=b"{}",
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as reply:
            workers = json.loads(reply.read())
    except (OSError, ValueError):
        return False
    return any(
        str(key).startswith(TASK + "-") for worker in workers for key in worker.get("task_keys", [])
    )


def _in_background() -> ThreadPoolExecutor:
    global _background
    if _background is None:
        _background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hand-over")
    return _background


def _wake_soon() -> None:
    """Queue a wake-up in the background, unless one is queued that has not been sent yet."""
    global _wake_queued
    with _waking:
        if _wake_queued:
            return
        _wake_queued = True
    _in_background().submit(copy_context().run, _wake_quietly)


def _wake_quietly() -> None:
    """A hand-over after the answer: when it fails the step stays recorded and the monitor
    hands it over after its grace."""
    global _wake_queued
    with _waking:
        _wake_queued = False  # a step committed from now on needs a wake-up of its own
    try:
        wake()
    except Exception as exc:
        log.warning("hand-over failed, the monitor will hand it over: %s", type(exc).__name__)


def _run_here(work: Work) -> Launched:
    from flows.handover import run

    with orchestrator.quick_flows():
        ran = run(work)
    if ran.done:
        return Launched(work, done=True, outcome=ran.outcome)
    if ran.taken:
        if _recorded_since(work) is None:
            return Launched(work, done=True)
        return Launched(work, done=False, handed_over=True)
    if isinstance(ran.error, DomainError):
        return Launched(work, done=False, problem=ran.error.message)
    return Launched(work, done=False, problem=_why(ran.error))


def _hand_over_and_wait(work: Work) -> Launched:
    since = _recorded_since(work)
    if since is None:  # finished meanwhile (another door, a worker)
        return Launched(work, done=True)
    from flows.handover import run_followups

    future = run_followups.delay()
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if not _pending_since(work, since):
            return Launched(work, done=True, handed_over=True)
        if future.state.is_final() and _free(work, since):
            return Launched(
                work,
                done=False,
                handed_over=True,
                problem="de vervolgstap is op de worker afgebroken",
            )
        time.sleep(POLL_SECONDS)
    return Launched(
        work,
        done=False,
        handed_over=True,
        problem=f"de worker is na {WAIT_SECONDS:.0f} s nog bezig",
    )


def _recorded_since(work: Work) -> datetime | None:
    """When the work was recorded, while it is pending; None when it is not (any more)."""
    with reading() as session:
        if isinstance(work, Step):
            return pending_steps.recorded_at(session, work.procedure_id, work.step)
        state = panel_views.draw_state(session, work.draw_id)
        return state.prepared_at if state is not None and state.pending else None


def _pending_since(work: Work, since: datetime) -> bool:
    """Whether the work recorded at `since` is still pending (not finished, not replaced)."""
    with reading() as session:
        if isinstance(work, Step):
            return pending_steps.is_pending(session, work.procedure_id, work.step, since)
        state = panel_views.draw_state(session, work.draw_id)
        return state is not None and state.pending


def _free(work: Work, since: datetime) -> bool:
    """Still pending and no worker holds it (the wake-up ended without finishing it)."""
    with reading() as session:
        if isinstance(work, Step):
            return pending_steps.is_free(session, work.procedure_id, work.step, since)
        state = panel_views.draw_state(session, work.draw_id)
        return state is not None and state.pending and not state.claimed


def _why(exc: BaseException | None) -> str:
    name = type(exc).__name__
    if "Connect" in name or "Timeout" in name or isinstance(exc, OSError):
        return f"de Prefect-server is niet bereikbaar ({name})"
    return f"de vervolgstap is afgebroken ({name})"
