"""A member's role (functie): voorzitter, secretaris, penningmeester or lid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import validation
from models.enums import Actor
from tasks.adapters import db
from tasks.adapters.clock import today
from tasks.steps import roles


@dataclass(frozen=True)
class SetRole:
    membership_id: int
    role: str
    on: str | date | None = None  # default: today
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class RoleSet:
    membership_id: int
    role: str
    history: list[dict[str, object]]


def set_role(command: SetRole) -> RoleSet:
    role = validation.role(command.role)
    on = validation.day(command.on, "date") if command.on else today()
    with db.session_scope() as session:
        membership = roles.set_role(
            session, command.membership_id, role, on=on, actor=command.actor
        )
        history = [
            {"role": c.role, "since": c.since, "actor": c.actor}
            for c in roles.history_of(session, membership.id)
        ]
        return RoleSet(membership.id, membership.role.value, history)
