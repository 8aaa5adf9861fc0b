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
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import func, select

from models.deadlines import deadline
from models.enums import CandidateStatus, ProcedureKind, Stage
from models.stages import OPEN_STAGES, label
from tasks.adapters.clock import now as clock_now
from tasks.adapters.clock import today as clock_today
from tasks.queries import tables

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from tasks.adapters.settings import Settings

WATCHED_STAGES: tuple[Stage, ...] = (*OPEN_STAGES, Stage.SUSPENDED)


class Level(StrEnum):
    ON_TRACK = "on_track"
    WARNING = "warning"
    OVERDUE = "overdue"
    SUSPENDED = "suspended"


class _Suspension(Protocol):
    @property
    def started_at(self) -> datetime: ...
    @property
    def ended_at(self) -> datetime | None: ...
    @property
    def days(self) -> int | None: ...


class _Area(Protocol):
    @property
    def slug(self) -> str: ...


class Watched(Protocol):
    """What the verdict reads of a procedure: the entity `Procedure`, or an `OpenProcedure`."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> ProcedureKind: ...
    @property
    def stage(self) -> Stage: ...
    @property
    def current_stage(self) -> Stage: ...
    @property
    def stage_entered_at(self) -> datetime: ...
    @property
    def stage_target(self) -> date | None: ...
    @property
    def stage_deadline(self) -> date | None: ...
    @property
    def application_deadline(self) -> date | None: ...
    @property
    def suspended_days(self) -> int: ...
    @property
    def area(self) -> _Area: ...
    @property
    def suspensions(self) -> Sequence[_Suspension]: ...


@dataclass(frozen=True)
class AreaRow:
    slug: str


@dataclass(frozen=True)
class SuspensionRow:
    started_at: datetime
    ended_at: datetime | None
    days: int | None


@dataclass
class OpenProcedure:
    """An open (or suspended) procedure as the monitor reads it: plain values, no ORM."""

    id: int
    area_id: int
    area: AreaRow
    kind: ProcedureKind
    stage: Stage
    suspended_stage: Stage | None
    stage_entered_at: datetime
    stage_target: date | None
    stage_deadline: date | None
    application_deadline: date | None
    suspended_days: int
    suspensions: list[SuspensionRow] = field(default_factory=list)

    @property
    def current_stage(self) -> Stage:
        """The working stage: for a suspended procedure, the stage it was suspended from."""
        if self.stage == Stage.SUSPENDED and self.suspended_stage is not None:
            return self.suspended_stage
        return self.stage


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


def has_stored_dates(procedure: Watched) -> bool:
    """Whether the working stage's target or deadline is stored (else computed from settings)."""
    return procedure.stage_target is not None or procedure.stage_deadline is not None


def stage_dates(
    procedure: Watched, settings: Settings | None, shift_days: int = 0
) -> tuple[date | None, date | None]:
    """The target and deadline of the working stage: stored, or computed from settings (None:
    the current settings, read only when the dates have to be computed)."""
    if has_stored_dates(procedure):
        return procedure.stage_target, procedure.stage_deadline
    if settings is None:
        from tasks.adapters.settings import get_settings  # pydantic: only when it is needed

        settings = get_settings()
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


def _days_suspended_in_stage(procedure: Watched) -> int:
    """Days of finished suspensions since the procedure entered its stage (for computed dates)."""
    return sum(
        s.days or 0
        for s in procedure.suspensions
        if s.ended_at is not None and s.started_at >= procedure.stage_entered_at
    )


def _awaited(procedure: Watched, details: dict[int, str]) -> tuple[str, str]:
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
    procedure: Watched,
    today: date,
    settings: Settings | None,
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


