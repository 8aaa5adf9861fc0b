"""Toetsing: closing recruitment, one Finding per rule per candidate, telling ineligible
candidates why, human checks resolved by the coördinator, and inviting the committee to the
interviews once every candidate has a verdict."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Candidate, Finding, Procedure, labels, rules, validation
from models.enums import Actor, CandidateStatus, FindingResult, Rule, Stage
from models.errors import DomainError
from models.stages import Command, Event
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.mail import outbox
from tasks.queries import lookup
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


def notify_ineligible(procedure_id: int) -> int:
    """Unit: tell every ineligible candidate why (once per candidate)."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        ineligible = [
            c for c in of_procedure(session, procedure.id) if c.status == CandidateStatus.INELIGIBLE
        ]
        for candidate in ineligible:
            outbox.enqueue(
                session,
                template="niet_verkiesbaar",
                subject=f"procedure:{procedure.id}",
                occasion=f"screening:candidate:{candidate.id}",
                person_id=candidate.person_id,
                procedure_id=procedure.id,
                context={"procedure_id": procedure.id, "candidate_id": candidate.id},
            )
        return len(ineligible)


def finish_screening(procedure_id: int) -> str:
    """Unit: when no candidate waits for a verdict, move on to the interviews and tell the
    committee whom to invite; otherwise ask the coördinator for the human checks."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        open_checks = [
            c
            for c in of_procedure(session, procedure.id)
            if c.status in (CandidateStatus.APPLIED, CandidateStatus.NEEDS_CHECK)
        ]
        if procedure.stage == Stage.SCREENING and open_checks:
            outbox.enqueue(
                session,
                template="toetsing_controle",
                subject=f"procedure:{procedure.id}",
                occasion="checks:" + ",".join(str(c.id) for c in open_checks),
                role=outbox.COORDINATOR,
                procedure_id=procedure.id,
                context={"procedure_id": procedure.id},
            )
            return procedure.stage.value
        if procedure.stage == Stage.SCREENING:
            advance(procedure, Event.FINISH_SCREENING)
        if procedure.stage == Stage.NOMINATING:
            for member in committee_of(session, procedure).members:
                outbox.enqueue(
                    session,
                    template="gesprekken_uitnodigen",
                    subject=f"procedure:{procedure.id}",
                    occasion="interviews",
                    person_id=member.person_id,
                    procedure_id=procedure.id,
                    context={"procedure_id": procedure.id, "committee_member_id": member.id},
                )
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
    return candidate
