"""One procedure as a whole, for the coördinator's page: stage and deadlines, committee,
candidates with findings and interview scores, nomination, decision, onboarding, suspensions,
the audit trail and the mail sent. Plain dicts; reads only."""

from __future__ import annotations

from collections.abc import Callable
from statistics import mean
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from models import (
    Account,
    Candidate,
    CommitteeAppointer,
    CommitteeMember,
    Finding,
    Interview,
    Membership,
    NominationCommittee,
    OnboardingTask,
    OutboxAttachment,
    OutboxMessage,
    Person,
    Procedure,
)
from models.enums import CandidateStatus, Stage
from models.errors import NotFound
from models.profile import COMPETENCIES
from tasks.adapters.clock import today
from tasks.adapters.settings import get_settings
from tasks.queries import committee_links, lookup, stalled
from tasks.queries import members as members_queries
from tasks.queries import procedures as procedure_views

R = TypeVar("R")


def _committee(session: Session, committee: NominationCommittee | None) -> dict[str, Any] | None:
    if committee is None:
        return None
    members = session.scalars(
        select(CommitteeMember)
        .where(CommitteeMember.committee_id == committee.id)
        .options(
            joinedload(CommitteeMember.person),
            selectinload(CommitteeMember.appointers)
            .joinedload(CommitteeAppointer.membership)
            .joinedload(Membership.person),
        )
        .order_by(CommitteeMember.id)
    )
    return {
        "confirmed_at": committee.confirmed_at,
        "members": [
            {
                "id": m.id,
                "person_id": m.person_id,
                "visited_at": m.link_visited_at,
                "name": m.person.name,
                "email": m.person.email,
                "by_coordinator": m.appointed_by_coordinator,
                "appointed_by": [a.membership.person.name for a in m.appointers],
            }
            for m in members
        ],
    }


def _interview(interview: Any) -> dict[str, Any]:
    """An interview row (its id, held_on, note and scores) as the page shows it."""
    scores = {k: int(v) for k, v in (interview.scores or {}).items()}
    return {
        "id": interview.id,
        "held_on": interview.held_on,
        "note": interview.note,
        "scores": scores,
        "mean": round(mean(scores.values()), 1) if scores else None,
    }


def competency_means(interviews: list[dict[str, Any]]) -> dict[str, float]:
    """Per competency the mean over the interviews that scored it (several committee members
    may each score the same candidate)."""
    given: dict[str, list[int]] = {}
    for interview in interviews:
        for key, value in interview["scores"].items():
            given.setdefault(key, []).append(value)
    return {key: round(mean(values), 1) for key, values in given.items()}


def _per_candidate(
    session: Session,
    model: type[Finding] | type[Interview],
    columns: list[Any],
    ids: list[int],
    shape: Callable[[Any], R],
) -> dict[int, list[R]]:
    """The rows of `model` (these `columns`) of these candidates, in id order, shaped, per
    candidate: one statement."""
    grouped: dict[int, list[R]] = {pk: [] for pk in ids}
    statement = (
        select(model.candidate_id, *columns).where(model.candidate_id.in_(ids)).order_by(model.id)
    )
    for row in session.execute(statement):
        grouped[row.candidate_id].append(shape(row))
    return grouped


def candidates(session: Session, procedure_id: int) -> list[dict[str, Any]]:
    """The candidates with their findings and interviews, as rows (Core, not the ORM: loading
    them as objects was a third of the page's time), in three statements."""
    rows = session.execute(
        select(
            Candidate.id,
            Person.name,
            Person.email,
            Person.postcode,
            Person.house_number,
            Candidate.status,
            Candidate.applied_at,
            Candidate.motivation,
            Candidate.politically_active,
            Candidate.municipal_employee,
        )
        .join(Person, Person.id == Candidate.person_id)
        .where(Candidate.procedure_id == procedure_id)
        .order_by(Candidate.id)
    ).all()
    ids = [row.id for row in rows]
    findings = _per_candidate(
        session, Finding, [Finding.rule, Finding.result, Finding.reason, Finding.resolved_by], ids,
        lambda f: {"rule": f.rule.value, "result": f.result.value, "reason": f.reason,
                   "resolved_by": f.resolved_by},
    )  # fmt: skip
    interviews = _per_candidate(
        session, Interview, [Interview.id, Interview.held_on, Interview.note, Interview.scores],
        ids, _interview,
    )  # fmt: skip
    result = []
    for c in rows:
        scored = interviews[c.id]
        all_scores = [v for i in scored for v in i["scores"].values()]
        result.append(
            {
                "id": c.id,
                "name": c.name,
                "email": c.email,
                "postcode": c.postcode,
                "house_number": c.house_number,
                "status": c.status.value,
                "applied_at": c.applied_at,
                "motivation": c.motivation,
                "politically_active": c.politically_active,
                "municipal_employee": c.municipal_employee,
                "findings": findings[c.id],
                "interviews": scored,
                "mean_score": round(mean(all_scores), 1) if all_scores else None,
                "competency_means": competency_means(scored),
            }
        )
    return result


