"""Sitting council members recorded by the coördinator: one added, a CSV file imported all or
nothing, a member leaving mid-term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models import validation
from models.enums import Actor
from models.errors import InvalidInput
from tasks.adapters import db
from tasks.adapters.clock import today
from tasks.steps import members
from tasks.steps.members import MemberInput


@dataclass(frozen=True)
class AddMember:
    area: str
    name: str
    email: str
    postcode: str
    house_number: str
    role: str = "lid"
    since: str | None = None  # JJJJ-MM-DD; today when None
    residence_confirmed_by: str | None = None  # who checked an address not in the table
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class ImportMembers:
    path: Path
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class Leave:
    membership_id: int
    reason: str
    on: date | None = None  # today when None
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class MembersChanged:
    membership_ids: list[int]


def add(command: AddMember) -> MembersChanged:
    member = MemberInput.parse(
        command.area,
        command.name,
        command.email,
        command.postcode,
        command.house_number,
        command.role,
        command.since,
    )
    with db.session_scope() as session:
        membership = members.add(
            session,
            member,
            residence_confirmed_by=command.residence_confirmed_by,
            actor=command.actor,
        )
        return MembersChanged([membership.id])


def import_file(command: ImportMembers) -> MembersChanged:
    with db.session_scope() as session:
        added = members.import_file(session, command.path, actor=command.actor)
        return MembersChanged([m.id for m in added])


def leave(command: Leave) -> MembersChanged:
    with db.session_scope() as session:
        membership = members.leave(
            session,
            command.membership_id,
            reason=command.reason,
            on=command.on,
            actor=command.actor,
        )
        return MembersChanged([membership.id])


@dataclass(frozen=True)
class Move:
    membership_id: int
    postcode: str
    house_number: str
    on: str | date | None = None  # JJJJ-MM-DD; today when None
    residence_confirmed_by: str | None = None  # who checked an address not in the table
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class MemberMoved:
    membership_id: int
    left: bool  # out of the area: the seat ended on the day of the move


def move(command: Move) -> MemberMoved:
    """A member's new address: within the area it is updated, out of it the seat ends."""
    problems: list[str] = []
    values: dict[str, object] = {}
    checks = {
        "postcode": lambda: validation.postcode(command.postcode),
        "house_number": lambda: validation.house_number(command.house_number),
        "on": lambda: validation.day(command.on, "date") if command.on else today(),
        "by": lambda: validation.text(
            command.residence_confirmed_by, "confirmed_by", required=False, limit=100
        ),
    }
    for key, check in checks.items():
        try:
            values[key] = check()
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    with db.session_scope() as session:
        moved = members.move(
            session,
            command.membership_id,
            postcode=str(values["postcode"]),
            house_number=str(values["house_number"]),
            on=values["on"],  # type: ignore[arg-type]
            residence_confirmed_by=values["by"],  # type: ignore[arg-type]
            actor=command.actor,
        )
        return MemberMoved(moved.membership.id, moved.left)
