"""The voordrachtcommissie: asking the sitting council to appoint it, recording its members
(who appointed them) and confirming it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    CommitteeAppointer,
    CommitteeMember,
    Council,
    Membership,
    NominationCommittee,
    Person,
    Procedure,
    rules,
    validation,
)
from models.enums import Actor, Stage
from models.errors import DomainError, InvalidInput
from models.stages import Command
from tasks.adapters import db
from tasks.adapters.clock import now, today
from tasks.mail import outbox
from tasks.queries import lookup
from tasks.queries import members as members_queries
from tasks.steps.people import find_or_register

# Stages in which the committee may still change (a member replaced during the procedure).


def appointing_council(session: Session, procedure: Procedure) -> Council:
    """The council whose sitting members appoint the committee: the current one of the area."""
    return lookup.council(session, procedure.area, lookup.term_covering(session, today()))


def appointing_members(session: Session, procedure: Procedure) -> list[Membership]:
    """The members who appoint the committee today (a late renewal: the ending term's seats
    continue until the new members are seated)."""
    return members_queries.appointing_members(session, procedure, today())


def request_committee(procedure_id: int) -> int:
    """Unit: ask every sitting member of the current council to appoint a committee, or the
    coördinator when none sit. Returns the number of messages in the outbox for it."""
    with db.session_scope() as session:
        procedure = lookup.procedure(session, procedure_id)
        if procedure.stage != Stage.COMMITTEE_FORMING:
            return 0
        sitting = appointing_members(session, procedure)
        for membership in sitting:
            outbox.enqueue(
                session,
                template="commissie_benoemen",
                subject=f"procedure:{procedure.id}",
                occasion="open",
                person_id=membership.person_id,
                procedure_id=procedure.id,
                context={"procedure_id": procedure.id, "membership_id": membership.id},
            )
        if not sitting:
            outbox.enqueue(
                session,
                template="commissie_benoemen_coordinator",
                subject=f"procedure:{procedure.id}",
                occasion="open",
                role=outbox.COORDINATOR,
                procedure_id=procedure.id,
                context={"procedure_id": procedure.id},
            )
        return max(len(sitting), 1)


def committee_of(session: Session, procedure: Procedure) -> NominationCommittee:
    committee = session.scalar(
        select(NominationCommittee).where(NominationCommittee.procedure_id == procedure.id)
    )
    if committee is None:
        committee = NominationCommittee(procedure_id=procedure.id)
        session.add(committee)
        session.flush()
    return committee


def council_members(session: Session, procedure: Procedure) -> list[Person]:
    """The people sitting today on the council that appoints the committee, and on the
    council the procedure fills (a vacancy: the same one)."""
    seats = {m.id: m for m in appointing_members(session, procedure)}
    seats.update({m.id: m for m in procedure.council.sitting_on(today())})
    return [m.person for m in seats.values()]


def committee_persons(session: Session, procedure_id: int) -> list[Person]:
    return list(
        session.scalars(
            select(Person)
            .join(CommitteeMember, CommitteeMember.person_id == Person.id)
            .join(NominationCommittee)
            .where(NominationCommittee.procedure_id == procedure_id)
        )
    )


def _appointers(session: Session, ids: list[int]) -> list[Membership]:
    found = []
    for membership_id in ids:
        membership = session.get(Membership, membership_id)
        if membership is None:
            raise InvalidInput(
                f"lid {membership_id} bestaat niet.", field="appointed_by", hint="list:members"
            )
        found.append(membership)
    return found


def add_member(
    session: Session,
    procedure_id: int,
    *,
    name: str,
    email: str,
    postcode: str | None,
    house_number: str | None,
    appointed_by: list[int],
    actor: str = Actor.COORDINATOR,
) -> CommitteeMember:
    """Record a committee member; refused for a candidate of the same procedure."""
    from tasks.steps.candidates import candidate_persons

    procedure = lookup.procedure(session, procedure_id)
    procedure.require_allowed(Command.ADD_COMMITTEE_MEMBER)
    sitting = appointing_members(session, procedure)
    by_coordinator = rules.ensure_appointers(_appointers(session, appointed_by), sitting)
    probe = Person(name=name, email=email, postcode=postcode, house_number=house_number)
    rules.ensure_not_a_candidate(probe, candidate_persons(session, procedure.id))
    rules.ensure_not_a_member(probe, council_members(session, procedure), procedure.area)
    person = find_or_register(
        session, name=name, email=email, postcode=postcode, house_number=house_number
    )
    committee = committee_of(session, procedure)
    if any(m.person_id == person.id for m in committee.members):
        raise DomainError(
            f"Deze persoon zit al in de voordrachtcommissie van procedure {procedure.id}."
        )
    member = CommitteeMember(
        committee=committee,
        person=person,
        appointed_by_coordinator=by_coordinator,
        added_at=now(),
    )
    session.add(member)
    session.flush()
    for membership_id in dict.fromkeys(appointed_by):
        session.add(CommitteeAppointer(committee_member=member, membership_id=membership_id))
    procedure.record(
        "committee_member_added",
        now=now(),
        actor=actor,
        subject=("committee_member", member.id),
        reason="benoemd door de wijkcoördinator" if by_coordinator else None,
    )
    return member


def _missing(field: str) -> str:
    raise InvalidInput(
        "verplicht: een commissielid heeft een adres, net als een kandidaat.", field=field
    )


def parse_member(
    name: str, email: str, postcode: str | None, house_number: str | None
) -> tuple[str, str, str | None, str | None]:
    """Validate a committee member's details: name, email and address are required."""
    problems: list[str] = []
    values: list[str | None] = []
    # An address, like a candidate's: without it a committee member could apply under a
    # second email address unnoticed (the same person is the same name at the same address).
    checks = [
        lambda: validation.name(name),
        lambda: validation.email(email),
        lambda: validation.postcode(postcode) if postcode else _missing("postcode"),
        lambda: validation.house_number(house_number) if house_number else _missing("house_number"),
    ]
    for check in checks:
        try:
            values.append(check())
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    return values[0] or "", values[1] or "", values[2], values[3]


def confirm(session: Session, procedure_id: int, *, actor: str = Actor.COORDINATOR) -> Procedure:
    """Record that the committee is complete; the open_recruitment flow moves on from here.
    Confirming again (to rerun the flow) changes nothing."""
    procedure = lookup.procedure(session, procedure_id)
    procedure.require_allowed(Command.CONFIRM_COMMITTEE)
    committee = committee_of(session, procedure)
    if not committee.members:
        raise DomainError(
            f"De voordrachtcommissie van procedure {procedure.id} heeft nog geen leden; voeg ze "
            "eerst toe.",
            hint="committee:add",
        )
    if committee.confirmed_at is None:
        committee.confirmed_at = now()
        procedure.record("committee_confirmed", now=now(), actor=actor)
    return procedure
