"""The councils' advice to B&W and B&W's answer.

An advice decided in a public meeting is sent to B&W; B&W answer within `answer_weeks` (a
setting, default 6). The coördinator records the answer: its date, its text or a reference to
it, and the outcome (overgenomen, deels overgenomen, niet overgenomen). The answer is public,
with the advice, on the council's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import validation
from models.base import Base, enum_column
from models.enums import AdviceOutcome
from models.errors import AlreadyDone, InvalidInput

if TYPE_CHECKING:
    from models.area import Area
    from models.participation import CouncilDecision

SUBJECT_LIMIT = 200

OUTCOME_LABELS: dict[AdviceOutcome, str] = {
    AdviceOutcome.ADOPTED: "overgenomen",
    AdviceOutcome.PARTLY_ADOPTED: "deels overgenomen",
    AdviceOutcome.NOT_ADOPTED: "niet overgenomen",
}
# what people type for an outcome: the label, the code, or its first word
_OUTCOME_WORDS: dict[str, AdviceOutcome] = {
    **{label: outcome for outcome, label in OUTCOME_LABELS.items()},
    **{outcome.value: outcome for outcome in AdviceOutcome},
    "deels": AdviceOutcome.PARTLY_ADOPTED,
    "niet": AdviceOutcome.NOT_ADOPTED,
}


def answer_due(sent_on: date, weeks: int) -> date:
    """The day B&W's answer is due: `weeks` after the advice was sent."""
    return sent_on + timedelta(weeks=weeks)


def check_sent_on(sent_on: date, decided_on: date, today: date) -> date:
    """An advice is sent after the meeting that decided it, and not in the future."""
    if sent_on < decided_on:
        raise InvalidInput(
            f"een advies wordt verzonden na de vergadering waarin het is besloten "
            f"({decided_on.isoformat()}).",
            field="sent_on",
        )
    if sent_on > today:
        raise InvalidInput("de datum van verzending ligt in de toekomst.", field="sent_on")
    return sent_on


def subject_of(summary: str) -> str:
    """The advice's subject from the decision's summary: its first line, at most 200 signs."""
    first = summary.strip().splitlines()[0] if summary.strip() else summary
    return first if len(first) <= SUBJECT_LIMIT else first[: SUBJECT_LIMIT - 1] + "…"


def outcome(value: str | None, field: str = "outcome") -> AdviceOutcome:
    cleaned = " ".join((value or "").strip().lower().replace("-", " ").split())
    if not cleaned:
        raise InvalidInput(
            "kies wat B&W met het advies deden: overgenomen, deels overgenomen of niet "
            "overgenomen.",
            field=field,
        )
    found = _OUTCOME_WORDS.get(cleaned) or _OUTCOME_WORDS.get(cleaned.replace(" ", "_"))
    if found is None:
        raise InvalidInput(
            f"'{validation.shown(value)}' is geen uitkomst (kies uit overgenomen, "
            "deels overgenomen of niet overgenomen).",
            field=field,
        )
    return found


class Advice(Base):
    """An advies aan B&W: decided in a public meeting, sent, and answered by B&W."""

    __tablename__ = "advice"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("council_decisions.id"), unique=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    subject: Mapped[str] = mapped_column(String(SUBJECT_LIMIT))
    text: Mapped[str] = mapped_column(Text)
    sent_on: Mapped[date] = mapped_column(Date)
    answer_due_on: Mapped[date] = mapped_column(Date, index=True)
    answered_on: Mapped[date | None] = mapped_column(Date)
    answer_text: Mapped[str | None] = mapped_column(Text)
    answer_reference: Mapped[str | None] = mapped_column(String(200))
    outcome: Mapped[AdviceOutcome | None] = mapped_column(
        enum_column(AdviceOutcome, "advice_outcome")
    )
    answer_recorded_at: Mapped[datetime | None] = mapped_column(DateTime)

    area: Mapped[Area] = relationship()
    decision: Mapped[CouncilDecision] = relationship()

    @property
    def answered(self) -> bool:
        return self.answered_on is not None

    @property
    def answered_in_time(self) -> bool:
        return self.answered_on is not None and self.answered_on <= self.answer_due_on

    def overdue(self, today: date) -> bool:
        """No answer yet and the due date has passed."""
        return self.answered_on is None and self.answer_due_on < today

    def days_over(self, today: date) -> int:
        return max(0, (today - self.answer_due_on).days) if self.answered_on is None else 0

    def record_answer(self, answer: AnswerInput, *, today: date, at: datetime) -> None:
        """B&W's answer, once: on or after the day the advice was sent, not in the future."""
        if self.answered_on is not None:
            shown = OUTCOME_LABELS[self.outcome] if self.outcome else ""
            raise AlreadyDone(
                f"Het antwoord op advies {self.id} is al vastgelegd "
                f"({self.answered_on.isoformat()}, {shown})."
            )
        if answer.answered_on < self.sent_on:
            raise InvalidInput(
                f"het antwoord kan niet vóór het advies liggen (verzonden op "
                f"{self.sent_on.isoformat()}).",
                field="answered_on",
            )
        if answer.answered_on > today:
            raise InvalidInput(
                "de datum van het antwoord ligt in de toekomst.", field="answered_on"
            )
        self.answered_on = answer.answered_on
        self.answer_text = answer.text
        self.answer_reference = answer.reference
        self.outcome = answer.outcome
        self.answer_recorded_at = at


@dataclass(frozen=True)
class AnswerInput:
    """B&W's answer as typed: a date, the text or a reference (or both), the outcome."""

    answered_on: date
    outcome: AdviceOutcome
    text: str | None
    reference: str | None

    @classmethod
    def parse(
        cls,
        answered_on: str | date | None,
        outcome_value: str | None,
        text: str | None,
        reference: str | None,
    ) -> AnswerInput:
        problems: list[str] = []
        values: dict[str, object] = {}
        checks = {
            "answered_on": lambda: validation.day(answered_on, "answered_on"),
            "outcome": lambda: outcome(outcome_value),
            "text": lambda: validation.text(text, "answer_text", required=False, limit=20_000),
            "reference": lambda: validation.text(reference, "reference", required=False, limit=200),
        }
        for key, check in checks.items():
            try:
                values[key] = check()
            except InvalidInput as exc:
                problems.extend(exc.problems)
        if (
            "text" in values
            and "reference" in values
            and not (values["text"] or values["reference"])
        ):
            problems.append(
                "antwoord: geef de tekst van het antwoord of een verwijzing ernaar "
                "(bijvoorbeeld het kenmerk van de brief)."
            )
        if problems:
            raise InvalidInput(problems)
        return cls(
            answered_on=values["answered_on"],  # type: ignore[arg-type]
            outcome=values["outcome"],  # type: ignore[arg-type]
            text=values["text"],  # type: ignore[arg-type]
            reference=values["reference"],  # type: ignore[arg-type]
        )
