"""Werving: once the committee is confirmed, the public call for candidates (from the profile
in the municipality's text), the application deadline and the committee's instructions."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from models import Procedure, profile
from models.deadlines import deadline, next_working_day
from models.enums import Stage
from models.errors import DomainError, InvalidInput
from models.stages import Command, Event
from tasks.adapters import db
from tasks.adapters.clock import now, today
from tasks.adapters.settings import get_settings
from tasks.adapters.templating import render
from tasks.mail import outbox
from tasks.queries import lookup
from tasks.steps.committee import committee_of
from tasks.steps.procedures import advance


def enter(procedure_id: int) -> str:
    """Unit: committee_forming -> recruiting, for a confirmed committee."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        if procedure.stage == Stage.COMMITTEE_FORMING:
            if committee_of(session, procedure).confirmed_at is None:
                raise DomainError(
                    f"De voordrachtcommissie van procedure {procedure.id} is nog niet bevestigd.",
                    hint="committee:confirm",
                )
            advance(procedure, Event.CONFIRM_COMMITTEE)
        else:
            procedure.require_stage(Stage.RECRUITING)
        return procedure.stage.value


def publish_call(procedure_id: int) -> str:
    """Unit: the application deadline (settings, on a working day) and the rendered call."""
    settings = get_settings()
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        procedure.require_stage(Stage.RECRUITING)
        if procedure.application_deadline is None:
            procedure.application_deadline = deadline(
                procedure.stage_entered_at.date(),
                settings.application_weeks * 7,
                working_days_only=settings.deadlines_on_working_days,
            )
        if procedure.call_text is None:
            procedure.call_text = call_text(procedure)
        return procedure.application_deadline.isoformat()


def call_text(procedure: Procedure) -> str:
    """The public call (oproep), with the application deadline as it stands."""
    assert procedure.application_deadline is not None
    return render(
        "letters/oproep.txt",
        procedure=procedure,
        area=procedure.area,
        term=procedure.term,
        competencies=profile.COMPETENCIES,
        requirements=profile.REQUIREMENTS,
        settings=get_settings(),
        interviews_from=procedure.application_deadline + timedelta(days=7),
    )


def extend(
    session: Session, procedure_id: int, until: date, reason: str, *, actor: str
) -> tuple[date, date]:
    """Move the application deadline later: the call is rendered again with the new date, the
    recruiting stage's target and deadline move by as many days, and the committee's reminder
    follows by itself (its occasion names the deadline). Returns (old, new)."""
    procedure = lookup.procedure(session, procedure_id)
    procedure.require_allowed(Command.EXTEND_RECRUITMENT)
    old = procedure.application_deadline
    if old is None:
        raise DomainError(
            f"Procedure {procedure.id} heeft nog geen aanmeldtermijn; die volgt uit het "
            "bevestigen van de commissie.",
            hint="committee:confirm",
        )
    if until <= old:
        raise InvalidInput(
            f"{until.isoformat()} ligt niet na de huidige aanmeldtermijn (tot en met "
            f"{old.isoformat()}); een verlenging maakt de termijn langer.",
            field="until",
        )
    if until < today():
        raise InvalidInput(f"{until.isoformat()} ligt in het verleden.", field="until")
    if get_settings().deadlines_on_working_days:
        until = next_working_day(until)  # like every other deadline (Algemene termijnenwet)
    shift = timedelta(days=(until - old).days)
    procedure.application_deadline = until
    if procedure.stage_target is not None:
        procedure.stage_target += shift
    if procedure.stage_deadline is not None:
        procedure.stage_deadline += shift
    if procedure.call_text is not None:
        procedure.call_text = call_text(procedure)
    outbox.withdraw_all(  # a reminder of the old date not yet sent; the new one follows
        session,
        procedure_id=procedure.id,
        templates=["herinnering_aanmeldtermijn"],
        reason="de aanmeldtermijn is verlengd",
    )
    procedure.record(
        "application_deadline_extended",
        now=now(),
        actor=actor,
        reason=f"aanmeldtermijn van {old.isoformat()} tot en met {until.isoformat()}: {reason}",
    )
    return old, until


def mail_committee(procedure_id: int) -> int:
    """Unit: tell every committee member that the call is out and until when."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        members = committee_of(session, procedure).members
        for member in members:
            outbox.enqueue(
                session,
                template="werving_geopend",
                subject=f"procedure:{procedure.id}",
                occasion="recruitment",
                person_id=member.person_id,
                procedure_id=procedure.id,
                context={"procedure_id": procedure.id, "committee_member_id": member.id},
            )
        return len(members)
