"""Reminders before (and one after) deadlines, each enqueued once per occasion.

The daily monitor calls `due_reminders`; it may run any number of times a day, or skip days:
every reminder whose window has opened by `now` is enqueued, and the outbox idempotency key
(subject, recipient, template, occasion) keeps it to one message. The occasion names the
deadline itself, so a deadline moved by a suspension gets its own reminder. The windows come
from the reminder policy in the settings (`remind_*_days`). A suspended procedure's deadlines
pause, so it gets no reminders.

| reminder | to | when |
|---|---|---|
| herinnering_aanmeldtermijn | the committee | application deadline within N days (recruiting) |
| herinnering_fasetermijn | the committee | stage deadline within N days (committee stages) |
| herinnering_besluit_bw | the coördinator | B&W decision N days past its deadline |
| herinnering_inwerktaak | the new member | an onboarding task due within N days, once seated |
| herinnering_eerste_vergadering | the new member | their council's first meeting within N days |
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (
    CalendarEvent,
    CommitteeMember,
    Meeting,
    Membership,
    NominationCommittee,
    OnboardingTask,
    OutboxMessage,
    Procedure,
)
from models.enums import Stage
from tasks.adapters.clock import now as clock_now
from tasks.adapters.db import session_scope
from tasks.adapters.settings import Settings, get_settings
from tasks.mail.outbox import COORDINATOR, enqueue

COMMITTEE_STAGES = (Stage.RECRUITING, Stage.SCREENING, Stage.NOMINATING)


def due_reminders(session: Session | datetime | None = None, now: datetime | None = None) -> int:
    """Enqueue every reminder due by `now` (default: the clock); return how many are new.

    With a session, the reminders join the caller's transaction; without one, they are
    committed here. `due_reminders(moment)` (a datetime first) is accepted as well.
    """
    if isinstance(session, datetime):
        session, now = None, session
    if session is None:
        with session_scope() as own:
            return due_reminders(own, now)
    day = (now or clock_now()).date()
    settings = get_settings()
    before = _outbox_size(session)
    _application_deadlines(session, settings, day)
    _stage_deadlines(session, settings, day)
    _overdue_decisions(session, settings, day)
    _onboarding_tasks(session, settings, day)
    _first_meetings(session, settings, day)
    session.flush()
    return _outbox_size(session) - before


def _outbox_size(session: Session) -> int:
    session.flush()
    return session.scalar(select(func.count(OutboxMessage.id))) or 0


def _within(day: date, deadline: date, days_before: int) -> bool:
    """The reminder window: from `days_before` days ahead up to the deadline itself."""
    return deadline - timedelta(days=days_before) <= day <= deadline


def _committee(session: Session, procedure_id: int) -> Iterator[int]:
    """Person ids of the procedure's committee members."""
    yield from session.scalars(
        select(CommitteeMember.person_id)
        .join(NominationCommittee, CommitteeMember.committee_id == NominationCommittee.id)
        .where(NominationCommittee.procedure_id == procedure_id)
        .order_by(CommitteeMember.id)
    )


def _application_deadlines(session: Session, settings: Settings, day: date) -> None:
    procedures = session.scalars(
        select(Procedure).where(
            Procedure.stage == Stage.RECRUITING, Procedure.application_deadline.is_not(None)
        )
    )
    for procedure in procedures:
        deadline = procedure.application_deadline
        assert deadline is not None
        if not _within(day, deadline, settings.remind_application_deadline_days):
            continue
        for person_id in _committee(session, procedure.id):
            enqueue(
                session,
                template="herinnering_aanmeldtermijn",
                subject=f"procedure:{procedure.id}",
                occasion=f"application_deadline:{deadline.isoformat()}",
                person_id=person_id,
                procedure_id=procedure.id,
                context={"procedure_id": procedure.id},
            )


