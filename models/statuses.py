"""The life of a candidate and of an experiment as transition tables, like the procedure's
stages (models/stages.py): every status change is a named event from the statuses it may leave
to the ones it may reach, checked in one place and audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from models import labels
from models.enums import CandidateStatus as C
from models.enums import ExperimentStatus as E
from models.errors import DomainError

S = TypeVar("S", bound=StrEnum)


@dataclass(frozen=True)
class StatusEvent(Generic[S]):
    name: str
    sources: frozenset[S]
    targets: frozenset[S]


def _table(*events: tuple[str, set[S], set[S]]) -> dict[str, StatusEvent[S]]:
    return {name: StatusEvent(name, frozenset(src), frozenset(dst)) for name, src, dst in events}


BEFORE_NOMINATION = {C.APPLIED, C.NEEDS_CHECK, C.ELIGIBLE, C.INTERVIEWED}
# no outcome yet: what a cancelled procedure leaves them (the ineligible heard theirs)
UNDECIDED = BEFORE_NOMINATION | {C.NOMINATED}

CANDIDATE_EVENTS: dict[str, StatusEvent[C]] = _table(
    ("screened", {C.APPLIED}, {C.ELIGIBLE, C.INELIGIBLE, C.NEEDS_CHECK}),
    ("check_resolved", {C.NEEDS_CHECK}, {C.ELIGIBLE, C.INELIGIBLE}),
    # the committee or the coördinator overturns a finding (screening and nominating stages)
    (
        "finding_overturned",
        {C.NEEDS_CHECK, C.ELIGIBLE, C.INELIGIBLE, C.INTERVIEWED},
        {C.NEEDS_CHECK, C.ELIGIBLE, C.INELIGIBLE, C.INTERVIEWED},
    ),
    ("interviewed", {C.ELIGIBLE, C.INTERVIEWED}, {C.INTERVIEWED}),
    ("nominated", {C.INTERVIEWED}, {C.NOMINATED}),
    ("not_nominated", BEFORE_NOMINATION, {C.NOT_NOMINATED}),
    ("decided", {C.NOMINATED}, {C.APPOINTED, C.NOT_APPOINTED}),
    ("withdrawn", BEFORE_NOMINATION | {C.NOMINATED}, {C.WITHDRAWN}),
    # the procedure was cancelled while their outcome was still open
    ("procedure_cancelled", UNDECIDED, {C.CANCELLED}),
)

CANDIDATE_LABELS = labels.CANDIDATE  # the Dutch words live in models/labels.py

ACTIVE_EXPERIMENT = {E.RUNNING, E.CONTINUED}

EXPERIMENT_EVENTS: dict[str, StatusEvent[E]] = _table(
    ("started", {E.PROPOSED}, {E.RUNNING}),
    ("continued", ACTIVE_EXPERIMENT, {E.CONTINUED}),
    ("stopped", ACTIVE_EXPERIMENT, {E.STOPPED}),
    ("procedure_started", ACTIVE_EXPERIMENT, {E.PROCEDURE_STARTED}),
    ("dismissed", {E.PROPOSED}, {E.DISMISSED}),
    ("lapsed", {E.PROPOSED}, {E.LAPSED}),
)

EXPERIMENT_LABELS = labels.EXPERIMENT


def check(table: dict[str, StatusEvent[S]], event: str, current: S, target: S, what: str) -> None:
    """Refuse a status change the table does not allow, in Dutch."""
    step = table[event]
    if current not in step.sources or target not in step.targets:
        raise DomainError(
            f"{what} heeft status '{current.value}'; die kan niet naar '{target.value}' ({event})."
        )
