"""Toetsing: closing recruitment, one Finding per rule per candidate, telling ineligible
candidates why, human checks resolved by the coördinator, and inviting the committee to the
interviews once every candidate has a verdict."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    Candidate,
    CommitteeMember,
    Finding,
    OutboxMessage,
    Procedure,
    labels,
    rules,
    validation,
)
from models.enums import Actor, CandidateStatus, FindingResult, MessageStatus, Rule, Stage
from models.errors import DomainError, NotFound
from models.stages import Command, Event
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.mail import outbox
from tasks.queries import committee_links, lookup
from tasks.queries.candidates import of_procedure
from tasks.steps.candidates import get as get_candidate
from tasks.steps.committee import committee_of, committee_persons
from tasks.steps.procedures import advance

AFTER_RECRUITMENT = (
    Stage.SCREENING,
    Stage.NOMINATING,
    Stage.AWAITING_DECISION,
    Stage.ONBOARDING,
    Stage.COMPLETED,
)


def close_recruitment(procedure_id: int) -> str:
    """Unit: recruiting -> screening; a procedure past recruitment is left as it is."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        if procedure.stage == Stage.RECRUITING:
            advance(procedure, Event.CLOSE_RECRUITMENT)
        else:
            procedure.require_stage(Stage.RECRUITING, *AFTER_RECRUITMENT)
        return procedure.stage.value


def _screen(session: Session, procedure: Procedure, candidate: Candidate) -> None:
    committee = committee_persons(session, procedure.id)
    table = lookup.postcode_entries(session, candidate.person.postcode)
    verdicts = [
        rules.residence(candidate.person, procedure.area, table),
        rules.politics(candidate),
        rules.municipal_employment(candidate),
        rules.committee_conflict(candidate.person, committee),
    ]
    moment = now()
    for verdict in verdicts:
        session.add(
            Finding(
                candidate=candidate,
                rule=verdict.rule,
                result=verdict.result,
                reason=verdict.reason,
                decided_at=moment,
            )
        )
    candidate.change_status("screened", rules.overall(verdicts), actor=Actor.SYSTEM, now=moment)


def screen_all(procedure_id: int) -> int:
    """Unit: a verdict for every candidate not yet screened. Returns how many were screened."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        if procedure.stage != Stage.SCREENING:
            return 0
        waiting = [c for c in of_procedure(session, procedure.id) if not c.findings]
        for candidate in waiting:
            _screen(session, procedure, candidate)
        return len(waiting)


REJECTION = "niet_verkiesbaar"
CORRECTION = "toetsing_herzien"
CHECKS = "toetsing_controle"
INTERVIEWS = "gesprekken_uitnodigen"
INVITED = (CandidateStatus.ELIGIBLE, CandidateStatus.INTERVIEWED)  # the committee talks to them


def _rejection_occasion(candidate: Candidate) -> str:
    return f"screening:candidate:{candidate.id}"


def tell_ineligible(session: Session, procedure: Procedure, candidate: Candidate) -> None:
    """The rejection with the reasons as they stand now (once; again after a withdrawal)."""
    outbox.enqueue(
        session,
        template=REJECTION,
        subject=f"procedure:{procedure.id}",
        occasion=_rejection_occasion(candidate),
        person_id=candidate.person_id,
        procedure_id=procedure.id,
        context={"procedure_id": procedure.id, "candidate_id": candidate.id},
    )


def notify_ineligible(procedure_id: int) -> int:
    """Unit: tell every ineligible candidate why (once per candidate)."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        ineligible = [
            c for c in of_procedure(session, procedure.id) if c.status == CandidateStatus.INELIGIBLE
        ]
        for candidate in ineligible:
            tell_ineligible(session, procedure, candidate)
        return len(ineligible)


