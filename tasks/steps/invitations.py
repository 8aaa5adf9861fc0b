"""Calendar invitations: the event of a meeting or a planned gesprek, and the mails that carry
its .ics (tasks/mail/invitations.py words it when the mail is queued).

Each time an event is created or its time changes, everyone invited gets one mail for that
SEQUENCE (the outbox occasion names it); planning the same time again sends nothing. An
invitation not yet sent when the time changes is withdrawn: the next one is a plain invitation
to whoever never got one, and says "gewijzigd" only to whoever did.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    AuditEvent,
    CalendarEvent,
    Candidate,
    CommitteeMember,
    Meeting,
    Membership,
    validation,
)
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
from tasks.mail.outbox import enqueue, withdraw
from tasks.queries import lookup
from tasks.steps.candidates import get as get_candidate

MEETING_TEMPLATE = "vergadering_uitnodiging"
INTERVIEW_TEMPLATE = "gesprek_uitnodiging"


def _schedule(
    session: Session,
    event: CalendarEvent | None,
    uid: str,
    starts_at: datetime,
    length: timedelta,
    location: str | None = None,
) -> tuple[CalendarEvent, bool]:
    """The event at this time, created or moved; True when invitations must go out."""
    moment = now()
    if event is None:
        event = CalendarEvent(
            uid=uid,
            starts_at=starts_at,
            ends_at=starts_at + length,
            sequence=0,
            location=location,
            created_at=moment,
            updated_at=moment,
        )
        session.add(event)
        return event, True
    return event, event.move(starts_at, length, moment, location)


def _invite(
    session: Session,
    *,
    template: str,
    subject: str,
    event: CalendarEvent,
    person_id: int,
    procedure_id: int | None = None,
    context: dict[str, int],
) -> None:
    """One invitation for the event's current time; one still waiting for an earlier time is
    withdrawn, and only someone who may have one says "gewijzigd"."""
    earlier = withdraw(
        session,
        template=template,
        subject=subject,
        person_id=person_id,
        reason="het tijdstip of de plaats is gewijzigd voordat de uitnodiging verstuurd was",
        keep=f"invitation:{event.sequence}",
    )
    if earlier.kept:
        return
    enqueue(
        session,
        template=template,
        subject=subject,
        occasion=f"invitation:{event.sequence}",
        person_id=person_id,
        procedure_id=procedure_id,
        context={**context, "calendar_event_id": event.id, "changed": bool(earlier.reached)},
    )


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
            _invite(
                session,
                template=MEETING_TEMPLATE,
                subject=f"meeting:{meeting.id}",
                event=event,
                person_id=membership.person_id,
                context={"meeting_id": meeting.id},
            )
    return event


def schedule_interview(
    session: Session,
    candidate: Candidate,
    member: CommitteeMember,
    starts_at: datetime,
    location: str | None = None,
) -> CalendarEvent:
    """Plan a gesprek of one committee member with a candidate; both get the invitation."""
    event = session.scalar(
        select(CalendarEvent).where(
            CalendarEvent.candidate_id == candidate.id,
            CalendarEvent.committee_member_id == member.id,
        )
    )
    uid = interview_uid(candidate.id, member.id)
    event, changed = _schedule(session, event, uid, starts_at, INTERVIEW_LENGTH, location)
    event.candidate_id, event.committee_member_id = candidate.id, member.id
    session.flush()
    if changed:
        for person_id in (candidate.person_id, member.person_id):
            _invite(
                session,
                template=INTERVIEW_TEMPLATE,
                subject=f"interview:{candidate.id}:{member.id}",
                event=event,
                person_id=person_id,
                procedure_id=candidate.procedure_id,
                context={"candidate_id": candidate.id, "committee_member_id": member.id},
            )
    return event


def plan_interview(
    session: Session,
    procedure_id: int,
    candidate_id: int,
    member: CommitteeMember,
    at: datetime,
    location: str | None = None,
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
    place = validation.name(location, "plan_location") if location and location.strip() else None
    event = schedule_interview(session, candidate, member, at, place)
    session.add(
        AuditEvent(
            procedure_id=procedure.id,
            at=now(),
            actor=f"commissielid {member.id}",
            action="interview_planned",
            subject_type="candidate",
            subject_id=candidate.id,
            reason=f"{at:%Y-%m-%d %H:%M}, volgnummer {event.sequence}"
            + (", met plaats" if event.location else ""),
        )
    )
    return event
