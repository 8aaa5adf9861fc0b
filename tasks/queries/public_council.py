"""The public page of a council (Woo: open by default): its members by name and role, its
public meetings to come, the published minutes, its decisions, its advice to B&W with the
answers, and the call for candidates when one is open.

Nothing here names a resident: members are public office holders (name and role only, never an
address or e-mail), a private applicant is "een inwoner", and every free text passes
`redact_public` (no e-mail address, no postcode with its house number). A handful of bounded
queries: the page is read by anyone, often.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import (
    Area,
    CalendarEvent,
    Council,
    CouncilDecision,
    Meeting,
    Membership,
    Person,
    Term,
)
from models.calendar import MEETING_LENGTH, MEETING_START, meeting_uid, start_of
from models.enums import DecisionKind, ProcedureKind, Role, Stage
from models.privacy import PRIVATE_APPLICANT, public_applicant, redact_public, scrub
from models.procedure import Procedure
from tasks.queries import advice, lookup

ROLE_ORDER = {Role.VOORZITTER: 0, Role.SECRETARIS: 1, Role.PENNINGMEESTER: 2, Role.LID: 3}
LIMIT = 50  # the newest decisions and advice on the page
MINUTES_LIMIT = 12  # the newest published minutes
UPCOMING_LIMIT = 12


@dataclass(frozen=True)
class PublicMeeting:
    id: int
    uid: str
    starts_at: datetime
    ends_at: datetime
    sequence: int


@dataclass(frozen=True)
class PublicCall:
    procedure_id: int
    renewal: bool
    seats: int
    deadline: date
    term_start: date
    term_end: date


@dataclass
class PublicCouncil:
    slug: str
    area_name: str
    council_name: str
    kind: str  # wijk | dorp
    max_seats: int
    members: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    upcoming: list[PublicMeeting] = field(default_factory=list)
    minutes: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)
    advice: list[dict[str, Any]] = field(default_factory=list)
    call: PublicCall | None = None


def _members(session: Session, area_id: int, day: date) -> list[tuple[str, str]]:
    rows = session.execute(
        select(Person.name, Membership.role)
        .join(Membership, Membership.person_id == Person.id)
        .join(Council, Council.id == Membership.council_id)
        .where(
            Council.area_id == area_id,
            Membership.start_date <= day,
            Membership.end_date >= day,
            or_(Membership.left_on.is_(None), Membership.left_on > day),
        )
    )
    members = sorted(rows, key=lambda r: (ROLE_ORDER.get(r.role, 9), r.name))
    return [(name, role.value) for name, role in members]


def upcoming(session: Session, area_id: int, day: date) -> list[PublicMeeting]:
    """The public meetings from today on, at their calendar time (the same UID and SEQUENCE as
    the members' invitations)."""
    rows = session.execute(
        select(Meeting.id, Meeting.held_on, CalendarEvent)
        .outerjoin(CalendarEvent, CalendarEvent.meeting_id == Meeting.id)
        .where(Meeting.area_id == area_id, Meeting.public.is_(True), Meeting.held_on >= day)
        .order_by(Meeting.held_on, Meeting.id)
        .limit(UPCOMING_LIMIT)
    )
    found = []
    for meeting_id, held_on, event in rows:
        starts = event.starts_at if event else start_of(held_on, None, MEETING_START)
        found.append(
            PublicMeeting(
                id=meeting_id,
                uid=event.uid if event else meeting_uid(meeting_id),
                starts_at=starts,
                ends_at=event.ends_at if event else starts + MEETING_LENGTH,
                sequence=event.sequence if event else 0,
            )
        )
    return found


def _minutes(session: Session, area_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Meeting.id, Meeting.held_on, Meeting.minutes, Meeting.minutes_published_on)
        .where(
            Meeting.area_id == area_id,
            Meeting.public.is_(True),
            Meeting.minutes_published_on.is_not(None),
        )
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(MINUTES_LIMIT)
    )
    return [
        {"meeting_id": r.id, "date": r.held_on, "published_on": r.minutes_published_on,
         "text": redact_public(r.minutes)}
        for r in rows
    ]  # fmt: skip


