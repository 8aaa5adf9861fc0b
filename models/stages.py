"""The procedure state machine as a declarative table.

Every change of a Procedure's stage goes through `Procedure.apply` (models/procedure.py), which
looks the event up here, checks the stage it starts from and records an AuditEvent.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.enums import CLOSED_STAGES, Stage

OPEN_STAGES: tuple[Stage, ...] = (
    Stage.COMMITTEE_FORMING,
    Stage.RECRUITING,
    Stage.SCREENING,
    Stage.NOMINATING,
    Stage.AWAITING_DECISION,
    Stage.ONBOARDING,
)

STAGE_LABELS: dict[Stage, str] = {
    Stage.COMMITTEE_FORMING: "voordrachtcommissie vormen",
    Stage.RECRUITING: "werving van kandidaten",
    Stage.SCREENING: "toetsing van kandidaten",
    Stage.NOMINATING: "gesprekken en voordracht",
    Stage.AWAITING_DECISION: "wacht op besluit van B&W",
    Stage.ONBOARDING: "inwerken nieuwe leden",
    Stage.COMPLETED: "afgerond",
    Stage.SUSPENDED: "opgeschort",
    Stage.CANCELLED: "geannuleerd",
}

# What has to happen in a stage before the procedure can move on, for error messages.
STAGE_NEXT_STEP: dict[Stage, str] = {
    Stage.COMMITTEE_FORMING: "eerst de voordrachtcommissie samenstellen en bevestigen",
    Stage.RECRUITING: "eerst de aanmeldtermijn laten verlopen of de werving sluiten",
    Stage.SCREENING: "eerst alle kandidaten toetsen",
    Stage.NOMINATING: "eerst gesprekken voeren en de voordracht indienen",
    Stage.AWAITING_DECISION: "eerst het besluit van B&W vastleggen",
    Stage.ONBOARDING: "eerst alle inwerktaken afronden",
    Stage.COMPLETED: "de procedure is al afgerond",
    Stage.SUSPENDED: "eerst de procedure hervatten",
    Stage.CANCELLED: "de procedure is geannuleerd",
}


class Event(StrEnum):
    """The events of the state machine: each moves a procedure from one stage to another."""

    CONFIRM_COMMITTEE = "confirm_committee"
    CLOSE_RECRUITMENT = "close_recruitment"
    FINISH_SCREENING = "finish_screening"
    SUBMIT_NOMINATION = "submit_nomination"
    RECORD_DECISION = "record_decision"
    COMPLETE = "complete"
    SUSPEND = "suspend"
    RESUME = "resume"
    CANCEL = "cancel"


@dataclass(frozen=True)
class Transition:
    event: Event
    sources: frozenset[Stage]
    target: Stage | None  # None: back to the stage the procedure was suspended from
    needs_reason: bool = False


def _t(
    event: Event,
    sources: set[Stage] | tuple[Stage, ...],
    target: Stage | None,
    *,
    needs_reason: bool = False,
) -> Transition:
    return Transition(event, frozenset(sources), target, needs_reason)


TRANSITIONS: dict[Event, Transition] = {
    t.event: t
    for t in (
        _t(Event.CONFIRM_COMMITTEE, {Stage.COMMITTEE_FORMING}, Stage.RECRUITING),
        _t(Event.CLOSE_RECRUITMENT, {Stage.RECRUITING}, Stage.SCREENING),
        _t(Event.FINISH_SCREENING, {Stage.SCREENING}, Stage.NOMINATING),
        _t(Event.SUBMIT_NOMINATION, {Stage.NOMINATING}, Stage.AWAITING_DECISION),
        _t(Event.RECORD_DECISION, {Stage.AWAITING_DECISION}, Stage.ONBOARDING),
        _t(Event.COMPLETE, {Stage.ONBOARDING}, Stage.COMPLETED),
        _t(Event.SUSPEND, OPEN_STAGES, Stage.SUSPENDED, needs_reason=True),
        _t(Event.RESUME, {Stage.SUSPENDED}, None),
        _t(Event.CANCEL, (*OPEN_STAGES, Stage.SUSPENDED), Stage.CANCELLED, needs_reason=True),
    )
}


class Command(StrEnum):
    """The coördinator's commands on a procedure: the CLI's commands and the page's forms."""

    ADD_COMMITTEE_MEMBER = "add_committee_member"
    CONFIRM_COMMITTEE = "confirm_committee"
    ADD_CANDIDATE = "add_candidate"
    IMPORT_CANDIDATES = "import_candidates"
    EXTEND_RECRUITMENT = "extend_recruitment"
    SCREEN = "screen"  # close recruitment early and screen
    RESCREEN = "rescreen"  # screen again (after a change of the postcode table)
    RESOLVE_CHECK = "resolve_check"
    OVERTURN_FINDING = "overturn_finding"
    PLAN_INTERVIEW = "plan_interview"
    INTERVIEW = "interview"
    NOMINATE = "nominate"
    DECIDE = "decide"
    COMPLETE_TASK = "complete_task"
    SUSPEND = "suspend"
    RESUME = "resume"
    CANCEL = "cancel"