def letters_after_review(
    session: Session, procedure: Procedure, candidate: Candidate, was: CandidateStatus
) -> None:
    """After a finding was overturned, the candidate's letters say what is true now: a
    rejection not yet sent is withdrawn (and written again when they still fail, with the
    reasons that stand); one already sent to a candidate who now passes gets a correction.
    In the interviews, the committee's list of candidates follows."""
    is_ineligible = candidate.status == CandidateStatus.INELIGIBLE
    if was == CandidateStatus.INELIGIBLE or is_ineligible:
        reason = (
            "toetsing herzien: de redenen zijn gewijzigd"
            if is_ineligible
            else "toetsing herzien: de kandidaat voldoet alsnog"
        )
        found = outbox.withdraw(
            session,
            template=REJECTION,
            subject=f"procedure:{procedure.id}",
            person_id=candidate.person_id,
            occasion=_rejection_occasion(candidate),
            reason=reason,
        )
        if is_ineligible:
            if found.withdrawn or not found.reached:
                tell_ineligible(session, procedure, candidate)
        elif found.reached:
            outbox.enqueue(
                session,
                template=CORRECTION,
                subject=f"procedure:{procedure.id}",
                occasion=f"correction:{found.reached[-1].id}",
                person_id=candidate.person_id,
                procedure_id=procedure.id,
                context={
                    "procedure_id": procedure.id,
                    "candidate_id": candidate.id,
                    "rejected_on": found.reached[-1].created_at.date().isoformat(),
                },
            )
    if procedure.stage == Stage.NOMINATING and (was in INVITED) != (candidate.status in INVITED):
        invite_committee(session, procedure)


def invite_committee(session: Session, procedure: Procedure) -> None:
    """Tell each committee member whom to invite for a gesprek: the candidates who qualify now.
    When that list changes (a finding overturned during the interviews), a letter not yet
    sent is withdrawn and every member gets the new list."""
    invited = sorted(c.id for c in of_procedure(session, procedure.id) if c.status in INVITED)
    occasion = "interviews:" + (",".join(map(str, invited)) or "none")
    for member in committee_of(session, procedure).members:
        earlier = outbox.withdraw(
            session,
            template=INTERVIEWS,
            subject=f"procedure:{procedure.id}",
            person_id=member.person_id,
            reason="de lijst van kandidaten is gewijzigd",
            keep=occasion,
        )
        if earlier.kept:
            continue  # this very list is already on its way (or arrived)
        outbox.enqueue(
            session,
            template=INTERVIEWS,
            subject=f"procedure:{procedure.id}",
            occasion=occasion,
            person_id=member.person_id,
            procedure_id=procedure.id,
            context={
                "procedure_id": procedure.id,
                "committee_member_id": member.id,
                "candidate_ids": invited,
                "update": bool(earlier.reached),
            },
        )


LINK_AGAIN = "committee_link_resent"  # the audit action of a link sent again
WAITING = (MessageStatus.PENDING, MessageStatus.TEMPORARY_FAILURE)  # not yet on its way


@dataclass(frozen=True)
class LinkSent:
    message: OutboxMessage
    already: bool  # a letter with the link was still waiting to go out: no second one


def send_link_again(
    session: Session, procedure: Procedure, member_id: int, *, actor: str
) -> LinkSent:
    """The member's letter with their personal link once more, with the list of candidates as
    it stands now (the link works while the procedure is nominating). A letter that still
    waits to go out is not doubled: a second click sends nothing more."""
    member = session.get(CommitteeMember, member_id)
    committee = procedure.committee
    if member is None or committee is None or member.committee_id != committee.id:
        raise NotFound(
            f"commissielid {member_id} hoort niet bij procedure {procedure.id}.", field="member"
        )
    if procedure.stage != Stage.NOMINATING:
        reason = committee_links.idle_reason(procedure.stage, procedure.current_stage)
        raise DomainError(reason or committee_links.EARLY, field="member")
    letters = list(
        session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.procedure_id == procedure.id,
                OutboxMessage.template == INTERVIEWS,
                OutboxMessage.recipient_person_id == member.person_id,
            )
            .order_by(OutboxMessage.id)
        )
    )
    waiting = [m for m in letters if m.status in WAITING]
    if waiting:
        return LinkSent(waiting[-1], already=True)
    moment = now()
    invited = sorted(c.id for c in of_procedure(session, procedure.id) if c.status in INVITED)
    message = outbox.enqueue(
        session,
        template=INTERVIEWS,
        subject=f"procedure:{procedure.id}",
        occasion=f"opnieuw:{len(letters) + 1}",
        person_id=member.person_id,
        procedure_id=procedure.id,
        context={
            "procedure_id": procedure.id,
            "committee_member_id": member.id,
            "candidate_ids": invited,
            "again": True,
        },
    )
    procedure.record(LINK_AGAIN, now=moment, actor=actor, subject=("committee_member", member.id))
    return LinkSent(message, already=False)


