"""Werving: once the committee is confirmed, the public call for candidates (from the profile
in the municipality's text), the application deadline and the committee's instructions."""

from __future__ import annotations

from datetime import timedelta

from models import profile
from models.deadlines import deadline
from models.enums import Stage
from models.errors import DomainError
from tasks.adapters import db
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
            advance(procedure, "confirm_committee")
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
            procedure.call_text = render(
                "letters/oproep.txt",
                procedure=procedure,
                area=procedure.area,
                term=procedure.term,
                competencies=profile.COMPETENCIES,
                requirements=profile.REQUIREMENTS,
                settings=settings,
                interviews_from=procedure.application_deadline + timedelta(days=7),
            )
        return procedure.application_deadline.isoformat()


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
