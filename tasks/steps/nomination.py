"""Gesprekken and the voordracht: recording interviews and the nomination, and producing the
advice to B&W (collegevoorstel)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Candidate,
    Interview,
    Nomination,
    Nominee,
    labels,
    profile,
    rules,
    validation,
)
from models.enums import Actor, CandidateStatus, Stage
from models.errors import DomainError, InvalidInput
from models.stages import Command, Event
from tasks.adapters import db
from tasks.adapters.clock import now, today
from tasks.adapters.settings import get_settings
from tasks.adapters.templating import postcode, render
from tasks.mail import letters, outbox
from tasks.queries import lookup
from tasks.queries.candidates import of_procedure
from tasks.steps.candidates import get as get_candidate
from tasks.steps.committee import committee_of, council_members
from tasks.steps.procedures import advance


def interview(
    session: Session,
    procedure_id: int,
    candidate_id: int,
    *,
    note: str | None,
    scores: list[str],
    actor: str = Actor.COORDINATOR,
    held_on: date | None = None,
    member_id: int | None = None,
) -> Interview:
    """Record a gesprek with an eligible candidate; the candidate becomes interviewed. A
    committee member (`member_id`) has one interview per candidate: a second submission
    changes its day, note and scores, audited as `interview_changed`."""
    procedure = lookup.procedure(session, procedure_id)
    procedure.require_allowed(Command.INTERVIEW)
    candidate = get_candidate(session, procedure.id, candidate_id)
    parsed = profile.parse_scores(scores)
    text = validation.text(note, "note", required=False)
    day = held_on_day(held_on)
    if candidate.status not in (CandidateStatus.ELIGIBLE, CandidateStatus.INTERVIEWED):
        raise DomainError(
            f"Met kandidaat {candidate.id} wordt geen gesprek gevoerd: alleen met verkiesbare "
            f"kandidaten (status nu: {labels.status(candidate.status)})."
        )
    rules.ensure_scored(parsed)
    mine = (
        session.scalar(
            select(Interview).where(
                Interview.candidate_id == candidate.id, Interview.committee_member_id == member_id
            )
        )
        if member_id is not None
        else None
    )
    if mine is not None:
        mine.held_on, mine.note, mine.scores = day, text, parsed
        procedure.record(
            "interview_changed", now=now(), actor=actor, subject=("candidate", candidate.id)
        )
        return mine
    record = Interview(
        candidate=candidate, held_on=day, note=text, scores=parsed, committee_member_id=member_id
    )
    session.add(record)
    candidate.change_status(
        "interviewed", CandidateStatus.INTERVIEWED, actor=actor, now=now(), reason="gesprek"
    )
    session.flush()
    procedure.record("interview", now=now(), actor=actor, subject=("candidate", candidate.id))
    return record


def held_on_day(value: date | None) -> date:
    """The day of a gesprek: today unless given (a committee member records it afterwards),
    never in the future."""
    if value is None:
        return today()
    day = validation.day(value, "held_on")
    if day > today():
        raise InvalidInput(
            f"{day.isoformat()} ligt in de toekomst; leg een gesprek vast nadat het is gevoerd.",
            field="held_on",
        )
    return day


def nominate(
    session: Session,
    procedure_id: int,
    candidate_ids: list[int],
    motivation: str | None,
    *,
    actor: str = Actor.COORDINATOR,
) -> Nomination:
    """Record the committee's nomination: interviewed candidates, no more than the seats."""
    procedure = lookup.procedure(session, procedure_id)
    procedure.require_allowed(Command.NOMINATE)
    candidates = [get_candidate(session, procedure.id, cid) for cid in candidate_ids]
    existing = session.scalar(select(Nomination).where(Nomination.procedure_id == procedure.id))
    if existing is not None:
        if [n.candidate_id for n in existing.nominees] == candidate_ids:
            return existing  # the same nomination again: only the flow runs once more
        raise DomainError(
            f"Procedure {procedure.id} heeft al een voordracht; die kan niet meer veranderen."
        )
    rules.ensure_nomination(candidates, procedure.seats)
    nomination = Nomination(
        procedure_id=procedure.id,
        submitted_at=now(),
        motivation=validation.text(motivation, "motivation", required=False),
    )
    session.add(nomination)
    for rank, candidate in enumerate(candidates, start=1):
        session.add(Nominee(nomination=nomination, candidate=candidate, rank=rank))
        candidate.change_status("nominated", CandidateStatus.NOMINATED, actor=actor, now=now())
    session.flush()
    procedure.record("nominated", now=now(), actor=actor, subject=("nomination", nomination.id))
    return nomination


