"""A member's role (functie) on the council: set it, with the history kept per change."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Membership, RoleChange, rules
from models.enums import Actor, Role
from models.errors import DomainError, InvalidInput, NotFound
from tasks.adapters.clock import now


def set_role(
    session: Session,
    membership_id: int,
    role: Role,
    *,
    on: date,
    actor: str = Actor.COORDINATOR,
) -> Membership:
    """From `on`, the member holds `role`. The same role again changes nothing."""
    membership = session.get(Membership, membership_id)
    if membership is None:
        raise NotFound(f"{membership_id} bestaat niet.", field="member", hint="list:members")
    if not membership.is_sitting(on):
        raise DomainError(f"Lid {membership.id} zit op {on.isoformat()} niet in de raad.")
    if membership.role == role:
        return membership
    history = history_of(session, membership.id)
    if history and on < history[-1].since:
        raise InvalidInput(
            f"{on.isoformat()} ligt vóór de laatste functiewijziging van dit lid "
            f"({history[-1].since.isoformat()}).",
            field="date",
        )
    rules.ensure_role_free(membership, role, membership.council.sitting_on(on))
    if not history:  # the role held so far, from the start of the seat
        session.add(_change(membership, membership.role, membership.start_date, actor))
    session.add(_change(membership, role, on, actor))
    previous = membership.role
    membership.role = role
    session.add(
        AuditEvent(
            at=now(),
            actor=actor,
            action="member_role_changed",
            reason=f"{previous.value} -> {role.value} per {on.isoformat()}",
            subject_type="membership",
            subject_id=membership.id,
        )
    )
    session.flush()
    return membership


def _change(membership: Membership, role: Role, since: date, actor: str) -> RoleChange:
    return RoleChange(
        membership=membership, role=role.value, since=since, recorded_at=now(), actor=actor
    )


def history_of(session: Session, membership_id: int) -> list[RoleChange]:
    return list(
        session.scalars(
            select(RoleChange)
            .where(RoleChange.membership_id == membership_id)
            .order_by(RoleChange.since, RoleChange.id)
        )
    )
