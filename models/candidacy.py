"""Candidates, the findings of their screening, interviews and the nomination."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, enum_column
from models.enums import CandidateStatus, FindingResult, Rule

if TYPE_CHECKING:
    from models.people import Person
    from models.procedure import Procedure


class Candidate(Base):
    """One application (aanmelding) of a person to one procedure."""

    __tablename__ = "candidates"
    __table_args__ = (
        UniqueConstraint("procedure_id", "person_id", name="uq_candidates_one_application"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    applied_at: Mapped[datetime] = mapped_column(DateTime)
    motivation: Mapped[str | None] = mapped_column(Text)
    politically_active: Mapped[bool] = mapped_column(Boolean, default=False)
    municipal_employee: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[CandidateStatus] = mapped_column(
        enum_column(CandidateStatus, "candidate_status"), default=CandidateStatus.APPLIED
    )
    # when the motivation, declarations, findings' reasons and interview notes were erased
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)

    procedure: Mapped[Procedure] = relationship()
    person: Mapped[Person] = relationship()
    findings: Mapped[list[Finding]] = relationship(
        back_populates="candidate", order_by="Finding.id"
    )
    interviews: Mapped[list[Interview]] = relationship(back_populates="candidate")

    def change_status(
        self,
        event: str,
        target: CandidateStatus,
        *,
        actor: str,
        now: datetime,
        reason: str | None = None,
    ) -> None:
        """The one way a candidate's status changes: allowed by models/statuses.py and recorded
        in the procedure's audit trail, with the status left and the one reached."""
        from models.statuses import CANDIDATE_EVENTS, CANDIDATE_LABELS, check

        source = self.status or CandidateStatus.APPLIED
        check(CANDIDATE_EVENTS, event, source, target, f"Kandidaat {self.id}")
        self.status = target
        audit = self.procedure.record(
            f"candidate_{event}",
            actor=actor,
            now=now,
            subject=("candidate", self.id),
            reason=reason or f"{CANDIDATE_LABELS[source]} → {CANDIDATE_LABELS[target]}",
        )
        audit.from_status, audit.to_status = source, target


class Finding(Base):
    """The verdict of one rule on one candidate: pass, fail or needs a human check."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("candidate_id", "rule", name="uq_findings_rule"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"))
    rule: Mapped[Rule] = mapped_column(enum_column(Rule, "rule"))
    result: Mapped[FindingResult] = mapped_column(enum_column(FindingResult, "finding_result"))
    reason: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(100))

    candidate: Mapped[Candidate] = relationship(back_populates="findings")


class Interview(Base):
    """A gesprek with a candidate, scored against the profile's competencies (1-5). One per
    committee member per candidate (recorded on the member's page; a second submission changes
    it); one the coördinator records names no member."""

    __tablename__ = "interviews"
    __table_args__ = (
        UniqueConstraint("candidate_id", "committee_member_id", name="uq_interviews_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    committee_member_id: Mapped[int | None] = mapped_column(ForeignKey("committee_members.id"))
    held_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    candidate: Mapped[Candidate] = relationship(back_populates="interviews")


class Nomination(Base):
    """The voordracht: the committee's list of nominees, at most the free seats."""

    __tablename__ = "nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    motivation: Mapped[str | None] = mapped_column(Text)

    nominees: Mapped[list[Nominee]] = relationship(
        back_populates="nomination", order_by="Nominee.rank"
    )


class Nominee(Base):
    """A candidate on the nomination, in the committee's order."""

    __tablename__ = "nominees"
    __table_args__ = (
        UniqueConstraint("nomination_id", "candidate_id", name="uq_nominees_candidate"),
        UniqueConstraint("nomination_id", "rank", name="uq_nominees_rank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"))
    rank: Mapped[int] = mapped_column(Integer)

    nomination: Mapped[Nomination] = relationship(back_populates="nominees")
    candidate: Mapped[Candidate] = relationship()