def open_procedures(
    connection: Session | Connection, ids: Iterable[int] | None
) -> list[OpenProcedure]:
    """Open procedures only, through the index on stage: the work grows with the open ones.
    Two statements (the procedures with their area, their suspensions), no ORM."""
    p, a = tables.procedures, tables.areas
    query = (
        select(
            p.c.id,
            p.c.area_id,
            a.c.slug,
            p.c.kind,
            p.c.stage,
            p.c.suspended_stage,
            p.c.stage_entered_at,
            p.c.stage_target,
            p.c.stage_deadline,
            p.c.application_deadline,
            p.c.suspended_days,
        )
        .join(a, a.c.id == p.c.area_id)
        .where(p.c.stage.in_([stage.value for stage in WATCHED_STAGES]))
        .order_by(p.c.id)
    )
    if ids is not None:
        query = query.where(p.c.id.in_(list(ids)))
    found = [
        OpenProcedure(
            id=row.id,
            area_id=row.area_id,
            area=AreaRow(row.slug),
            kind=ProcedureKind(row.kind),
            stage=Stage(row.stage),
            suspended_stage=Stage(row.suspended_stage) if row.suspended_stage else None,
            stage_entered_at=row.stage_entered_at,
            stage_target=row.stage_target,
            stage_deadline=row.stage_deadline,
            application_deadline=row.application_deadline,
            suspended_days=row.suspended_days or 0,
        )
        for row in connection.execute(query)
    ]
    if found:
        by_id = {procedure.id: procedure for procedure in found}
        s = tables.suspensions
        for row in connection.execute(
            select(s.c.procedure_id, s.c.started_at, s.c.ended_at, s.c.days)
            .where(s.c.procedure_id.in_(list(by_id)))
            .order_by(s.c.id)
        ):
            by_id[row.procedure_id].suspensions.append(
                SuspensionRow(row.started_at, row.ended_at, row.days)
            )
    return found


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


def _details(connection: Session | Connection, procedures: Sequence[Watched]) -> dict[int, str]:
    """Counts that say more precisely what is awaited: checks to do, onboarding tasks open."""
    screening = [p.id for p in procedures if p.current_stage == Stage.SCREENING]
    onboarding = [p.id for p in procedures if p.current_stage == Stage.ONBOARDING]
    details: dict[int, str] = {}
    if screening:
        c = tables.candidates
        rows = connection.execute(
            select(c.c.procedure_id, func.count())
            .where(c.c.procedure_id.in_(screening), c.c.status == CandidateStatus.NEEDS_CHECK.value)
            .group_by(c.c.procedure_id)
        )
        details.update({pid: detail_text(Stage.SCREENING, n) or "" for pid, n in rows})
    if onboarding:
        t = tables.onboarding_tasks
        rows = connection.execute(
            select(t.c.procedure_id, func.count())
            .where(t.c.procedure_id.in_(onboarding), t.c.done_at.is_(None))
            .group_by(t.c.procedure_id)
        )
        details.update({pid: detail_text(Stage.ONBOARDING, n) or "" for pid, n in rows})
    return details


def _without_applicants(
    connection: Session | Connection, procedures: Sequence[Watched], today: date
) -> set[int]:
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
    c, a = tables.candidates, tables.applications
    applied = set(
        connection.execute(select(c.c.procedure_id).where(c.c.procedure_id.in_(late))).scalars()
    )
    waiting = set(
        connection.execute(
            select(a.c.procedure_id).where(
                a.c.procedure_id.in_(late),
                a.c.confirmed_at.is_(None),
                a.c.refused_at.is_(None),
                a.c.expires_at > clock_now(),
            )
        ).scalars()
    )
    return set(late) - applied - waiting


def stalled_states(
    session: Session | Connection, ids: Iterable[int] | None = None, today: date | None = None
) -> dict[int, StalledState]:
    """The state of every open procedure (or of these ids), by procedure id.

    For `wijkraad status`: closed procedures are simply absent from the result.
    """
    return states_of(session, open_procedures(session, ids), today or clock_today())


def states_of(
    session: Session | Connection, procedures: Sequence[Watched], day: date
) -> dict[int, StalledState]:
    """The states of open procedures already loaded by `open_procedures`."""
    details = _details(session, procedures)
    empty = _without_applicants(session, procedures, day)
    settings = None  # read once, and only when a procedure's dates have to be computed
    if not all(has_stored_dates(p) for p in procedures):
        from tasks.adapters.settings import get_settings  # pydantic: only when it is needed

        settings = get_settings()
    return {p.id: state_of(p, day, settings, details, p.id in empty) for p in procedures}


def late_first(states: Iterable[StalledState]) -> list[StalledState]:
    """The stalled ones of these states, the most overdue first."""
    late = [s for s in states if s.stalled]
    return sorted(late, key=lambda s: (s.level != Level.OVERDUE, -s.days_over, s.procedure_id))


def stalled(session: Session | Connection, today: date | None = None) -> list[StalledState]:
    """Every stalled procedure, the most overdue first."""
    return late_first(stalled_states(session, today=today).values())


def suspended(session: Session | Connection, today: date | None = None) -> list[StalledState]:
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