def _stage_deadlines(session: Session, settings: Settings, day: date) -> None:
    procedures = session.scalars(
        select(Procedure).where(
            Procedure.stage.in_(COMMITTEE_STAGES), Procedure.stage_deadline.is_not(None)
        )
    )
    for procedure in procedures:
        deadline = procedure.stage_deadline
        assert deadline is not None
        if not _within(day, deadline, settings.remind_stage_deadline_days):
            continue
        stage = procedure.stage.value
        for person_id in _committee(session, procedure.id):
            enqueue(
                session,
                template="herinnering_fasetermijn",
                subject=f"procedure:{procedure.id}",
                occasion=f"stage_deadline:{stage}:{deadline.isoformat()}",
                person_id=person_id,
                procedure_id=procedure.id,
                context={"procedure_id": procedure.id, "stage": stage},
            )


def _overdue_decisions(session: Session, settings: Settings, day: date) -> None:
    procedures = session.scalars(
        select(Procedure).where(
            Procedure.stage == Stage.AWAITING_DECISION, Procedure.stage_deadline.is_not(None)
        )
    )
    for procedure in procedures:
        deadline = procedure.stage_deadline
        assert deadline is not None
        if day < deadline + timedelta(days=settings.remind_decision_overdue_days):
            continue
        enqueue(
            session,
            template="herinnering_besluit_bw",
            subject=f"procedure:{procedure.id}",
            occasion=f"decision_overdue:{deadline.isoformat()}",
            role=COORDINATOR,
            procedure_id=procedure.id,
            context={"procedure_id": procedure.id},
        )


def _onboarding_tasks(session: Session, settings: Settings, day: date) -> None:
    horizon = day + timedelta(days=settings.remind_onboarding_days)
    tasks = session.scalars(
        select(OnboardingTask)
        .join(Procedure, OnboardingTask.procedure_id == Procedure.id)
        .where(
            OnboardingTask.done_at.is_(None),
            OnboardingTask.due_on <= horizon,
            Procedure.stage.in_((Stage.ONBOARDING, Stage.COMPLETED)),
        )
        .order_by(OnboardingTask.id)
    )
    for task in tasks:
        membership = task.membership
        if membership.start_date > day:
            continue  # not a member yet: a renewal is decided before the term begins
        if membership.left_on is not None and membership.left_on <= day:
            continue
        enqueue(
            session,
            template="herinnering_inwerktaak",
            subject=f"onboarding_task:{task.id}",
            occasion=f"due:{task.due_on.isoformat()}",
            person_id=membership.person_id,
            procedure_id=task.procedure_id,
            context={"onboarding_task_id": task.id, "procedure_id": task.procedure_id},
        )


def _first_meetings(session: Session, settings: Settings, day: date) -> None:
    """New members (appointed by a B&W decision) before the first meeting since they started."""
    horizon = day + timedelta(days=settings.remind_first_meeting_days)
    meetings = session.scalars(
        select(Meeting).where(Meeting.held_on >= day, Meeting.held_on <= horizon)
    )
    for meeting in meetings:
        # the meeting's calendar event, when it has one: the reminder carries its .ics
        event_id = session.scalar(
            select(CalendarEvent.id).where(CalendarEvent.meeting_id == meeting.id)
        )
        invitation = {"calendar_event_id": event_id} if event_id is not None else {}
        for membership in _new_members_meeting_first(session, meeting):
            enqueue(
                session,
                template="herinnering_eerste_vergadering",
                subject=f"membership:{membership.id}",
                occasion=f"first_meeting:{meeting.id}",
                person_id=membership.person_id,
                context={"membership_id": membership.id, "meeting_id": meeting.id} | invitation,
            )


def _new_members_meeting_first(session: Session, meeting: Meeting) -> list[Membership]:
    """Members seated by a B&W decision for whom this is the first meeting of their council."""
    members = session.scalars(
        select(Membership).where(
            Membership.board_decision_id.is_not(None),
            Membership.council.has(area_id=meeting.area_id),
            Membership.start_date <= meeting.held_on,
            Membership.end_date >= meeting.held_on,
        )
    )
    result = []
    for membership in members:
        if membership.left_on is not None and membership.left_on <= meeting.held_on:
            continue
        if meeting.council_id is not None and meeting.council_id != membership.council_id:
            continue
        earlier = session.scalar(
            select(func.count(Meeting.id)).where(
                Meeting.area_id == meeting.area_id,
                Meeting.held_on >= membership.start_date,
                Meeting.held_on < meeting.held_on,
            )
        )
        if not earlier:
            result.append(membership)
    return result
