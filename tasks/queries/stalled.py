"""Which open procedures are stalled: past their stage's target (warning) or deadline (overdue).

The target (servicenorm) and deadline (doorlooptijd) of a stage come from `Settings.stage_days`.
A flow that enters a stage stores them on the procedure (`stage_target`, `stage_deadline`), and
`Procedure.apply('resume')` shifts them by the days suspended. When a procedure has none stored,
they are computed here from the day it entered the stage, shifted by the suspensions since then.
A suspended procedure is never stalled; it shows how long it has been suspended instead.

`stalled_states(session, ids)` is what `wijkraad status` calls for its "stalled" column;
`stalled_label(state)` gives the Dutch text of that column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer, joinedload, selectinload

from models import Application, Candidate, OnboardingTask, Procedure
from models.deadlines import deadline
from models.enums import CandidateStatus, Stage
from models.stages import OPEN_STAGES, label
from tasks.adapters.clock import now as clock_now
from tasks.adapters.clock import today as clock_today
from tasks.adapters.settings import Settings, get_settings

WATCHED_STAGES: tuple[Stage, ...] = (*OPEN_STAGES, Stage.SUSPENDED)


class Level(StrEnum):
    ON_TRACK = "on_track"
    WARNING = "warning"
    OVERDUE = "overdue"
    SUSPENDED = "suspended"


# Per stage: who the procedure waits for, and what they have to do (Dutch: shown to people).
AWAITED: dict[Stage, tuple[str, str]] = {
    Stage.COMMITTEE_FORMING: (
        "de zittende raad",
        "de voordrachtcommissie benoemen; daarna bevestigt de wijkcoördinator haar",
    ),
    Stage.RECRUITING: (
        "de voordrachtcommissie",
        "kandidaten werven tot de aanmeldtermijn verloopt; daarna start de toetsing vanzelf",
    ),
    Stage.SCREENING: (
        "de voordrachtcommissie en de wijkcoördinator",
        "de toetsing afronden: kandidaten die een controle nodig hebben beoordelen",
    ),
    Stage.NOMINATING: (
        "de voordrachtcommissie",
        "gesprekken voeren en de voordracht indienen",
    ),
    Stage.AWAITING_DECISION: (
        "het college van B&W",
        "het benoemingsbesluit nemen; de wijkcoördinator legt het vast",
    ),
    Stage.ONBOARDING: (
        "de wijkcoördinator en de nieuwe leden",
        "de inwerktaken afronden",
    ),
}


@dataclass(frozen=True)
class StalledState:
    procedure_id: int
    area: str
    kind: str
    stage: Stage
    level: Level
    target: date | None
    deadline: date | None
    days_over: int
    suspended_days: int
    suspension_age: int
    awaited_from: str
    awaited: str
    reason: str | None = None  # a stall that no date explains: "geen aanmeldingen"

    @property
    def stalled(self) -> bool:
        return self.level in (Level.WARNING, Level.OVERDUE)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.procedure_id,
            "area": self.area,
            "kind": self.kind,
            "stage": self.stage.value,
            "stage_label": label(self.stage),
            "level": self.level.value,
            "target": self.target,
            "deadline": self.deadline,
            "days_over": self.days_over,
            "suspended_days": self.suspended_days,
            "suspension_age": self.suspension_age,
            "awaited_from": self.awaited_from,
            "awaited": self.awaited,
            "reason": self.reason,
        }


def stage_dates(
    procedure: Procedure, settings: Settings, shift_days: int = 0
) -> tuple[date | None, date | None]:
    """The target and deadline of the working stage: stored, or computed from settings."""
    if procedure.stage_target is not None or procedure.stage_deadline is not None:
        return procedure.stage_target, procedure.stage_deadline
    days = settings.stage_days.get(procedure.current_stage.value)
    if days is None:
        return None, None
    entered = procedure.stage_entered_at.date()
    working = settings.deadlines_on_working_days
    shift = timedelta(days=shift_days)
    return (
        deadline(entered, days[0], working_days_only=working) + shift,
        deadline(entered, days[1], working_days_only=working) + shift,
    )


def _days_suspended_in_stage(procedure: Procedure) -> int:
    """Days of finished suspensions since the procedure entered its stage (for computed dates)."""
    return sum(
        s.days or 0
        for s in procedure.suspensions
        if s.ended_at is not None and s.started_at >= procedure.stage_entered_at
    )


def _awaited(procedure: Procedure, details: dict[int, str]) -> tuple[str, str]:
    who, what = AWAITED[procedure.current_stage]
    extra = details.get(procedure.id)
    return who, f"{what} ({extra})" if extra else what


NO_APPLICANTS = "geen aanmeldingen"
NO_APPLICANTS_WAYS = (
    "de wijkcoördinator",
    "geen aanmeldingen: verleng de aanmeldtermijn, of annuleer de procedure en stel met het "
    "college een experiment bewonersparticipatie voor",
)


def state_of(
    procedure: Procedure,
    today: date,
    settings: Settings,
    details: dict[int, str] | None = None,
    without_applicants: bool = False,
) -> StalledState:
    """The stalled state of one open procedure on a day. `without_applicants`: its application
    deadline has passed and nobody applied (nor waits to confirm): stalled, whatever the dates."""
    who, what = _awaited(procedure, details or {})
    target, deadline = stage_dates(procedure, settings, _days_suspended_in_stage(procedure))
    level, over, age, reason = Level.ON_TRACK, 0, 0, None
    if procedure.stage == Stage.SUSPENDED:
        started = procedure.suspensions[-1].started_at.date() if procedure.suspensions else today
        level, age = Level.SUSPENDED, (today - started).days
    elif deadline is not None and today > deadline:
        level, over = Level.OVERDUE, (today - deadline).days
    elif target is not None and today > target:
        level, over = Level.WARNING, (today - target).days
    if without_applicants and level != Level.SUSPENDED and procedure.application_deadline:
        reason, (who, what) = NO_APPLICANTS, NO_APPLICANTS_WAYS
        over = (today - procedure.application_deadline).days
        if level == Level.ON_TRACK:
            level = Level.WARNING
    return StalledState(
        procedure_id=procedure.id,
        area=procedure.area.slug,
        kind=procedure.kind.value,
        stage=procedure.current_stage,
        level=level,
        target=target,
        deadline=deadline,
        days_over=over,
        suspended_days=procedure.suspended_days,
        suspension_age=age,
        awaited_from=who,
        awaited=what,
        reason=reason,
    )


def open_procedures(session: Session, ids: Iterable[int] | None) -> Sequence[Procedure]:
    """Open procedures only, through the index on stage: the work grows with the open ones."""
    query = (
        select(Procedure)
        .where(Procedure.stage.in_(WATCHED_STAGES))
        .options(
            defer(Procedure.call_text),  # documents: not needed to judge a deadline
            defer(Procedure.advice_text),
            defer(Procedure.cancel_reason),
            joinedload(Procedure.area),
            joinedload(Procedure.term),
            selectinload(Procedure.suspensions),
        )
        .order_by(Procedure.id)
    )
    if ids is not None:
        query = query.where(Procedure.id.in_(list(ids)))
    return session.scalars(query).all()


def detail_text(stage: Stage, waiting: int) -> str | None:
    """What is awaited more precisely: candidates to check in screening, onboarding tasks open;
    `waiting` counts them (None when there are none)."""
    if not waiting:
        return None
    if stage == Stage.SCREENING:
        return f"{waiting} kandidaten wachten op controle"
    if stage == Stage.ONBOARDING:
        return f"{waiting} inwerktaken open"
    return None


def _details(session: Session, procedures: Sequence[Procedure]) -> dict[int, str]:
    """Counts that say more precisely what is awaited: checks to do, onboarding tasks open."""
    screening = [p.id for p in procedures if p.current_stage == Stage.SCREENING]
    onboarding = [p.id for p in procedures if p.current_stage == Stage.ONBOARDING]
    details: dict[int, str] = {}
    if screening:
        rows = session.execute(
            select(Candidate.procedure_id, func.count())
            .where(
                Candidate.procedure_id.in_(screening),
                Candidate.status == CandidateStatus.NEEDS_CHECK,
            )
            .group_by(Candidate.procedure_id)
        )
        details.update({pid: detail_text(Stage.SCREENING, n) or "" for pid, n in rows})
    if onboarding:
        rows = session.execute(
            select(OnboardingTask.procedure_id, func.count())
            .where(OnboardingTask.procedure_id.in_(onboarding), OnboardingTask.done_at.is_(None))
            .group_by(OnboardingTask.procedure_id)
        )
        details.update({pid: detail_text(Stage.ONBOARDING, n) or "" for pid, n in rows})
    return details


def _without_applicants(session: Session, procedures: Sequence[Procedure], today: date) -> set[int]:
    """Recruiting procedures past their application deadline with no candidate and no
    application sent in time that may still be confirmed."""
    late = [
        p.id
        for p in procedures
        if p.current_stage == Stage.RECRUITING
        and p.application_deadline is not None
        and p.application_deadline < today
    ]
    if not late:
        return set()
    applied = set(
        session.scalars(select(Candidate.procedure_id).where(Candidate.procedure_id.in_(late)))
    )
    waiting = set(
        session.scalars(
            select(Application.procedure_id).where(
                Application.procedure_id.in_(late),
                Application.confirmed_at.is_(None),
                Application.refused_at.is_(None),
                Application.expires_at > clock_now(),
            )
        )
    )
    return set(late) - applied - waiting


def stalled_states(
    session: Session, ids: Iterable[int] | None = None, today: date | None = None
) -> dict[int, StalledState]:
    """The state of every open procedure (or of these ids), by procedure id.

    For `wijkraad status`: closed procedures are simply absent from the result.
    """
    return states_of(session, open_procedures(session, ids), today or clock_today())


def states_of(
    session: Session, procedures: Sequence[Procedure], day: date
) -> dict[int, StalledState]:
    """The states of open procedures already loaded by `open_procedures`."""
    settings = get_settings()
    details = _details(session, procedures)
    empty = _without_applicants(session, procedures, day)
    return {p.id: state_of(p, day, settings, details, p.id in empty) for p in procedures}


def late_first(states: Iterable[StalledState]) -> list[StalledState]:
    """The stalled ones of these states, the most overdue first."""
    late = [s for s in states if s.stalled]
    return sorted(late, key=lambda s: (s.level != Level.OVERDUE, -s.days_over, s.procedure_id))


def stalled(session: Session, today: date | None = None) -> list[StalledState]:
    """Every stalled procedure, the most overdue first."""
    return late_first(stalled_states(session, today=today).values())


def suspended(session: Session, today: date | None = None) -> list[StalledState]:
    return [s for s in stalled_states(session, today=today).values() if s.level == Level.SUSPENDED]


def stalled_label(state: StalledState | None) -> str:
    """The Dutch text of the "stalled" column of `wijkraad status`."""
    if state is None:
        return ""
    if state.reason:
        return state.reason
    if state.level == Level.OVERDUE:
        return f"te laat ({state.days_over} d na uiterste datum)"
    if state.level == Level.WARNING:
        return f"achter ({state.days_over} d na streefdatum)"
    if state.level == Level.SUSPENDED:
        return f"opgeschort sinds {state.suspension_age} d"
    return "op schema"
