"""The committee member's page: whose link it is, and what it shows (the eligible candidates,
what they wrote, their findings). A link is signed for one member and one procedure
(tasks/adapters/signing.py) and works only while that procedure is nominating."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from statistics import mean

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import (
    CalendarEvent,
    Candidate,
    CommitteeMember,
    NominationCommittee,
    Procedure,
    profile,
)
from models.enums import CandidateStatus, Rule, Stage
from models.errors import NotFound
from tasks.adapters import signing

INVALID = "Deze link is ongeldig. Controleer of u de hele link uit de e-mail gebruikt."
EXPIRED = (
    "Deze link werkt niet meer: de gesprekken van deze procedure zijn afgerond. Vragen? Mail de "
    "wijkcoördinator."
)
RULES = {
    Rule.RESIDENCE: "woont in het gebied",
    Rule.POLITICS: "niet actief in de lokale politiek",
    Rule.MUNICIPAL_EMPLOYMENT: "werkt niet bij de gemeente",
    Rule.COMMITTEE_CONFLICT: "zit niet in de commissie",
}
RESULTS = {"pass": "voldoet", "fail": "voldoet niet", "needs_check": "wordt gecontroleerd"}


@dataclass(frozen=True)
class Finding:
    rule: str
    result: str
    reason: str


@dataclass(frozen=True)
class CandidateCard:
    id: int
    name: str
    motivation: str | None
    findings: list[Finding]
    interviews: int
    planned: datetime | None = None  # this member's planned gesprek (in the calendar)
    place: str | None = None  # where it is planned
    mine: dict[str, str] | None = None  # this member's own interview, as its form's values
    my_held_on: date | None = None  # the day of this member's own interview
    my_mean: float | None = None  # the mean of this member's own scores


@dataclass(frozen=True)
class CommitteePage:
    member_id: int
    member_name: str
    procedure_id: int
    council_name: str
    seats: int
    stage_deadline: date | None
    candidates: list[CandidateCard]
    competencies: dict[str, str]


def member_of(session: Session, token: str) -> tuple[CommitteeMember, Procedure]:
    """The member and procedure a link is signed for: NotFound for a link that is no one's,
    code 'expired' for one whose procedure is no longer nominating."""
    if not token or len(token) > 100:
        raise NotFound(INVALID)
    rows = session.execute(
        select(CommitteeMember, Procedure)
        .join(NominationCommittee, CommitteeMember.committee_id == NominationCommittee.id)
        .join(Procedure, NominationCommittee.procedure_id == Procedure.id)
        .order_by((Procedure.stage == Stage.NOMINATING).desc(), Procedure.id.desc())
    )
    for member, procedure in rows:
        if secrets.compare_digest(signing.committee_token(member.id, procedure.id), token):
            if procedure.stage != Stage.NOMINATING:
                raise NotFound(EXPIRED, code="expired")
            return member, procedure
    raise NotFound(INVALID)


def _own(candidate: Candidate, member_id: int) -> tuple[date | None, float | None]:
    """The day and the mean score of this member's own interview with the candidate."""
    for interview in candidate.interviews:
        if interview.committee_member_id == member_id:
            scores = [int(v) for v in (interview.scores or {}).values()]
            return interview.held_on, round(mean(scores), 1) if scores else None
    return None, None


def _mine(candidate: Candidate, member_id: int) -> dict[str, str] | None:
    for interview in candidate.interviews:
        if interview.committee_member_id == member_id:
            scores = {f"score_{k}": str(v) for k, v in (interview.scores or {}).items()}
            return {"held_on": interview.held_on.isoformat(), "note": interview.note or ""} | scores
    return None


def view(session: Session, token: str) -> CommitteePage:
    member, procedure = member_of(session, token)
    candidates = session.scalars(
        select(Candidate)
        .where(
            Candidate.procedure_id == procedure.id,
            Candidate.status.in_([CandidateStatus.ELIGIBLE, CandidateStatus.INTERVIEWED]),
        )
        .options(
            selectinload(Candidate.person),
            selectinload(Candidate.findings),
            selectinload(Candidate.interviews),
        )
        .order_by(Candidate.id)
    ).all()
    events = session.execute(
        select(CalendarEvent.candidate_id, CalendarEvent.starts_at, CalendarEvent.location).where(
            CalendarEvent.committee_member_id == member.id,
            CalendarEvent.candidate_id.in_([c.id for c in candidates]),
        )
    ).all()
    planned = {candidate: starts for candidate, starts, _ in events}
    places = {candidate: place for candidate, _, place in events}
    return CommitteePage(
        member_id=member.id,
        member_name=member.person.name,
        procedure_id=procedure.id,
        council_name=procedure.area.council_name,
        seats=procedure.seats,
        stage_deadline=procedure.stage_deadline,
        candidates=[
            CandidateCard(
                id=c.id,
                name=c.person.name,
                motivation=c.motivation,
                findings=[
                    Finding(RULES.get(f.rule, f.rule.value), RESULTS[f.result.value], f.reason)
                    for f in sorted(c.findings, key=lambda f: f.id)
                ],
                interviews=len(c.interviews),
                planned=planned.get(c.id),
                place=places.get(c.id),
                mine=_mine(c, member.id),
                my_held_on=_own(c, member.id)[0],
                my_mean=_own(c, member.id)[1],
            )
            for c in candidates
        ],
        competencies=dict(profile.COMPETENCIES),
    )