def _mean(values: list[int]) -> str:
    return f"{sum(values) / len(values):.1f}".replace(".", ",") if values else ""


def nominee_row(candidate: Candidate) -> dict[str, object]:
    """A nominee in the advice: name, address, the days of the gesprekken, and per competency
    of the profile (by its name) the mean of the scores given."""
    given: dict[str, list[int]] = {}
    for interview in candidate.interviews:
        for key, score in (interview.scores or {}).items():
            given.setdefault(key, []).append(int(score))
    person = candidate.person
    return {
        "name": person.name,
        "address": " ".join(p for p in (postcode(person.postcode), person.house_number) if p),
        "interviews": sorted(i.held_on for i in candidate.interviews),
        "scores": [
            (text, _mean(given[key])) for key, text in profile.COMPETENCIES.items() if key in given
        ],
        "mean": _mean([s for scores in given.values() for s in scores]),
    }


def advice_context(session: Session, procedure_id: int) -> dict[str, object]:
    procedure = lookup.procedure(session, procedure_id)
    nomination = session.scalars(
        select(Nomination).where(Nomination.procedure_id == procedure.id)
    ).one()
    everyone = of_procedure(session, procedure.id)
    statuses = Counter(c.status for c in everyone)
    interviewed = [c for c in everyone if c.interviews]
    committee = committee_of(session, procedure)
    return {
        "procedure": procedure,
        "area": procedure.area,
        "term": procedure.term,
        "nomination": nomination,
        "nominees": [n.candidate for n in nomination.nominees],
        "nominee_rows": [nominee_row(n.candidate) for n in nomination.nominees],
        "open_seats": max(procedure.seats - len(nomination.nominees), 0),
        "committee": committee,
        "independence": rules.independence(
            [m.person for m in committee.members],
            [c.person for c in everyone],
            council_members(session, procedure),
        ),
        "applied": len(everyone),
        "ineligible": statuses[CandidateStatus.INELIGIBLE],
        "decided_findings": [
            {
                "candidate": c,
                "finding": labels.finding(f.rule, f.result),
                "by": f.resolved_by,
                "reason": f.reason,
            }
            for c in everyone
            for f in c.findings
            if f.resolved_by
        ],
        "interviewed": len(interviewed),
        "competencies": profile.COMPETENCIES,
        "settings": get_settings(),
        "today": today(),
    }


def submit(procedure_id: int) -> str:
    """Unit: nominating -> awaiting_decision with the advice to B&W, mailed to the coördinator."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        if procedure.stage == Stage.NOMINATING:
            if procedure.nomination is None and not session.scalar(
                select(Nomination.id).where(Nomination.procedure_id == procedure.id)
            ):
                raise DomainError(f"Procedure {procedure.id} heeft nog geen voordracht.")
            context = advice_context(session, procedure.id)
            procedure.advice_text = render("letters/collegevoorstel.txt", **context)
            advance(procedure, Event.SUBMIT_NOMINATION)
            outbox.enqueue(
                session,
                template="voordracht_advies",
                subject=f"procedure:{procedure.id}",
                occasion="advice",
                role=outbox.COORDINATOR,
                procedure_id=procedure.id,
                context={"procedure_id": procedure.id},
                attachments=lambda: [
                    letters.pdf(
                        "collegevoorstel",
                        f"collegevoorstel-procedure-{procedure.id}.pdf",
                        **context,
                    )
                ],
            )
        else:
            procedure.require_stage(Stage.AWAITING_DECISION, Stage.ONBOARDING, Stage.COMPLETED)
        return procedure.stage.value


def nominees(session: Session, procedure_id: int) -> list[Candidate]:
    nomination = session.scalar(select(Nomination).where(Nomination.procedure_id == procedure_id))
    return [n.candidate for n in nomination.nominees] if nomination else []
