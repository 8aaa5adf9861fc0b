"""Council meetings and their decisions on subsidies and advice.

A council meets in public at least `meetings_per_year` times a calendar year; decisions are
taken in public meetings only. Minutes and decisions are published within
`publish_within_days` of the meeting; the monitor flags what is late.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, CouncilDecision, Meeting, rules, validation
from models.enums import Actor, DecisionKind
from models.errors import DomainError, InvalidInput, NotFound
from models.terms import term_on
from tasks.adapters.clock import now, today
from tasks.queries import lookup
from tasks.steps import advice, invitations


def _read_text(path: Path | None, field: str, typed: str | None = None) -> str | None:
    """The text of a file, or the text as typed (the web page's text box)."""
    if typed is not None:
        return validation.text(typed, field, required=False, limit=200_000)
    if path is None:
        return None
    try:
        return validation.text(path.read_text(encoding="utf-8"), field, limit=200_000)
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{field}: bestand '{path}' is niet te lezen als UTF-8-tekst.") from exc


def _audit(action: str, subject: str, subject_id: int, actor: str) -> AuditEvent:
    return AuditEvent(
        at=now(),
        actor=actor,
        action=action,
        subject_type=subject,
        subject_id=subject_id,
    )


def add(
    session: Session,
    area_slug: str,
    day: date,
    *,
    public: bool,
    agenda: Path | None,
    actor: str = Actor.COORDINATOR,
    start: time | None = None,
    agenda_text: str | None = None,
) -> Meeting:
    """Plan or record a meeting of the current council of an area. A meeting still to come
    goes in the calendar (at `start`, else the usual evening start) and its members are
    invited with an .ics."""
    agenda_text = _read_text(agenda, "agenda", agenda_text)
    area = lookup.area(session, area_slug)
    council = lookup.council(session, area, lookup.term(session, term_on(day)))
    rules.ensure_one_meeting_a_day(area.council_name, day, _days_taken(session, council.id))
    meeting = Meeting(
        area=area, council_id=council.id, held_on=day, public=public, agenda=agenda_text
    )
    session.add(meeting)
    session.flush()
    session.add(_audit("meeting_added", "meeting", meeting.id, actor))
    if day >= today():
        invitations.schedule_meeting(session, meeting, start)
    return meeting


def move(
    session: Session,
    meeting_id: int,
    day: date,
    start: time | None,
    *,
    actor: str = Actor.COORDINATOR,
) -> Meeting:
    """Another day or time for a meeting still to come: the same calendar event, one SEQUENCE
    further, so every member's calendar moves the entry it has."""
    meeting = get(session, meeting_id)
    if meeting.held_on < today() or meeting.minutes is not None or meeting.decisions:
        raise DomainError(
            f"vergadering {meeting.id} heeft al plaatsgevonden en kan niet worden verplaatst."
        )
    if day < today():
        raise InvalidInput("een vergadering verplaats je naar vandaag of later.", field="date")
    if term_on(day) != term_on(meeting.held_on):
        raise InvalidInput(
            "de nieuwe datum valt in een andere zittingsperiode; leg een nieuwe vergadering vast.",
            field="date",
        )
    if meeting.council_id is not None:
        taken = _days_taken(session, meeting.council_id, but=meeting.id)
        rules.ensure_one_meeting_a_day(meeting.area.council_name, day, taken)
    meeting.held_on = day
    invitations.schedule_meeting(session, meeting, start)
    session.add(_audit("meeting_moved", "meeting", meeting.id, actor))
    return meeting


def _days_taken(session: Session, council_id: int, *, but: int | None = None) -> list[date]:
    """The dates on which the council already meets (but the meeting `but`)."""
    query = select(Meeting.held_on).where(Meeting.council_id == council_id)
    if but is not None:
        query = query.where(Meeting.id != but)
    return list(session.scalars(query))


def get(session: Session, meeting_id: int) -> Meeting:
    found = session.get(Meeting, meeting_id)
    if found is None:
        raise NotFound(f"{meeting_id} bestaat niet.", field="meeting", hint="list:meetings")
    return found


def record_minutes(
    session: Session,
    meeting_id: int,
    path: Path | None,
    *,
    actor: str = Actor.COORDINATOR,
    text: str | None = None,
) -> Meeting:
    """Store the minutes (a file, or the text as typed); recording them is publishing them
    (the date counts for the 7 days)."""
    if text is not None:
        text = validation.text(text, "minutes", required=False, limit=200_000)
    else:
        text = _read_text(path, "notulen")
    if not text:
        raise InvalidInput("mag niet leeg zijn.", field="minutes")
    meeting = get(session, meeting_id)
    if meeting.held_on > today():
        raise DomainError(
            f"Vergadering {meeting.id} is op {meeting.held_on}; notulen kunnen pas na de "
            "vergadering worden vastgelegd."
        )
    meeting.minutes, meeting.minutes_published_on = text, today()
    session.add(_audit("minutes_published", "meeting", meeting.id, actor))
    return meeting


@dataclass(frozen=True)
class DecisionInput:
    meeting_id: int
    kind: DecisionKind
    summary: str
    amount_cents: int | None
    applicant: str | None
    organisation: bool = False  # a private applicant (the default) is never named in public
    text: str | None = None  # an advice's full text, when more than the summary
    sent_on: date | None = None  # the day an advice went to B&W (default: today)

    @classmethod
    def parse(
        cls,
        meeting_id: int,
        kind: str,
        summary: str,
        amount: str | None,
        applicant: str | None,
        organisation: bool = False,
        text: str | None = None,
        sent_on: str | date | None = None,
    ) -> DecisionInput:
        problems: list[str] = []
        chosen: DecisionKind | None = None
        try:
            chosen = DecisionKind((kind or "").strip().lower())
        except ValueError:
            problems.append(f"soort: '{kind}' bestaat niet (kies uit subsidie of advies).")
        values: dict[str, Any] = {}
        for key, check in {
            "summary": lambda: validation.text(summary, "summary", limit=2000),
            "applicant": lambda: validation.text(applicant, "applicant", required=False, limit=200),
            "amount": lambda: _cents(amount),
            "text": lambda: validation.text(text, "text", required=False, limit=20_000),
            "sent_on": lambda: validation.day(sent_on, "sent_on") if sent_on else None,
        }.items():
            try:
                values[key] = check()
            except InvalidInput as exc:
                problems.extend(exc.problems)
        if chosen == DecisionKind.SUBSIDIE and "amount" in values and values["amount"] is None:
            problems.append("bedrag: een subsidiebesluit heeft een bedrag (--amount).")
        if organisation and values.get("applicant") is None and "applicant" in values:
            problems.append("aanvrager: geef de naam van de organisatie op.")
        if problems:
            raise InvalidInput(problems)
        assert chosen is not None
        return cls(
            meeting_id,
            chosen,
            values["summary"],
            values["amount"],
            values["applicant"],
            organisation,
            values["text"],
            values["sent_on"],
        )


# An amount as people type it: 1250, 1250.50 or 1250,50, or Dutch with thousands points 1.250,50.
_PLAIN = re.compile(r"^[0-9]+(?:[.,][0-9]{1,2})?$")
_DUTCH = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?$")
MAX_CENTS = 100_000_000  # € 1,000,000: far above any council's budget, far below the column's


def _cents(amount: str | None) -> int | None:
    if amount is None or not amount.strip():
        return None
    shown = validation.shown(amount)
    cleaned = "".join(amount.split()).replace("€", "")
    negative = cleaned.startswith("-")
    digits = cleaned.removeprefix("-")
    if _DUTCH.match(digits):
        digits = digits.replace(".", "")
    elif "," in digits and "." in digits:
        raise InvalidInput(
            f"'{shown}' is onduidelijk; schrijf 1.250,50 (punten tussen de duizendtallen, "
            "een komma voor de centen) of 1250.50 (alleen een punt voor de centen).",
            field="amount",
        )
    if not _PLAIN.match(digits):
        raise InvalidInput(
            f"'{shown}' is geen bedrag (bijvoorbeeld 1250, 1250.50 of 1.250,50).", field="amount"
        )
    if negative:
        raise InvalidInput(f"'{shown}' moet positief zijn.", field="amount")
    cents = int(Decimal(digits.replace(",", ".")) * 100)
    if cents > MAX_CENTS:
        raise InvalidInput(
            f"'{shown}' is meer dan € 1.000.000; controleer het bedrag.", field="amount"
        )
    return cents


def add_decision(
    session: Session, data: DecisionInput, *, actor: str = Actor.COORDINATOR
) -> CouncilDecision:
    """A decision on a subsidy or an advice: only in a public meeting that has taken place."""
    meeting = get(session, data.meeting_id)
    if not meeting.public:
        raise DomainError(
            f"Vergadering {meeting.id} is besloten. Besluiten over subsidies en adviezen aan B&W "
            "worden alleen in een openbare vergadering genomen."
        )
    if meeting.held_on > today():
        raise DomainError(
            f"Vergadering {meeting.id} is pas op {meeting.held_on}; een besluit kan pas worden "
            "vastgelegd als de vergadering is geweest."
        )
    decision = CouncilDecision(
        meeting=meeting,
        kind=data.kind,
        summary=data.summary,
        amount_cents=data.amount_cents,
        applicant=data.applicant,
        organisation=data.organisation,
    )
    session.add(decision)
    session.flush()
    session.add(_audit("decision_added", "council_decision", decision.id, actor))
    if decision.kind == DecisionKind.ADVIES:
        advice.send(session, decision, data.text, data.sent_on, actor=actor)
    return decision


def mark_published(session: Session, rows: list[CouncilDecision]) -> int:
    """Decisions on the published list count as published today (the first time only)."""
    day, count = today(), 0
    for decision in rows:
        if decision.published_on is None:
            decision.published_on, count = day, count + 1
    return count
