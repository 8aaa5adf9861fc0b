"""The councils' advice to B&W: recording B&W's answer. (An advice is sent when the council's
advice decision is recorded: commands/meetings.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.advice import AnswerInput
from models.enums import Actor, AdviceOutcome
from tasks.adapters import db
from tasks.steps import advice


@dataclass(frozen=True)
class AnswerAdvice:
    advice_id: int
    answered_on: str | date | None
    outcome: str | None  # overgenomen | deels overgenomen | niet overgenomen
    text: str | None = None  # the answer's text, or
    reference: str | None = None  # a reference to it (the letter's number), or both
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class AdviceAnswered:
    advice_id: int
    outcome: AdviceOutcome
    in_time: bool


def answer(command: AnswerAdvice) -> AdviceAnswered:
    """Record B&W's answer to an advice; once (a second answer is refused as already done)."""
    data = AnswerInput.parse(command.answered_on, command.outcome, command.text, command.reference)
    with db.session_scope() as session:
        answered = advice.answer(session, command.advice_id, data, actor=command.actor)
        assert answered.outcome is not None
        return AdviceAnswered(answered.id, answered.outcome, answered.answered_in_time)
