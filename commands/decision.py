"""The B&W decision (collegebesluit): recorded by the coördinator; seating the members, the
letters, the kind messages and the onboarding tasks follow as a flow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from commands import followup
from commands.conflicts import already_done_on_conflict
from commands.followup import FollowUpResult
from models.enums import Actor, FollowUp
from models.errors import AlreadyDone
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.queries import lookup
from tasks.steps import appointment


@dataclass(frozen=True)
class Decide:
    procedure_id: int
    candidate_ids: list[int]
    number: str
    decided_on: str | date
    reason: str | None = None
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class Decided:
    decision_id: int
    procedure_id: int
    followup: FollowUpResult | None

    @property
    def members(self) -> int | None:
        """New members seated, once the follow-up has run."""
        if self.followup is None or not self.followup.done:
            return None
        if self.followup.outcome is not None:  # the flow ran in this process
            return int(str(self.followup.outcome))
        with db.session_scope() as session:  # a worker ran it
            return appointment.seated_by(session, self.decision_id)


def decide(command: Decide) -> Decided:
    """Record the decision, then seat the appointed. The same decision again (same number)
    finishes a follow-up that did not complete; another number is refused."""
    number = (command.number or "").strip()
    race = already_done_on_conflict(f"besluit {number} is al vastgelegd.", field="number")
    with race, db.session_scope() as session:
        procedure = lookup.procedure(session, command.procedure_id)
        recorded = procedure.board_decision
        if recorded is not None and procedure.pending_step == FollowUp.RECORD_BOARD_DECISION:
            if recorded.number != number:
                raise AlreadyDone(
                    f"procedure {procedure.id} heeft al besluit {recorded.number}; de "
                    "verwerking daarvan loopt nog.",
                    field="number",
                )
            decision_id = recorded.id
        else:
            decision_id = appointment.decide(
                session,
                command.procedure_id,
                list(command.candidate_ids),
                number=number,
                decided_on=str(command.decided_on),
                reason=command.reason,
                actor=command.actor,
            ).id
            procedure.await_followup(FollowUp.RECORD_BOARD_DECISION, now())
    result = followup.run(command.procedure_id, FollowUp.RECORD_BOARD_DECISION)
    return Decided(decision_id, command.procedure_id, result)