def _onboarding(session: Session, procedure_id: int) -> list[dict[str, Any]]:
    tasks = session.scalars(
        select(OnboardingTask)
        .where(OnboardingTask.procedure_id == procedure_id)
        .options(joinedload(OnboardingTask.membership).joinedload(Membership.person))
        .order_by(OnboardingTask.id)
    )
    return [
        {
            "id": t.id,
            "member": t.membership.person.name,
            "title": t.title,
            "due_on": t.due_on,
            "done_at": t.done_at,
        }
        for t in tasks
    ]


def mails(session: Session, procedure_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(OutboxMessage, Person.name)
        .outerjoin(Person, OutboxMessage.recipient_person_id == Person.id)
        .where(OutboxMessage.procedure_id == procedure_id)
        .order_by(OutboxMessage.id)
    )
    return [
        {
            "id": m.id,
            "template": m.template,
            "person_id": m.recipient_person_id,
            "recipient": name or m.recipient_role or "",
            "status": m.status.value,
            "created_at": m.created_at,
            "sent_at": m.sent_at,
            "last_error": m.last_error,
            "withdrawn_reason": m.withdrawn_reason,
        }
        for m, name in rows
    ]


def appointers(session: Session, procedure: Procedure) -> list[dict[str, Any]]:
    """The members who appoint the committee (tasks/queries/members.py), in one statement."""
    return [
        {"id": seat.id, "name": seat.name}
        for seat in members_queries.appointing_seats(session, procedure, today())
    ]


def _procedure(session: Session, procedure_id: int) -> Procedure:
    """The procedure with what the page shows of it in one statement (and its suspensions)."""
    found = session.scalar(
        select(Procedure)
        .where(Procedure.id == procedure_id)
        .options(
            joinedload(Procedure.area),
            joinedload(Procedure.term),
            joinedload(Procedure.committee),
            joinedload(Procedure.nomination),
            joinedload(Procedure.board_decision),
            selectinload(Procedure.suspensions),
        )
    )
    return found if found is not None else lookup.procedure(session, procedure_id)


def _stalled(
    procedure: Procedure, candidate_list: list[dict[str, Any]], onboarding_open: int
) -> stalled.StalledState | None:
    """The monitor's verdict, from what the page has read already (no query of its own)."""
    if procedure.stage not in stalled.WATCHED_STAGES:
        return None
    waiting = {
        Stage.SCREENING: sum(
            1 for c in candidate_list if c["status"] == CandidateStatus.NEEDS_CHECK
        ),
        Stage.ONBOARDING: onboarding_open,
    }.get(procedure.current_stage, 0)
    detail = stalled.detail_text(procedure.current_stage, waiting)
    return stalled.state_of(
        procedure, today(), get_settings(), {procedure.id: detail} if detail else None
    )


PDF = "application/pdf"
DOCUMENT_TITLES = {"voordracht_advies": "Collegevoorstel", "benoemd": "Benoemingsbrief"}


def documents(session: Session, procedure_id: int) -> list[dict[str, Any]]:
    """The letters of the procedure as sent (the PDFs attached to its mail): the advice to B&W,
    the appointment letters. Gone with the mail's retention."""
    rows = session.execute(
        select(
            OutboxAttachment.id,
            OutboxAttachment.filename,
            func.length(OutboxAttachment.data),
            OutboxMessage.template,
            OutboxMessage.status,
            Person.name,
        )
        .join(OutboxMessage, OutboxMessage.id == OutboxAttachment.message_id)
        .outerjoin(Person, Person.id == OutboxMessage.recipient_person_id)
        .where(OutboxMessage.procedure_id == procedure_id, OutboxAttachment.content_type == PDF)
        .order_by(OutboxAttachment.id)
    )
    return [
        {
            "id": pk,
            "filename": filename,
            "kb": max(1, round((size or 0) / 1024)),
            "kind": template,
            "title": DOCUMENT_TITLES.get(template, "Brief")
            + (f" aan {name}" if template == "benoemd" and name else ""),
            "status": status.value,
        }
        for pk, filename, size, template, status, name in rows
    ]


