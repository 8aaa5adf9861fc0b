"""Calendar invitations: the event of a meeting or a planned gesprek, and the mails that carry
its .ics (tasks/mail/invitations.py words it at delivery time).

Each time an event is created or its time changes, everyone invited gets one mail for that
SEQUENCE (the outbox occasion names it); planning the same time again sends nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, CalendarEvent, Candidate, CommitteeMember, Meeting, Membership
from models.calendar import (
    INTERVIEW_LENGTH,
    MEETING_LENGTH,
    MEETING_START,
    interview_uid,
    meeting_uid,
)
from models.enums import CandidateStatus
from models.errors import DomainError, InvalidInput
from models.stages import Command
from tasks.adapters.clock import now
from tasks.mail.outbox import enqueue
from tasks.queries import lookup
from tasks.steps.candidates import get as get_candidate

MEETING_TEMPLATE = "vergadering_uitnodiging"
INTERVIEW_TEMPLATE = "gesprek_uitnodiging"


def _schedule(
    session: Session, event: CalendarEvent | None, uid: str, starts_at: datetime, length: timedelta
) -> tuple[CalendarEvent, bool]:
    """The event at this time, created or moved; True when invitations must go out."""
    moment = now()
    if event is None:
        event = CalendarEvent(
            uid=uid,
            starts_at=starts_at,
            ends_at=starts_at + length,
            sequence=0,
            created_at=moment,
            updated_at=moment,
        )
        session.add(event)
        return event, True
    return event, event.move(starts_at, length, moment)


def meeting_event(session: Session, meeting_id: int) -> CalendarEvent | None:
    return session.scalar(select(CalendarEvent).where(CalendarEvent.meeting_id == meeting_id))


def members_of(session: Session, meeting: Meeting) -> list[Membership]:
    """The members of the meeting's council seated on its day."""
    day = meeting.held_on
    rows = session.scalars(
        select(Membership)
        .where(
            Membership.council_id == meeting.council_id,
            Membership.start_date <= day,
            Membership.end_date >= day,
        )
        .order_by(Membership.id)
    )
    return [m for m in rows if m.left_on is None or m.left_on > day]


def schedule_meeting(session: Session, meeting: Meeting, start: time | None) -> CalendarEvent:
    """Put the meeting in the calendar at `start` (default: the current time of its event, else
    the usual evening start) and invite the council's members when it is new or moved."""
    event = meeting_event(session, meeting.id)
    if start is None:
        start = event.starts_at.time() if event is not None else MEETING_START
    starts_at = datetime.combine(meeting.held_on, start)
    event, changed = _schedule(session, event, meeting_uid(meeting.id), starts_at, MEETING_LENGTH)
    event.meeting_id = meeting.id
    session.flush()
    if changed:
        for membership in members_of(session, meeting):
            enqueue(
                session,
                template=MEETING_TEMPLATE,
                subject=f"meeting:{meeting.id}",
                occasion=f"invitation:{event.sequence}",
                person_id=membership.person_id,
                context={"meeting_id": meeting.id, "calendar_event_id": event.id},
            )
    return event


def schedule_interview(
    session: Session, candidate: Candidate, member: CommitteeMember, starts_at: datetime
) -> CalendarEvent:
    """Plan a gesprek of one committee member with a candidate; both get the invitation."""
    event = session.scalar(
        select(CalendarEvent).where(
            CalendarEvent.candidate_id == candidate.id,
            CalendarEvent.committee_member_id == member.id,
        )
    )
    uid = interview_uid(candidate.id, member.id)
    event, changed = _schedule(session, event, uid, starts_at, INTERVIEW_LENGTH)
    event.candidate_id, event.committee_member_id = candidate.id, member.id
    session.flush()
    if changed:
        for person_id in (candidate.person_id, member.person_id):
            enqueue(
                session,
                template=INTERVIEW_TEMPLATE,
                subject=f"interview:{candidate.id}:{member.id}",
                occasion=f"invitation:{event.sequence}",
                person_id=person_id,
                procedure_id=candidate.procedure_id,
                context={
                    "candidate_id": candidate.id,
                    "committee_member_id": member.id,
                    "calendar_event_id": event.id,
                },
            )
    return event


def plan_interview(
    session: Session, procedure_id: int, candidate_id: int, member: CommitteeMember, at: datetime
) -> CalendarEvent:
    """A committee member plans (or moves) a gesprek with an eligible candidate of the
    procedure; the candidate and the member get the invitation. Audited with the member's id."""
    procedure = lookup.procedure(session, procedure_id)
    procedure.require_allowed(Command.PLAN_INTERVIEW)
    candidate = get_candidate(session, procedure.id, candidate_id)
    if candidate.status not in (CandidateStatus.ELIGIBLE, CandidateStatus.INTERVIEWED):
        raise DomainError(
            f"Met kandidaat {candidate.id} wordt geen gesprek gevoerd: alleen met verkiesbare "
            "kandidaten.",
            field="candidate",
        )
    if at < now():
        raise InvalidInput("een gesprek plan je in de toekomst.", field="plan_day")
    event = schedule_interview(session, candidate, member, at)
    session.add(
        AuditEvent(
            procedure_id=procedure.id,
            at=now(),
            actor=f"commissielid {member.id}",
            action="interview_planned",
            subject_type="candidate",
            subject_id=candidate.id,
            reason=f"{at:%Y-%m-%d %H:%M}, volgnummer {event.sequence}",
        )
    )
    return event
