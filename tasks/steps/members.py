"""Sitting council members: adding, importing and leaving. Who sits on a day is a read:
tasks/queries/members.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Membership, Procedure, rules, validation
from models.enums import Actor, FindingResult, ProcedureKind, Role, Stage
from models.errors import DomainError, InvalidInput, NotFound
from tasks.adapters.clock import now, today
from tasks.adapters.csvfile import apply_all, read_rows
from tasks.mail import outbox
from tasks.queries import lookup
from tasks.steps.people import find_or_register


@dataclass(frozen=True)
class MemberInput:
    area: str
    name: str
    email: str
    postcode: str
    house_number: str
    role: Role = Role.LID
    since: date | None = None

    @classmethod
    def parse(
        cls,
        area: str,
        name: str,
        email: str,
        postcode: str,
        house_number: str,
        role: str | None = None,
        since: str | None = None,
    ) -> MemberInput:
        """Validate every field; InvalidInput lists all problems at once."""
        problems: list[str] = []
        values: dict[str, object] = {"area": (area or "").strip().lower()}
        checks = {
            "name": lambda: validation.name(name),
            "email": lambda: validation.email(email),
            "postcode": lambda: validation.postcode(postcode),
            "house_number": lambda: validation.house_number(house_number),
            "role": lambda: validation.role(role),
            "since": lambda: validation.day(since, "since") if since else None,
        }
        for key, check in checks.items():
            try:
                values[key] = check()
            except InvalidInput as exc:
                problems.extend(exc.problems)
        if problems:
            raise InvalidInput(problems)
        return cls(**values)  # type: ignore[arg-type]


def add(
    session: Session,
    member: MemberInput,
    *,
    residence_confirmed_by: str | None = None,
    actor: str = Actor.COORDINATOR,
) -> Membership:
    """Seat a sitting member on the current council of the area, after every rule is checked."""
    area = lookup.area(session, member.area)
    day = member.since or today()
    term = lookup.term_covering(session, day)
    if member.since and member.since > today():
        raise InvalidInput(f"sinds: {member.since} ligt in de toekomst.")
    rules.ensure_term_not_ended(term, today())
    council = lookup.council(session, area, term)
    person = find_or_register(
        session,
        name=member.name,
        email=member.email,
        postcode=member.postcode,
        house_number=member.house_number,
    )
    if any(m.person_id == person.id for m in council.sitting_on(day)):
        raise DomainError(f"{member.name} is al lid van {area.council_name}.")
    rules.ensure_seat_free(council, day)
    verdict = rules.residence(person, area, lookup.postcode_entries(session, person.postcode))
    rules.ensure_resident(verdict, confirmed_by=residence_confirmed_by)
    membership = Membership(
        council=council,
        person=person,
        role=member.role,
        start_date=max(day, term.start_date),
        end_date=rules.appointment_end(term),
        residence_confirmed_by=residence_confirmed_by,
    )
    session.add(membership)
    session.flush()
    rules.ensure_role_free(membership, member.role, council.sitting_on(membership.start_date))
    session.add(_audit("member_added", membership, None, actor))
    return membership


def import_file(
    session: Session, path: Path, *, actor: str = Actor.COORDINATOR
) -> list[Membership]:
    """All rows or none: field errors and rule violations of every row are listed together."""
    rows = read_rows(path, ["area", "name", "email", "postcode", "house_number"], ["role", "since"])

    def handle(_number: int, r: dict[str, str]) -> Membership:
        member = MemberInput.parse(
            r["area"],
            r["name"],
            r["email"],
            r["postcode"],
            r["house_number"],
            r.get("role") or None,
            r.get("since") or None,
        )
        return add(session, member, actor=actor)

    return apply_all(rows, handle, path.name, session)


def leave(
    session: Session,
    membership_id: int,
    *,
    reason: str,
    on: date | None,
    actor: str = Actor.COORDINATOR,
) -> Membership:
    membership = session.get(Membership, membership_id)
    if membership is None:
        raise NotFound(f"{membership_id} bestaat niet.", field="member", hint="list:members")
    reason_text = validation.text(reason, "reason")
    day = on or today()
    if membership.left_on is not None:
        raise DomainError(f"Lid {membership_id} is al vertrokken op {membership.left_on}.")
    if not membership.start_date <= day <= membership.end_date:
        raise InvalidInput(
            f"datum: {day} valt buiten de zittingsperiode van dit lid "
            f"({membership.start_date} t/m {membership.end_date})."
        )
    membership.left_on, membership.leave_reason = day, reason_text
    session.add(_audit("member_left", membership, reason_text, actor))
    _add_vacancy_seat(session, membership, actor)
    return membership


def _add_vacancy_seat(session: Session, membership: Membership, actor: str) -> None:
    """A member who leaves before the nomination adds a seat to the council's open vacancy
    procedure: the seats were counted when it opened. After the nomination the seat waits for
    the next procedure (the committee has already chosen for the seats it had)."""
    procedure = session.scalar(
        select(Procedure).where(
            Procedure.council_id == membership.council_id,
            Procedure.kind == ProcedureKind.VACANCY,
            Procedure.is_open_clause(),
        )
    )
    if procedure is None or procedure.nomination is not None:
        return
    if procedure.current_stage not in BEFORE_NOMINATION:
        return
    if procedure.seats >= membership.council.area.max_seats:
        return
    procedure.seats += 1
    procedure.record(
        "vacancy_seat_added",
        actor=actor,
        now=now(),
        subject=("membership", membership.id),
        reason=f"Lid {membership.id} vertrokken; de procedure vervult nu {procedure.seats} "
        "zetel(s).",
    )


BEFORE_NOMINATION = (Stage.COMMITTEE_FORMING, Stage.RECRUITING, Stage.SCREENING, Stage.NOMINATING)


def _audit(action: str, membership: Membership, reason: str | None, actor: str) -> AuditEvent:
    return AuditEvent(
        at=now(),
        actor=actor,
        action=action,
        reason=reason,
        subject_type="membership",
        subject_id=membership.id,
    )


MOVED = "verhuisd"


@dataclass(frozen=True)
class Moved:
    membership: Membership
    left: bool  # True: out of the area, the seat ended on the day of the move


def move(
    session: Session,
    membership_id: int,
    *,
    postcode: str,
    house_number: str,
    on: date,
    residence_confirmed_by: str | None = None,
    actor: str = Actor.COORDINATOR,
) -> Moved:
    """A member moves. Within the area the address is updated; out of it the seat ends on the
    day of the move (reason "verhuisd"), which leaves a vacancy, and the coördinator is told.
    An address the postcode table does not know needs a person's confirmation, as when a member
    is added. A move is recorded when it has happened (no date in the future)."""
    membership = session.get(Membership, membership_id)
    if membership is None:
        raise NotFound(f"{membership_id} bestaat niet.", field="member", hint="list:members")
    if membership.left_on is not None:
        raise DomainError(f"Lid {membership_id} is al vertrokken op {membership.left_on}.")
    if on > today():
        raise InvalidInput(f"{on} ligt in de toekomst; leg de verhuizing vast als die er is.")
    if not membership.start_date <= on <= membership.end_date:
        raise InvalidInput(
            f"datum: {on} valt buiten de zittingsperiode van dit lid "
            f"({membership.start_date} t/m {membership.end_date})."
        )
    person = membership.person
    person.postcode, person.house_number = postcode, house_number
    area = membership.council.area
    verdict = rules.residence(person, area, lookup.postcode_entries(session, postcode))
    if verdict.result == FindingResult.FAIL:
        leave(session, membership.id, reason=MOVED, on=on, actor=actor)
        outbox.enqueue(
            session,
            template="lid_verhuisd",
            subject=f"membership:{membership.id}",
            occasion="moved",
            role=outbox.COORDINATOR,
            context={"membership_id": membership.id},
        )
        return Moved(membership, left=True)
    rules.ensure_resident(verdict, confirmed_by=residence_confirmed_by)
    membership.residence_confirmed_by = residence_confirmed_by or None
    session.add(_audit("member_moved", membership, "verhuisd binnen het gebied", actor))
    return Moved(membership, left=False)
