"""The voordrachtcommissie: its members (appointed by the sitting council) and its confirmation,
after which recruitment opens."""

from __future__ import annotations

from dataclasses import dataclass, field

from commands import followup
from commands.followup import FollowUpResult
from models.enums import Actor, FollowUp, Stage
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.queries import lookup
from tasks.steps import committee, screening


@dataclass(frozen=True)
class AddCommitteeMember:
    procedure_id: int
    name: str
    email: str
    postcode: str | None = None
    house_number: str | None = None
    appointed_by: list[int] = field(default_factory=list)  # membership ids of sitting members
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class CommitteeMemberAdded:
    member_id: int
    procedure_id: int


def add_member(command: AddCommitteeMember) -> CommitteeMemberAdded:
    name, email, postcode, house_number = committee.parse_member(
        command.name, command.email, command.postcode, command.house_number
    )
    with db.session_scope() as session:
        member = committee.add_member(
            session,
            command.procedure_id,
            name=name,
            email=email,
            postcode=postcode,
            house_number=house_number,
            appointed_by=list(command.appointed_by),
            actor=command.actor,
        )
        return CommitteeMemberAdded(member.id, command.procedure_id)


@dataclass(frozen=True)
class ConfirmCommittee:
    procedure_id: int
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class StepTaken:
    """A recorded step of a procedure and the flow that followed it."""

    procedure_id: int
    followup: FollowUpResult | None


def confirm(command: ConfirmCommittee) -> StepTaken:
    """The committee is complete: recruitment opens (the call, the deadline, the committee
    told). Confirming again finishes an opening that did not complete."""
    with db.session_scope() as session:
        procedure = committee.confirm(session, command.procedure_id, actor=command.actor)
        if procedure.stage == Stage.COMMITTEE_FORMING or procedure.call_text is None:
            procedure.await_followup(FollowUp.OPEN_RECRUITMENT, now())
        step = procedure.pending_step
    if step != FollowUp.OPEN_RECRUITMENT:
        return StepTaken(command.procedure_id, None)
    return StepTaken(command.procedure_id, followup.run(command.procedure_id, step))


@dataclass(frozen=True)
class SendLink:
    """A committee member's personal link sent again (a lost mail, a new address): the
    letter that starts the interviews once more, with the candidates as they stand now."""

    procedure_id: int
    member_id: int
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class LinkSent:
    procedure_id: int
    member_id: int
    message_id: int
    already: bool  # the letter was still waiting to go out: nothing more was queued


def send_link(command: SendLink) -> LinkSent:
    """Queue the letter with the member's link (delivery sends it, as all mail). Only while
    the link works (the procedure is nominating); a letter still waiting is not doubled."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, command.procedure_id)
        session.refresh(procedure, with_for_update=True)  # two clicks at once: one letter
        sent = screening.send_link_again(session, procedure, command.member_id, actor=command.actor)
        session.flush()
        return LinkSent(procedure.id, command.member_id, sent.message.id, sent.already)
