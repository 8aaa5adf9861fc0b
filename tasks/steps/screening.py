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


def _letters(
    session: Session, procedure: Procedure, candidate: Candidate, template: str
) -> list[OutboxMessage]:
    """The letters of this template about the procedure to this candidate, oldest first."""
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.template == template,
                OutboxMessage.procedure_id == procedure.id,
                OutboxMessage.recipient_person_id == candidate.person_id,
            )
            .order_by(OutboxMessage.id)
        )
    )


def _corrections(
    session: Session, procedure: Procedure, candidate: Candidate
) -> list[OutboxMessage]:
    """The corrections that stand (not withdrawn): each takes back one rejection."""
    return [
        m
        for m in _letters(session, procedure, candidate, CORRECTION)
        if m.status != MessageStatus.WITHDRAWN
    ]


def _rejection_occasion(session: Session, procedure: Procedure, candidate: Candidate) -> str:
    """One rejection per round: a candidate whose rejection was corrected and who then fails
    after all gets a new one."""
    rounds = len(_corrections(session, procedure, candidate))
    return f"screening:candidate:{candidate.id}" + (f":ronde:{rounds + 1}" if rounds else "")


def tell_ineligible(session: Session, procedure: Procedure, candidate: Candidate) -> None:
    """The rejection with the reasons as they stand now (once a round; again after a
    withdrawal)."""
    outbox.enqueue(
        session,
        template=REJECTION,
        subject=f"procedure:{procedure.id}",
        occasion=_rejection_occasion(session, procedure, candidate),
        person_id=candidate.person_id,
        procedure_id=procedure.id,
        context={"procedure_id": procedure.id, "candidate_id": candidate.id},
        tells=outbox.Told(candidate.id, CandidateStatus.INELIGIBLE),
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
    """After a finding was overturned or a check resolved, the candidate's letters say what is
    true now. Not eligible: a rejection or correction not yet sent is withdrawn, and a rejection
    with the reasons that stand goes out unless one that still stands reached them. Waiting for
    a human check: a rejection not yet sent is withdrawn, and nothing is said until the check is
    done. Eligible: a rejection not yet sent is withdrawn; one that reached them gets a
    correction. In the interviews, the committee's list of candidates follows."""
    subject = f"procedure:{procedure.id}"
    status = candidate.status
    if status == CandidateStatus.INELIGIBLE:
        for correction in _corrections(session, procedure, candidate):
            correction.withdraw("toetsing herzien: de kandidaat voldoet toch niet", now())
        reason = "toetsing herzien: de redenen zijn gewijzigd"
    elif status == CandidateStatus.NEEDS_CHECK:
        reason = "toetsing herzien: de kandidaat wacht op een controle"
    else:
        reason = "toetsing herzien: de kandidaat voldoet alsnog"
    outbox.withdraw(
        session, template=REJECTION, subject=subject, person_id=candidate.person_id, reason=reason
    )
    corrected = {m.context.get("corrects") for m in _corrections(session, procedure, candidate)}
    standing = [
        m
        for m in _letters(session, procedure, candidate, REJECTION)
        if m.status in outbox.REACHED and m.id not in corrected
    ]
    if status == CandidateStatus.INELIGIBLE and not standing:
        tell_ineligible(session, procedure, candidate)
    elif status in INVITED and standing:
        rejection = standing[-1]
        outbox.enqueue(
            session,
            template=CORRECTION,
            subject=subject,
            occasion=f"correction:{rejection.id}",
            person_id=candidate.person_id,
            procedure_id=procedure.id,
            context={
                "procedure_id": procedure.id,
                "candidate_id": candidate.id,
                "rejected_on": rejection.created_at.date().isoformat(),
                "corrects": rejection.id,
            },
            tells=outbox.Told(candidate.id, CandidateStatus.ELIGIBLE),
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
    letters_after_review(session, procedure, candidate, CandidateStatus.NEEDS_CHECK)
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
