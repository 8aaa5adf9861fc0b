"""Council meetings and decisions, and experiments with other forms of participation."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_column
from models.enums import DecisionKind, ExperimentStatus

if TYPE_CHECKING:
    from models.area import Area


class Experiment(Base):
    """An experiment with another form of resident participation, decided with the college."""

    __tablename__ = "experiments"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    status: Mapped[ExperimentStatus] = mapped_column(
        enum_column(ExperimentStatus, "experiment_status")
    )
    form: Mapped[str | None] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)
    proposed_at: Mapped[datetime | None] = mapped_column(DateTime)
    proposal_reason: Mapped[str | None] = mapped_column(Text)
    decided_with_college_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    evaluate_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)
    evaluated_at: Mapped[datetime | None] = mapped_column(DateTime)
    # the procedure after which the proposal was made (a council still too small), and the one
    # an evaluation started: two different things
    cause_procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"))
    started_procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"))

    area: Mapped[Area] = relationship()

    def change_status(self, event: str, target: ExperimentStatus) -> None:
        """The one way an experiment's status changes (models/statuses.py); the caller records
        the audit event with the outcome or reason it has."""
        from models.statuses import EXPERIMENT_EVENTS, check

        if self.status is not None:
            check(EXPERIMENT_EVENTS, event, self.status, target, f"Experiment {self.id}")
        self.status = target


class Meeting(Base):
    """A vergadering of a council; public unless marked closed."""

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    council_id: Mapped[int | None] = mapped_column(ForeignKey("councils.id"))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    agenda: Mapped[str | None] = mapped_column(Text)
    minutes: Mapped[str | None] = mapped_column(Text)
    minutes_published_on: Mapped[date | None] = mapped_column(Date)

    area: Mapped[Area] = relationship()
    decisions: Mapped[list[CouncilDecision]] = relationship(back_populates="meeting")


class CouncilDecision(Base):
    """A decision on a subsidy or an advice to B&W, taken in a public meeting."""

    __tablename__ = "council_decisions"
    __table_args__ = (
        CheckConstraint("amount_cents IS NULL OR amount_cents >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    kind: Mapped[DecisionKind] = mapped_column(enum_column(DecisionKind, "decision_kind"))
    summary: Mapped[str] = mapped_column(Text)
    amount_cents: Mapped[int | None] = mapped_column(Integer)
    applicant: Mapped[str | None] = mapped_column(String(200))
    # an organisation keeps its name in public lists; a private applicant is "een inwoner"
    organisation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    published_on: Mapped[date | None] = mapped_column(Date)

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")