def _decisions(session: Session, area_id: int, day: date) -> list[dict[str, Any]]:
    rows = session.execute(
        select(
            CouncilDecision.id,
            CouncilDecision.kind,
            CouncilDecision.summary,
            CouncilDecision.amount_cents,
            CouncilDecision.applicant,
            CouncilDecision.organisation,
            Meeting.held_on,
        )
        .join(Meeting, Meeting.id == CouncilDecision.meeting_id)
        .where(Meeting.area_id == area_id, Meeting.public.is_(True), Meeting.held_on <= day)
        .order_by(Meeting.held_on.desc(), CouncilDecision.id.desc())
        .limit(LIMIT)
    )
    shown = []
    for r in rows:
        private = None if r.organisation else r.applicant
        summary = scrub(r.summary, [private], PRIVATE_APPLICANT) if private else r.summary
        shown.append(
            {
                "id": r.id,
                "date": r.held_on,
                "kind": r.kind.value if isinstance(r.kind, DecisionKind) else r.kind,
                "summary": redact_public(summary),
                "amount_cents": r.amount_cents,
                "applicant": public_applicant(r.applicant, r.organisation),
            }
        )
    return shown


def _advice(session: Session, area_id: int) -> list[dict[str, Any]]:
    rows = advice.public_advice(session, area_id, LIMIT)
    for row in rows:
        for key in ("subject", "text", "answer_text", "answer_reference"):
            row[key] = redact_public(row[key])
    return rows


def _call(session: Session, area_id: int, day: date) -> PublicCall | None:
    found = session.execute(
        select(
            Procedure.id,
            Procedure.kind,
            Procedure.seats,
            Procedure.application_deadline,
            Term.start_date,
            Term.end_date,
        )
        .join(Term, Term.id == Procedure.term_id)
        .where(
            Procedure.area_id == area_id,
            Procedure.stage == Stage.RECRUITING,
            Procedure.application_deadline >= day,
        )
        .order_by(Procedure.id)
        .limit(1)
    ).first()
    if found is None:
        return None
    return PublicCall(
        found.id,
        found.kind == ProcedureKind.RENEWAL,
        found.seats,
        found.application_deadline,
        found.start_date,
        found.end_date,
    )


def councils(session: Session) -> list[tuple[str, str]]:
    """(slug, council name) of every area, by the area's name."""
    return [(a.slug, a.council_name) for a in session.scalars(select(Area).order_by(Area.name))]


def page(session: Session, slug: str, day: date) -> PublicCouncil:
    """Everything the public page of a council shows (NotFound for an unknown area)."""
    area = lookup.area(session, slug)
    return PublicCouncil(
        slug=area.slug,
        area_name=area.name,
        council_name=area.council_name,
        kind=area.kind.value,
        max_seats=area.max_seats,
        members=_members(session, area.id, day),
        upcoming=upcoming(session, area.id, day),
        minutes=_minutes(session, area.id),
        decisions=_decisions(session, area.id, day),
        advice=_advice(session, area.id),
        call=_call(session, area.id, day),
    )


def feed(session: Session, slug: str, day: date) -> tuple[Area, list[PublicMeeting]]:
    """The area and its public meetings from today on, for the calendar feed."""
    area = lookup.area(session, slug)
    return area, upcoming(session, area.id, day)


def calendar_feed(council_name: str, meetings: list[PublicMeeting], stamp: datetime) -> bytes:
    """The public meetings as a published calendar (METHOD:PUBLISH): no organiser, no
    attendee, no address; the UID and SEQUENCE of each meeting are those of the members'
    invitations, so a moved meeting moves in every subscribed calendar."""
    import icalendar

    from tasks.adapters.icalendar_zone import PRODID, local, vtimezone

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Vergaderingen {council_name}")
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    cal.add_component(vtimezone())
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", meeting.uid)
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", local(stamp))
        event.add("dtstart", local(meeting.starts_at))
        event.add("dtend", local(meeting.ends_at))
        event.add("summary", f"Openbare vergadering {council_name}")
        event.add("description", f"Openbare vergadering van de {council_name[:1].lower()}"
                                 f"{council_name[1:]}. Iedereen is welkom.")  # fmt: skip
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    return cal.to_ical()
