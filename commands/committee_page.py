"""The committee member's own page (the link in the mail that starts the interviews): reading
the eligible candidates, and recording a gesprek through the same command as the coördinator's
(commands/nomination.interview), with the member as the actor. The nomination stays the
coördinator's action."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from commands import nomination
from models import CommitteeMember, Interview
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.queries import committee_page
from tasks.queries.committee_page import CommitteePage
from tasks.steps import form_keys, invitations, throttle
from tasks.steps import nomination as interviews

__all__ = [
    "CommitteePage",
    "InterviewPlanned",
    "OpenPage",
    "PlanByMember",
    "RecordByMember",
    "open_page",
    "plan",
    "record",
]


@dataclass(frozen=True)
class OpenPage:
    token: str
    client_address: str = ""


def open_page(command: OpenPage) -> CommitteePage:
    throttle.hit(throttle.COMMITTEE_PER_ADDRESS, command.client_address)
    with db.session_scope() as session:
        page = committee_page.view(session, command.token)
        _visited(session, page.member_id)
        return page


def _visited(session: Session, member_id: int) -> None:
    """The link was used: the coördinator's page shows when, last (the member is in the
    session already, no statement to find it)."""
    member = session.get(CommitteeMember, member_id)
    if member is not None:
        member.link_visited_at = now()


@dataclass(frozen=True)
class RecordByMember:
    token: str
    candidate_id: int
    held_on: date | None = None
    note: str | None = None
    scores: list[str] = field(default_factory=list)  # "COMPETENCY=1..5"
    client_address: str = ""
    form_key: str | None = None  # the form's one-time key: a second submission of it is void


def actor_of(member_id: int) -> str:
    """The audit trail names the member by id only (no name in the trail)."""
    return f"commissielid {member_id}"


def record(command: RecordByMember) -> nomination.InterviewRecorded:
    """The member's one interview with the candidate: the first submission records it, a
    later one changes it (audited). A form sent twice (its one-time key already used) changes
    nothing the second time."""
    throttle.hit(throttle.COMMITTEE_PER_ADDRESS, command.client_address)

    def unit() -> nomination.InterviewRecorded:
        with db.session_scope() as session:
            member, procedure = committee_page.member_of(session, command.token)
            _visited(session, member.id)
            if command.form_key and not form_keys.claim(session, command.form_key):
                mine = session.scalar(
                    select(Interview.id).where(
                        Interview.candidate_id == command.candidate_id,
                        Interview.committee_member_id == member.id,
                    )
                )
                return nomination.InterviewRecorded(mine or 0, command.candidate_id)
            record = interviews.interview(
                session,
                procedure.id,
                command.candidate_id,
                note=command.note,
                scores=list(command.scores),
                actor=actor_of(member.id),
                held_on=command.held_on,
                member_id=member.id,
            )
            return nomination.InterviewRecorded(record.id, command.candidate_id)

    return throttle.retrying(unit)  # a parallel first submission: the second one changes it


@dataclass(frozen=True)
class PlanByMember:
    """A gesprek planned on the member's page: the candidate and the member get an invitation
    with an .ics; planning it again at another time moves the same calendar event."""

    token: str
    candidate_id: int
    day: date
    start: time
    location: str | None = None  # where: an address, a room, 'telefonisch'
    client_address: str = ""


@dataclass(frozen=True)
class InterviewPlanned:
    candidate_id: int
    starts_at: datetime
    sequence: int


def plan(command: PlanByMember) -> InterviewPlanned:
    throttle.hit(throttle.COMMITTEE_PER_ADDRESS, command.client_address)
    with db.session_scope() as session:
        member, procedure = committee_page.member_of(session, command.token)
        _visited(session, member.id)
        at = datetime.combine(command.day, command.start)
        event = invitations.plan_interview(
            session, procedure.id, command.candidate_id, member, at, command.location
        )
        return InterviewPlanned(command.candidate_id, event.starts_at, event.sequence)