@dataclass(frozen=True)
class Allowed:
    """Where a command may be given: the stages where the page offers it, and the stages
    where it is accepted again to finish a step that did not complete (confirming a committee
    whose recruitment did not open)."""

    offered: tuple[Stage, ...]
    again: tuple[Stage, ...] = ()

    @property
    def stages(self) -> tuple[Stage, ...]:
        return self.offered + self.again


def _sources(event: Event) -> tuple[Stage, ...]:
    return tuple(stage for stage in Stage if stage in TRANSITIONS[event].sources)


# The stages each command is allowed in: the commands check it, the page offers its forms by it.
ALLOWED_IN: dict[Command, Allowed] = {
    Command.ADD_COMMITTEE_MEMBER: Allowed(
        (Stage.COMMITTEE_FORMING, Stage.RECRUITING, Stage.SCREENING, Stage.NOMINATING)
    ),
    Command.CONFIRM_COMMITTEE: Allowed((Stage.COMMITTEE_FORMING,), again=(Stage.RECRUITING,)),
    Command.ADD_CANDIDATE: Allowed((Stage.RECRUITING,)),
    Command.IMPORT_CANDIDATES: Allowed((Stage.RECRUITING,)),
    Command.EXTEND_RECRUITMENT: Allowed((Stage.RECRUITING,)),
    Command.SCREEN: Allowed((Stage.RECRUITING,)),
    Command.RESCREEN: Allowed((Stage.SCREENING,)),
    # a check an overturned finding left in the interviews is resolved there too
    Command.RESOLVE_CHECK: Allowed((Stage.SCREENING, Stage.NOMINATING)),
    Command.OVERTURN_FINDING: Allowed((Stage.SCREENING, Stage.NOMINATING)),
    Command.PLAN_INTERVIEW: Allowed((Stage.NOMINATING,)),
    Command.INTERVIEW: Allowed((Stage.NOMINATING,)),
    Command.NOMINATE: Allowed((Stage.NOMINATING,)),
    Command.DECIDE: Allowed((Stage.AWAITING_DECISION,)),
    Command.COMPLETE_TASK: Allowed((Stage.ONBOARDING,), again=(Stage.COMPLETED,)),
    Command.SUSPEND: Allowed(_sources(Event.SUSPEND)),
    Command.RESUME: Allowed(_sources(Event.RESUME)),
    Command.CANCEL: Allowed(_sources(Event.CANCEL)),
}


def allowed_stages(*commands: Command) -> tuple[Stage, ...]:
    """Every stage any of `commands` is allowed in, in the order of the table."""
    found: list[Stage] = []
    for command in commands:
        found += [s for s in ALLOWED_IN[command].stages if s not in found]
    return tuple(found)


def is_open(stage: Stage) -> bool:
    return stage not in CLOSED_STAGES


def label(stage: Stage | str) -> str:
    return STAGE_LABELS[Stage(stage)]
