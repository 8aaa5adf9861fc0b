"""The B&W appointment decision and the onboarding of the new members."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base

if TYPE_CHECKING:
    from models.people import Membership
    from models.procedure import Procedure


class BoardDecision(Base):
    """A collegebesluit (benoemingsbesluit): its number, date and the term of the appointment."""

    __tablename__ = "board_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), unique=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    decided_on: Mapped[date] = mapped_column(Date)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class OnboardingTask(Base):
    """One item of the inwerk-checklist of a new member."""

    __tablename__ = "onboarding_tasks"
    __table_args__ = (UniqueConstraint("membership_id", "kind", name="uq_onboarding_tasks_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"))
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)

    procedure: Mapped[Procedure] = relationship(back_populates="onboarding_tasks")
    membership: Mapped[Membership] = relationship()
