"""Council meetings recorded by the coördinator: a meeting, its minutes, a decision taken in
it, and the public lists for the website (a year's decisions; the B&W appointments of a term,
which is the privacy command's: re-exported here so the meetings door has one command module).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy.orm import Session

from commands.privacy import PublishAppointmentsInput as PublishAppointmentsInput
from commands.privacy import PublishAppointmentsResult as PublishAppointmentsResult
from commands.privacy import publish_appointments as publish_appointments
from models.enums import Actor
from tasks.adapters import db
from tasks.adapters.settings import get_settings
from tasks.steps import advice, invitations, meetings, publish
from tasks.steps.meetings import DecisionInput


@dataclass(frozen=True)
class AddMeeting:
    area: str
    day: date
    public: bool = True
    agenda: Path | None = None  # a text file with the agenda
    actor: str = Actor.COORDINATOR
    start: time | None = None  # default: the usual evening start (models/calendar.py)
    agenda_text: str | None = None  # the agenda as typed (instead of a file)


@dataclass(frozen=True)
class MeetingRecorded:
    meeting_id: int
    starts_at: datetime | None = None  # in the calendar (a meeting to come) at this time


def _recorded(session: Session, meeting_id: int) -> MeetingRecorded:
    event = invitations.meeting_event(session, meeting_id)
    return MeetingRecorded(meeting_id, event.starts_at if event is not None else None)


def add(command: AddMeeting) -> MeetingRecorded:
    """Plan or record a meeting of the area's current council."""
    with db.session_scope() as session:
        meeting = meetings.add(
            session,
            command.area,
            command.day,
            public=command.public,
            agenda=command.agenda,
            actor=command.actor,
            start=command.start,
            agenda_text=command.agenda_text,
        )
        return _recorded(session, meeting.id)


@dataclass(frozen=True)
class MoveMeeting:
    meeting_id: int
    day: date
    start: time | None = None  # default: the time it had
    actor: str = Actor.COORDINATOR


def move(command: MoveMeeting) -> MeetingRecorded:
    """Another day or time for a meeting to come; the members' calendars follow (same UID)."""
    with db.session_scope() as session:
        meeting = meetings.move(
            session, command.meeting_id, command.day, command.start, actor=command.actor
        )
        return _recorded(session, meeting.id)


@dataclass(frozen=True)
class RecordMinutes:
    meeting_id: int
    path: Path | None = None  # a file with the minutes, or
    actor: str = Actor.COORDINATOR
    text: str | None = None  # the minutes as typed


def record_minutes(command: RecordMinutes) -> MeetingRecorded:
    """Recording the minutes is publishing them (today)."""
    with db.session_scope() as session:
        meeting = meetings.record_minutes(
            session, command.meeting_id, command.path, actor=command.actor, text=command.text
        )
        return MeetingRecorded(meeting.id)


@dataclass(frozen=True)
class AddDecision:
    meeting_id: int
    kind: str  # subsidie | advies
    summary: str
    amount: str | None = None  # as typed: 1250, 1250.50, 1.250,50
    applicant: str | None = None
    organisation: bool = False  # a private applicant is never named in public
    actor: str = Actor.COORDINATOR
    text: str | None = None  # an advice's full text (default: the summary)
    sent_on: str | date | None = None  # the day an advice went to B&W (default: today)


@dataclass(frozen=True)
class DecisionRecorded:
    decision_id: int
    meeting_id: int
    advice_id: int | None = None  # an advice decision is sent to B&W as this advice


def add_decision(command: AddDecision) -> DecisionRecorded:
    """A decision taken in a public meeting that has taken place; an advice decision is sent
    to B&W as an advice, whose answer is due within the setting's weeks."""
    data = DecisionInput.parse(
        command.meeting_id,
        command.kind,
        command.summary,
        command.amount,
        command.applicant,
        command.organisation,
        command.text,
        command.sent_on,
    )
    with db.session_scope() as session:
        decision = meetings.add_decision(session, data, actor=command.actor)
        sent = advice.for_decision(session, decision.id)
        return DecisionRecorded(decision.id, decision.meeting_id, sent.id if sent else None)


@dataclass(frozen=True)
class PublishDecisions:
    area: str
    year: int
    output: Path | None = None  # default $WIJKRAAD_HOME/publish
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class DecisionsPublished:
    area: str
    year: int
    decisions: int
    newly_published: int
    html: Path
    csv: Path


def publish_decisions(command: PublishDecisions) -> DecisionsPublished:
    """Write the year's public list (HTML and CSV); the decisions on it count as published."""
    target = command.output or get_settings().home / "publish"
    with db.session_scope() as session:
        written = publish.publish(session, command.area, command.year, target)
    return DecisionsPublished(
        area=written["area"],
        year=written["year"],
        decisions=written["decisions"],
        newly_published=written["newly_published"],
        html=Path(written["html"]),
        csv=Path(written["csv"]),
    )