def document(session: Session, procedure_id: int, document_id: int) -> tuple[str, bytes]:
    """One letter of the procedure as sent: (file name, PDF bytes)."""
    found = session.execute(
        select(OutboxAttachment.filename, OutboxAttachment.data)
        .join(OutboxMessage, OutboxMessage.id == OutboxAttachment.message_id)
        .where(
            OutboxAttachment.id == document_id,
            OutboxMessage.procedure_id == procedure_id,
            OutboxAttachment.content_type == PDF,
        )
    ).first()
    if found is None:
        raise NotFound(
            f"document {document_id} van procedure {procedure_id} bestaat niet (meer).",
            field="document",
        )
    return found[0], found[1]


def page(session: Session, procedure_id: int) -> dict[str, Any]:
    """Everything the page of one procedure shows (NotFound for an unknown id), in a fixed
    number of statements whatever the history (tests/web/test_page_queries.py counts them)."""
    procedure = _procedure(session, procedure_id)
    candidate_list = candidates(session, procedure_id)
    committee = _committee(session, procedure.committee)
    onboarding = _onboarding(session, procedure_id)
    view = procedure_views.detail_of(
        procedure,
        candidates=len(candidate_list),
        committee_members=len(committee["members"]) if committee else 0,
        onboarding_open=sum(1 for t in onboarding if t["done_at"] is None),
    )
    state = _stalled(procedure, candidate_list, view["onboarding_open"])
    view["stalled"] = state.level.value if state else None
    view["stalled_label"] = stalled.stalled_label(state)
    nomination = procedure.nomination
    decision = procedure.board_decision
    mail_rows = mails(session, procedure_id)
    view |= {
        "committee": committee,
        "candidate_list": candidate_list,
        "nomination": None
        if nomination is None
        else {
            "id": nomination.id,
            "submitted_at": nomination.submitted_at,
            "motivation": nomination.motivation,
            "nominees": [
                {"candidate": n.candidate_id, "name": n.candidate.person.name, "rank": n.rank}
                for n in nomination.nominees
            ],
        },
        "decision": None
        if decision is None
        else {
            "id": decision.id,
            "number": decision.number,
            "decided_on": decision.decided_on,
            "start_date": decision.start_date,
            "end_date": decision.end_date,
            "reason": decision.reason,
        },
        "onboarding": onboarding,
        "suspensions": [
            {"started_at": s.started_at, "ended_at": s.ended_at, "days": s.days, "reason": s.reason}
            for s in procedure.suspensions
        ],
        "history": _named(session, procedure_views.history(session, procedure_id)),
        "mails": mail_rows,
        "links": committee_links.statuses(
            procedure.stage,
            procedure.current_stage,
            committee["members"] if committee else [],
            mail_rows,
        ),
        "call_url": f"{get_settings().web_base_url.rstrip('/')}/aanmelden/{procedure.area.slug}",
        "documents": documents(session, procedure_id),
        "competencies": dict(COMPETENCIES),
        "area_name": procedure.area.name,
        "appointers": appointers(session, procedure) if procedure.is_open else [],
        "pending_step": procedure.pending_step.value if procedure.pending_step else None,
        "pending_since": procedure.pending_since,
    }
    return view


def pending_step(session: Session, procedure_id: int) -> str | None:
    """The follow-up step still pending for a procedure, if any."""
    procedure = lookup.procedure(session, procedure_id)
    return procedure.pending_step.value if procedure.pending_step else None


def _named(session: Session, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each event with the name of the account that acted (the actor is its e-mail address);
    the system and the CLI's role keep their own word."""
    actors = {e["actor"] for e in events}
    rows = session.execute(select(Account.email, Account.name).where(Account.email.in_(actors)))
    names = {email: name for email, name in rows}
    words = {"coordinator": "wijkcoördinator (opdrachtregel)", "system": "het systeem"}
    return [e | {"actor_name": names.get(e["actor"]) or words.get(e["actor"])} for e in events]
