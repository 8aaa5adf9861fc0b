"""Handing over the flow that follows a recorded step, and saying when it did not finish.

A command commits people's input together with `Procedure.pending_step`, then hands the step
over through flows/launch.py (the one way): a worker runs it, or the CLI runs it here when no
worker is running. When the flow does not complete (the orchestrator unreachable, a crash, a
refused rule), the input stays recorded and the step stays pending: running the same command
again, or the next daily monitor run, finishes it. Every flow is safe to repeat and a worker
claims a step before it runs it, so nothing is done twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows import launch
from flows.launch import Mode
from models.enums import FollowUp

__all__ = ["LABELS", "FollowUpResult", "Mode", "drain", "run", "serve", "use"]

# What each step does, for people (Dutch).
LABELS: dict[FollowUp, str] = {
    FollowUp.REQUEST_COMMITTEE: "de zittende leden vragen een voordrachtcommissie te benoemen",
    FollowUp.OPEN_RECRUITMENT: "de werving openen (oproep, termijn, bericht aan de commissie)",
    FollowUp.SCREEN_CANDIDATES: "de kandidaten toetsen",
    FollowUp.SUBMIT_NOMINATION: "het collegevoorstel opstellen en versturen",
    FollowUp.RECORD_BOARD_DECISION: "de leden benoemen, de brieven en de inwerktaken",
    FollowUp.COMPLETE_ONBOARDING: "de procedure afronden",
}


@dataclass(frozen=True)
class FollowUpResult:
    """What became of the step after a command. `handed_over`: a worker has it (the web, or
    the CLI with --no-wait); `problem` (Dutch) says why it is still pending."""

    step: FollowUp
    procedure_id: int
    done: bool
    outcome: object = None
    problem: str | None = None
    handed_over: bool = False

    @property
    def label(self) -> str:
        return LABELS[self.step]

    @property
    def running(self) -> bool:
        """Handed over and not (yet) done, with nothing wrong: a worker is on it."""
        return self.handed_over and not self.done and self.problem is None


def run(procedure_id: int, step: FollowUp) -> FollowUpResult:
    """Hand `step` of a procedure over; never raises for a step that did not finish."""
    launched = launch.launch(procedure_id, step)
    return FollowUpResult(
        step,
        procedure_id,
        launched.done,
        outcome=launched.outcome,
        problem=launched.problem,
        handed_over=launched.handed_over,
    )


def use(mode: Mode) -> None:
    """How this process hands steps over: the door says so once (the web: HAND_OVER)."""
    launch.use(mode)


def drain() -> int:
    """Run here every pending step no worker holds; returns how many finished."""
    return launch.drain()


def serve(limit: int) -> None:
    """Be a worker for the follow-ups and mail delivery until stopped (blocks)."""
    launch.serve(limit)