def finish_screening(procedure_id: int) -> str:
    """Unit: when no candidate waits for a verdict, move on to the interviews and tell the
    committee whom to invite; otherwise ask the coördinator for the human checks."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        everyone = of_procedure(session, procedure.id)
        open_checks = [
            c
            for c in everyone
            if c.status in (CandidateStatus.APPLIED, CandidateStatus.NEEDS_CHECK)
        ]
        checks = [c.id for c in open_checks if c.status == CandidateStatus.NEEDS_CHECK]
        if procedure.stage == Stage.SCREENING and open_checks:
            if checks:
                outbox.enqueue(
                    session,
                    template=CHECKS,
                    subject=f"procedure:{procedure.id}",
                    occasion="checks:" + ",".join(map(str, checks)),
                    role=outbox.COORDINATOR,
                    procedure_id=procedure.id,
                    context={"procedure_id": procedure.id, "candidate_ids": checks},
                )
            return procedure.stage.value
        if procedure.stage == Stage.SCREENING:
            advance(procedure, Event.FINISH_SCREENING)
        if procedure.stage == Stage.NOMINATING:
            invite_committee(session, procedure)
        return procedure.stage.value


def resolve(
    session: Session,
    procedure_id: int,
    candidate_id: int,
    *,
    eligible: bool,
    reason: str,
    actor: str = Actor.COORDINATOR,
) -> Candidate:
    """The coördinator's verdict on a candidate who needs a human check."""
    procedure = lookup.procedure(session, procedure_id)
    procedure.require_allowed(Command.RESOLVE_CHECK)
    candidate = get_candidate(session, procedure.id, candidate_id)
    text = validation.text(reason, "reason")
    if candidate.status != CandidateStatus.NEEDS_CHECK:
        raise DomainError(
            f"Kandidaat {candidate.id} hoeft niet gecontroleerd te worden (status "
            f"{candidate.status.value}); alleen kandidaten met status needs_check."
        )
    result = FindingResult.PASS if eligible else FindingResult.FAIL
    for finding in candidate.findings:
        if finding.result == FindingResult.NEEDS_CHECK:
            finding.result, finding.reason = result, f"Na controle: {text}"
            finding.resolved_by, finding.decided_at = actor, now()
    verdict = CandidateStatus.ELIGIBLE if eligible else CandidateStatus.INELIGIBLE
    candidate.change_status("check_resolved", verdict, actor=actor, now=now(), reason=text)
    # the coördinator's request to check lists this candidate: no longer true
    outbox.withdraw(
        session,
        template=CHECKS,
        subject=f"procedure:{procedure.id}",
        role=outbox.COORDINATOR,
        reason="de controle is gedaan",
    )
    procedure.record(
        "screening_resolved",
        now=now(),
        actor=actor,
        subject=("candidate", candidate.id),
        reason=text,
    )
    return candidate


def overturn(
    session: Session,
    procedure_id: int,
    candidate_id: int,
    *,
    rule: Rule,
    passed: bool,
    reason: str,
    by: str,
    actor: str = Actor.COORDINATOR,
) -> Candidate:
    """The committee or the coördinator overturns one finding (any result, not only a needs
    check): the declarations rest on the candidate's own word, so a finding may prove wrong.
    Who did it and why is kept on the finding and in the audit trail; the candidate's status
    follows the findings (an interviewed candidate who still passes stays interviewed). The
    audit trail names the actor (the account) and who decided."""
    procedure = lookup.procedure(session, procedure_id)
    procedure.require_allowed(Command.OVERTURN_FINDING)
    candidate = get_candidate(session, procedure.id, candidate_id)
    text = validation.text(reason, "reason")
    who = validation.text(by, "by", limit=100) or actor
    finding = next((f for f in candidate.findings if f.rule == rule), None)
    if finding is None:
        raise DomainError(
            f"Kandidaat {candidate.id} is nog niet getoetst; er is geen bevinding om te herzien.",
            hint="stage:recruiting",
        )
    result = FindingResult.PASS if passed else FindingResult.FAIL
    before = finding.result
    finding.result, finding.reason = result, f"Herzien: {text}"
    finding.resolved_by, finding.decided_at = who, now()
    verdict = rules.overall([rules.Verdict(f.rule, f.result, f.reason) for f in candidate.findings])
    if candidate.status == CandidateStatus.INTERVIEWED and verdict == CandidateStatus.ELIGIBLE:
        verdict = CandidateStatus.INTERVIEWED
    was = candidate.status
    candidate.change_status(
        "finding_overturned",
        verdict,
        actor=actor,
        now=now(),
        reason=f"{labels.finding(rule, before)} → {labels.finding(rule, result)}: {text}",
    )
    procedure.record(
        "finding_overturned",
        now=now(),
        actor=actor,
        subject=("candidate", candidate.id),
        reason=f"{rule.value}: {before.value} → {result.value}, besloten door {who}; {text}",
    )
    letters_after_review(session, procedure, candidate, was)
    return candidate
