"""The B&W decision: recording it, seating the appointed, the letters and kind messages."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import (
    AuditEvent,
    BoardDecision,
    Candidate,
    Council,
    Membership,
    Procedure,
    rules,
    validation,
)
from models.enums import Actor, CandidateStatus, ProcedureKind, Role, Rule, Stage
from models.errors import AlreadyDone, DomainError, InvalidInput
from models.stages import Command, Event
from tasks.adapters import db
from tasks.adapters.clock import now, today
from tasks.adapters.settings import get_settings
from tasks.mail import letters, outbox
from tasks.mail.ics import Attachment
from tasks.queries import lookup
from tasks.queries.candidates import of_procedure
from tasks.steps.candidates import get as get_candidate
from tasks.steps.nomination import nominees
from tasks.steps.procedures import advance

NOT_NOMINATED_FROM = (
    CandidateStatus.APPLIED,
    CandidateStatus.NEEDS_CHECK,
    CandidateStatus.ELIGIBLE,
    CandidateStatus.INTERVIEWED,
)


def appointment_start(procedure: Procedure, decided_on: date) -> date:
    """A renewal's members start with the term; a vacancy's on the day of the decision. A
    renewal decided after the term has started is not backdated: its members start on the day
    of the decision, and the sitting members stay on until then (`stay_on`)."""
    if procedure.kind == ProcedureKind.RENEWAL:
        return max(procedure.term.start_date, decided_on)
    return decided_on


def stay_on(session: Session, procedure: Procedure, start: date) -> list[Membership]:
    """The sitting council stays on until its successors are seated: when a renewal's members
    start after the term start, the seats that ended with the previous term (and were not
    left) run on to the day before, audited. Returns the memberships extended."""
    term_start = procedure.term.start_date
    if procedure.kind != ProcedureKind.RENEWAL or start <= term_start:
        return []
    last_day = term_start - timedelta(days=1)
    sitting = list(
        session.scalars(
            select(Membership)
            .join(Council, Council.id == Membership.council_id)
            .where(
                Council.area_id == procedure.area_id,
                Council.term_id != procedure.term_id,
                Membership.end_date == last_day,
                Membership.left_on.is_(None),
            )
            .order_by(Membership.id)
        )
    )
    until = start - timedelta(days=1)
    for membership in sitting:
        membership.end_date = until
        session.add(
            AuditEvent(
                procedure_id=procedure.id,
                at=now(),
                actor=Actor.SYSTEM,
                action="member_stayed_on",
                reason=f"blijft aan tot de opvolgers zijn benoemd: tot en met {until}",
                subject_type="membership",
                subject_id=membership.id,
            )
        )
    return sitting


def decide(
    session: Session,
    procedure_id: int,
    candidate_ids: list[int],
    *,
    number: str,
    decided_on: str,
    reason: str | None,
    actor: str = Actor.COORDINATOR,
) -> BoardDecision:
    """Record the collegebesluit: which nominees B&W appoint, its number and date."""
    procedure = lookup.procedure(session, procedure_id)
    procedure.require_allowed(Command.DECIDE)
    number_text = validation.text(number, "number", limit=64) or ""
    day = validation.day(decided_on, "decided_on")
    nomination = procedure.nomination
    assert nomination is not None  # awaiting a decision: the nomination was submitted
    rules.ensure_decided_after_nomination(day, nomination.submitted_at.date(), today())
    if session.scalar(select(BoardDecision.id).where(BoardDecision.number == number_text)):
        raise AlreadyDone(f"besluit {number_text} is al vastgelegd.", field="number")
    appointees = [get_candidate(session, procedure.id, cid) for cid in candidate_ids]
    rules.ensure_appointment(appointees, {c.id for c in nominees(session, procedure.id)})
    start = appointment_start(procedure, day)
    if not procedure.term.covers(start):
        raise InvalidInput(
            f"{day} valt niet in de zittingsperiode van deze raad.", field="decided_on"
        )
    end = rules.appointment_end(procedure.term)
    rules.ensure_seat_free(procedure.council, start, len(appointees), until=end)
    for candidate in appointees:
        rules.ensure_one_seat(
            candidate.person_id, procedure.council.memberships, start, end, procedure.area
        )
    decision = BoardDecision(
        procedure_id=procedure.id,
        number=number_text,
        decided_on=day,
        start_date=start,
        end_date=rules.appointment_end(procedure.term),
        reason=validation.text(reason, "reason", required=False),
        recorded_at=now(),
    )
    session.add(decision)
    chosen = {c.id for c in appointees}
    for candidate in nominees(session, procedure.id):
        outcome = (
            CandidateStatus.APPOINTED if candidate.id in chosen else CandidateStatus.NOT_APPOINTED
        )
        candidate.change_status("decided", outcome, actor=actor, now=now())
    session.flush()
    procedure.record(
        "board_decision",
        now=now(),
        actor=actor,
        subject=("board_decision", decision.id),
    )
    return decision


def decision_of(session: Session, procedure_id: int) -> BoardDecision:
    decision = session.scalar(
        select(BoardDecision).where(BoardDecision.procedure_id == procedure_id)
    )
    if decision is None:
        raise DomainError(f"Procedure {procedure_id} heeft nog geen besluit van B&W.")
    return decision


def memberships_of(session: Session, decision: BoardDecision) -> list[Membership]:
    return list(
        session.scalars(
            select(Membership)
            .where(Membership.board_decision_id == decision.id)
            .order_by(Membership.id)
        )
    )


def seated_by(session: Session, decision_id: int) -> int:
    """How many members a decision seated (once its follow-up has run)."""
    found = session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.board_decision_id == decision_id)
    )
    return int(found or 0)


def seat(procedure_id: int) -> int:
    """Unit: awaiting_decision -> onboarding with a Membership per appointed candidate; the
    candidates who were not nominated are marked so. Returns the number of memberships."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        decision = decision_of(session, procedure.id)
        if procedure.stage == Stage.AWAITING_DECISION:
            appointed = _with_status(session, procedure, CandidateStatus.APPOINTED)
            rules.ensure_seat_free(
                procedure.council, decision.start_date, len(appointed), until=decision.end_date
            )
            for candidate in appointed:
                rules.ensure_one_seat(
                    candidate.person_id,
                    procedure.council.memberships,
                    decision.start_date,
                    decision.end_date,
                    procedure.area,
                )
                session.add(
                    Membership(
                        council=procedure.council,
                        person_id=candidate.person_id,
                        role=Role.LID,
                        start_date=decision.start_date,
                        end_date=decision.end_date,
                        residence_confirmed_by=_residence_confirmer(candidate),
                        board_decision_id=decision.id,
                    )
                )
            for candidate in of_procedure(session, procedure.id):
                if candidate.status in NOT_NOMINATED_FROM:
                    candidate.change_status(
                        "not_nominated",
                        CandidateStatus.NOT_NOMINATED,
                        actor=Actor.SYSTEM,
                        now=now(),
                    )
            stay_on(session, procedure, decision.start_date)
            advance(procedure, Event.RECORD_DECISION)
        else:
            procedure.require_stage(Stage.ONBOARDING, Stage.COMPLETED)
        session.flush()
        return len(memberships_of(session, decision))


