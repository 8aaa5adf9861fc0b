"""The procedure state machine as a declarative table.

Every change of a Procedure's stage goes through `Procedure.apply` (models/procedure.py), which
looks the event up here, checks the stage it starts from and records an AuditEvent.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Transition:
    event: str
    sources: frozenset[Stage]
    target: Stage | None  # None: back to the stage the procedure was suspended from
    needs_reason: bool = False


def _t(
    event: str,
    sources: set[Stage] | tuple[Stage, ...],
    target: Stage | None,
    *,
    needs_reason: bool = False,
) -> Transition:
    return Transition(event, frozenset(sources), target, needs_reason)


TRANSITIONS: dict[str, Transition] = {
    t.event: t
    for t in (
        _t("confirm_committee", {Stage.COMMITTEE_FORMING}, Stage.RECRUITING),
        _t("close_recruitment", {Stage.RECRUITING}, Stage.SCREENING),
        _t("finish_screening", {Stage.SCREENING}, Stage.NOMINATING),
        _t("submit_nomination", {Stage.NOMINATING}, Stage.AWAITING_DECISION),
        _t("record_decision", {Stage.AWAITING_DECISION}, Stage.ONBOARDING),
        _t("complete", {Stage.ONBOARDING}, Stage.COMPLETED),
        _t("suspend", OPEN_STAGES, Stage.SUSPENDED, needs_reason=True),
        _t("resume", {Stage.SUSPENDED}, None),
        _t("cancel", (*OPEN_STAGES, Stage.SUSPENDED), Stage.CANCELLED, needs_reason=True),
    )
}


def is_open(stage: Stage) -> bool:
    return stage not in CLOSED_STAGES


def label(stage: Stage | str) -> str:
    return STAGE_LABELS[Stage(stage)]
