"""Running the flow that follows a recorded step, and saying when it did not finish.

A command commits people's input together with `Procedure.pending_step`, then runs the flow for
that step by a typed reference (flows.procedure.FLOW_FOR). When the flow does not complete (the
orchestrator unreachable, a crash, a refused rule), the input stays recorded and the step stays
pending: running the same command again, or the next daily monitor run, finishes it. Every flow
is safe to repeat, so nothing is done twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from models.enums import FollowUp
from models.errors import DomainError
from tasks.adapters import orchestrator

log = logging.getLogger(__name__)

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
    """What became of the flow after a command. `problem` (Dutch) says why it is pending."""

    step: FollowUp
    procedure_id: int
    done: bool
    outcome: object = None
    problem: str | None = None

    @property
    def label(self) -> str:
        return LABELS[self.step]


def run(procedure_id: int, step: FollowUp) -> FollowUpResult:
    """Run the flow of `step` for a procedure; never raises for a flow that did not finish."""
    try:
        outcome = orchestrator.run_flow(lambda: _flow_of(step)(procedure_id))
    except DomainError as exc:
        return FollowUpResult(step, procedure_id, False, problem=exc.message)
    except Exception as exc:  # the orchestrator down, a crash in a task: the step stays pending
        log.warning("follow-up %s of procedure %s did not finish: %s", step, procedure_id, exc)
        return FollowUpResult(step, procedure_id, False, problem=_why(exc))
    return FollowUpResult(step, procedure_id, True, outcome=outcome)


def _flow_of(step: FollowUp):  # type: ignore[no-untyped-def]
    """The flow for a step. Imported here, after the orchestrator knows its server: Prefect
    reads its settings when it is first imported."""
    from flows.procedure import FLOW_FOR

    return FLOW_FOR[step]


def _why(exc: Exception) -> str:
    name = type(exc).__name__
    if "Connect" in name or "Timeout" in name or isinstance(exc, OSError):
        return f"de Prefect-server is niet bereikbaar ({name})"
    return f"de vervolgstap is afgebroken ({name})"