def _residence_confirmer(candidate: Candidate) -> str | None:
    """Who confirmed the address by hand: the residence finding's decider, never the one who
    overturned another finding (politics, say)."""
    return next(
        (f.resolved_by for f in candidate.findings if f.rule == Rule.RESIDENCE and f.resolved_by),
        None,
    )


def _with_status(
    session: Session, procedure: Procedure, status: CandidateStatus
) -> list[Candidate]:
    return [c for c in of_procedure(session, procedure.id) if c.status == status]


def send_letters(procedure_id: int) -> int:
    """Unit: the appointment letter to every new member (once each)."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        decision = decision_of(session, procedure.id)
        seated = memberships_of(session, decision)
        candidate_of = {c.person_id: c.id for c in of_procedure(session, procedure.id)}
        for membership in seated:
            outbox.enqueue(
                session,
                template="benoemd",
                subject=f"procedure:{procedure.id}",
                occasion=f"appointed:membership:{membership.id}",
                person_id=membership.person_id,
                procedure_id=procedure.id,
                context={
                    "procedure_id": procedure.id,
                    "membership_id": membership.id,
                    "board_decision_id": decision.id,
                },
                attachments=partial(appointment_letter, procedure, membership, decision),
                tells=outbox.Told(candidate_of[membership.person_id], CandidateStatus.APPOINTED),
            )
        return len(seated)


def appointment_letter(
    procedure: Procedure, membership: Membership, decision: BoardDecision
) -> list[Attachment]:
    """The benoemingsbrief as PDF, addressed to the new member."""
    return [
        letters.pdf(
            "benoemingsbrief",
            f"benoemingsbrief-{membership.id}.pdf",
            procedure=procedure,
            area=procedure.area,
            term=procedure.term,
            membership=membership,
            person=membership.person,
            board_decision=decision,
            settings=get_settings(),
            today=today(),
        )
    ]


def send_regrets(procedure_id: int) -> int:
    """Unit: a kind message to the nominees B&W did not appoint and to the candidates the
    committee did not nominate (the ineligible ones heard why at the screening)."""
    templates = {
        CandidateStatus.NOT_APPOINTED: "niet_benoemd",
        CandidateStatus.NOT_NOMINATED: "niet_voorgedragen",
    }
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        sent = 0
        for candidate in of_procedure(session, procedure.id):
            template = templates.get(candidate.status)
            if template is None:
                continue
            outbox.enqueue(
                session,
                template=template,
                subject=f"procedure:{procedure.id}",
                occasion=f"outcome:candidate:{candidate.id}",
                person_id=candidate.person_id,
                procedure_id=procedure.id,
                context={"procedure_id": procedure.id, "candidate_id": candidate.id},
                tells=outbox.Told(candidate.id, candidate.status),
            )
            sent += 1
        return sent
