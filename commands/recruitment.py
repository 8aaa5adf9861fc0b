"""Werving: the coördinator extends the application window (with a reason, audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import validation
from models.enums import Actor
from tasks.adapters import db
from tasks.steps import recruitment


@dataclass(frozen=True)
class ExtendRecruitment:
    procedure_id: int
    until: str | date
    reason: str
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class RecruitmentExtended:
    procedure_id: int
    previous: date
    until: date


def extend(command: ExtendRecruitment) -> RecruitmentExtended:
    """Move the application deadline to `until` (inclusive). Nothing follows as a flow: the
    daily monitor screens after the new date and reminds the committee before it."""
    until = validation.day(command.until, "until")
    reason = validation.text(command.reason, "reason") or ""
    with db.session_scope() as session:
        previous, new = recruitment.extend(
            session, command.procedure_id, until, reason, actor=command.actor
        )
    return RecruitmentExtended(command.procedure_id, previous, new)
