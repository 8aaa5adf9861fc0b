"""The benoemingsprocedure, its suspensions and its audit trail."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship
from sqlalchemy.sql.elements import ColumnElement

from models.base import Base, enum_column
from models.enums import CLOSED_STAGES, CandidateStatus, FollowUp, ProcedureKind, Stage
from models.errors import InvalidInput, WrongStage
from models.stages import (
    STAGE_NEXT_STEP,
    TRANSITIONS,
    Command,
    Event,
    Transition,
    allowed_stages,
    label,
)

if TYPE_CHECKING:
    from models.area import Area, Council, Term
    from models.candidacy import Candidate, Nomination
    from models.committee import NominationCommittee
    from models.decision import BoardDecision, OnboardingTask

_OPEN_PREDICATE = text("stage NOT IN ('completed', 'cancelled')")


class Procedure(Base):
    """One appointment procedure: a renewal for a new term or a vacancy mid-term."""

    __tablename__ = "procedures"
    __table_args__ = (
        Index(
            "uq_procedures_one_open_per_council",
            "council_id",
            unique=True,
            sqlite_where=_OPEN_PREDICATE,
            postgresql_where=_OPEN_PREDICATE,
        ),
        Index("ix_procedures_open_stage", "stage"),
        Index("ix_procedures_pending_step", "pending_step"),
        CheckConstraint("seats >= 0", name="seats_not_negative"),
        CheckConstraint("suspended_days >= 0", name="suspended_days_not_negative"),
        CheckConstraint(
            "(stage = 'suspended') = (suspended_stage IS NOT NULL)", name="suspended_has_stage"
        ),
        CheckConstraint(
            "stage != 'cancelled' OR cancel_reason IS NOT NULL", name="cancel_has_reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))
    kind: Mapped[ProcedureKind] = mapped_column(enum_column(ProcedureKind, "procedure_kind"))
    stage: Mapped[Stage] = mapped_column(enum_column(Stage, "stage"))
    suspended_stage: Mapped[Stage | None] = mapped_column(enum_column(Stage, "suspended_stage"))
    seats: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    stage_entered_at: Mapped[datetime] = mapped_column(DateTime)
    stage_target: Mapped[date | None] = mapped_column(Date)
    stage_deadline: Mapped[date | None] = mapped_column(Date)
    application_deadline: Mapped[date | None] = mapped_column(Date)
    suspended_days: Mapped[int] = mapped_column(Integer, default=0)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    call_text: Mapped[str | None] = mapped_column(Text)
    advice_text: Mapped[str | None] = mapped_column(Text)
    pending_step: Mapped[FollowUp | None] = mapped_column(enum_column(FollowUp, "pending_step"))
    pending_since: Mapped[datetime | None] = mapped_column(DateTime)
    # When a worker took the pending step (a step handed over twice runs once); a claim older
    # than the follow-up grace is taken over: its worker died.
    pending_claimed_at: Mapped[datetime | None] = mapped_column(DateTime)

    area: Mapped[Area] = relationship()
    council: Mapped[Council] = relationship()
    term: Mapped[Term] = relationship()
    suspensions: Mapped[list[Suspension]] = relationship(
        back_populates="procedure", order_by="Suspension.id"
    )
    audit_events: Mapped[list[AuditEvent]] = relationship(
        back_populates="procedure", order_by="AuditEvent.id"
    )
    onboarding_tasks: Mapped[list[OnboardingTask]] = relationship(
        back_populates="procedure", order_by="OnboardingTask.id"
    )
    # Read-only views for templates and reports; tasks write through the child entities.
    candidates: Mapped[list[Candidate]] = relationship(order_by="Candidate.id", viewonly=True)
    committee: Mapped[NominationCommittee | None] = relationship(viewonly=True)
    nomination: Mapped[Nomination | None] = relationship(viewonly=True)
    board_decision: Mapped[BoardDecision | None] = relationship(viewonly=True)

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    @classmethod
    def is_open_clause(cls) -> ColumnElement[bool]:
        """`is_open` in SQL: the one definition of an open procedure for queries."""
        return cls.stage.not_in(CLOSED_STAGES)

    @property
    def current_stage(self) -> Stage:
        """The working stage: for a suspended procedure, the stage it was suspended from."""
        return self.suspended_stage if self.stage == Stage.SUSPENDED else self.stage  # type: ignore[return-value]

    def await_followup(self, step: FollowUp, now: datetime) -> None:
        """Record that `step` follows: it is pending until its flow has finished. Recorded
        again while it is pending, it stays as it was (a worker may be running it)."""
        if self.pending_step == step:
            return
        self.pending_step = step
        self.pending_since = now
        self.pending_claimed_at = None

    def followup_done(self, step: FollowUp) -> bool:
        """The flow of `step` has finished; False when another step is pending (or none)."""
        if self.pending_step != step:
            return False
        self.pending_step = None
        self.pending_since = None
        self.pending_claimed_at = None
        return True

    def record(
        self,
        action: str,
        *,
        actor: str,
        now: datetime,
        subject: tuple[str, int] | None = None,
        reason: str | None = None,
    ) -> AuditEvent:
        """An audit event that is no stage change (a committee member added, an interview...)."""
        event = AuditEvent(
            at=now,
            actor=actor,
            action=action,
            reason=reason,
            subject_type=subject[0] if subject else None,
            subject_id=subject[1] if subject else None,
            procedure=self,
        )
        # Attached from the event's side: the procedure's list of events is not loaded for it
        # (it is kept up to date if it was). Appending to the list would load it, and each flush
        # would then compare all of it: an import of n applications took time in n squared.
        session = object_session(self)
        if session is not None:
            session.add(event)
        return event

    def require_stage(self, *stages: Stage) -> None:
        """Refuse a command made in the wrong stage, saying where the procedure is."""
        if self.stage in stages:
            return
        wanted = " of ".join(f"'{label(s)}'" for s in stages)
        raise WrongStage(
            f"Procedure {self.id} staat in fase '{label(self.stage)}' ({self.stage.value}); "
            f"deze opdracht kan alleen in fase {wanted}: {STAGE_NEXT_STEP[self.stage]}.",
            hint=f"stage:{self.stage.value}",
        )

    def require_allowed(self, *commands: Command) -> None:
        """Refuse a command given in a stage the table (models/stages.ALLOWED_IN) does not
        allow it in, saying where the procedure is."""
        self.require_stage(*allowed_stages(*commands))

    def apply(
        self, event: Event | str, *, actor: str, now: datetime, reason: str | None = None
    ) -> AuditEvent:
        """Apply one transition of the state machine and record it in the audit trail.

        The fields change one by one, so autoflush is held off until they agree again: a
        flush in between (a lazy load of a collection) would break the CHECK constraints.
        """
        session = object_session(self)
        with session.no_autoflush if session is not None else nullcontext():
            return self._apply(TRANSITIONS[Event(event)], actor=actor, now=now, reason=reason)

    def _apply(
        self, transition: Transition, *, actor: str, now: datetime, reason: str | None
    ) -> AuditEvent:
        if self.stage not in transition.sources:
            self.require_stage(*sorted(transition.sources))
        if transition.needs_reason and not (reason and reason.strip()):
            raise InvalidInput("geef een reden op.", field="reason")
        source, event = self.stage, transition.event
        if event == "suspend":
            self.suspended_stage = self.stage
            self.suspensions.append(Suspension(started_at=now, reason=reason))
        elif event == "resume":
            self._end_suspension(now)
        target = transition.target or self.suspended_stage
        assert target is not None
        if event in ("resume", "cancel"):
            self.suspended_stage = None
        if event not in ("suspend", "resume"):
            self.stage_entered_at = now
            self.stage_target = None
            self.stage_deadline = None
        if event == "cancel":
            self.cancel_reason = reason
        if target in CLOSED_STAGES:
            self.closed_at = now
        self.stage = target
        audit = AuditEvent(
            at=now, actor=actor, action=event, from_stage=source, to_stage=target, reason=reason
        )
        self.audit_events.append(audit)
        return audit

    def _end_suspension(self, now: datetime) -> None:
        """Close the open suspension and shift every open deadline by the days it lasted."""
        suspension = self.suspensions[-1]
        suspension.ended_at = now
        days = (now.date() - suspension.started_at.date()).days
        suspension.days = days
        self.suspended_days += days
        shift = timedelta(days=days)
        if self.stage_target is not None:
            self.stage_target += shift
        if self.stage_deadline is not None:
            self.stage_deadline += shift
        if self.application_deadline is not None and self.suspended_stage == Stage.RECRUITING:
            self.application_deadline += shift
        for task in self.onboarding_tasks:
            if task.done_at is None:
                task.due_on += shift


class Suspension(Base):
    """An opschorting: the procedure's deadlines pause from start to end."""

    __tablename__ = "suspensions"
    __table_args__ = (CheckConstraint("reason <> ''", name="has_reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    days: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)

    procedure: Mapped[Procedure] = relationship(back_populates="suspensions")


class AuditEvent(Base):
    """Who did what, when, from which stage to which, and why. A candidate's status change
    also keeps the status it left and the one it reached: the trail says, for any moment, what
    the candidate's status was then."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int | None] = mapped_column(ForeignKey("procedures.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    from_stage: Mapped[Stage | None] = mapped_column(enum_column(Stage, "audit_from_stage"))
    to_stage: Mapped[Stage | None] = mapped_column(enum_column(Stage, "audit_to_stage"))
    from_status: Mapped[CandidateStatus | None] = mapped_column(
        enum_column(CandidateStatus, "audit_from_status")
    )
    to_status: Mapped[CandidateStatus | None] = mapped_column(
        enum_column(CandidateStatus, "audit_to_status")
    )
    reason: Mapped[str | None] = mapped_column(Text)
    subject_type: Mapped[str | None] = mapped_column(String(64))
    subject_id: Mapped[int | None] = mapped_column(Integer)

    procedure: Mapped[Procedure | None] = relationship(back_populates="audit_events")
