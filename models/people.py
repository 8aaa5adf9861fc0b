"""Persons and their memberships of a council."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import seats
from models.base import Base, enum_column
from models.enums import Role

if TYPE_CHECKING:
    from models.area import Council


class Person(Base):
    """A resident known to the system: a member, a committee member or a candidate.

    A person is identified by their email address; the rules also treat the same name at the
    same address as the same person.
    """

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    postcode: Mapped[str | None] = mapped_column(String(6))
    house_number: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # when name and address were replaced by a pseudonym (retention ended, or on request)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)

    def same_person_as(self, other: Person) -> bool:
        if self.id is not None and self.id == other.id:
            return True
        if self.email.lower() == other.email.lower():
            return True
        return same_home(self, other) and comparable_name(self.name) == comparable_name(other.name)


def same_home(one: Person, other: Person) -> bool:
    """The same postcode and house number (spaces and case aside); no postcode: never."""
    return (
        bool(one.postcode)
        and _compact(one.postcode) == _compact(other.postcode)
        and _compact(one.house_number) == _compact(other.house_number)
    )


def comparable_name(name: str) -> str:
    """A name as the rules compare it: no accents, no case, single spaces ("José  de
    Vries" and "jose de vries" are the same)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def _compact(value: str | None) -> str:
    return "".join((value or "").split()).upper()


class Membership(Base):
    """A seat held by a person on a council, from start to end (inclusive).

    `left_on` is the first day the person no longer sits (they left mid-term).
    """

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="ends_after_start"),
        CheckConstraint(
            "left_on IS NULL OR (left_on >= start_date AND left_on <= end_date)",
            name="left_within_seat",
        ),
        CheckConstraint("(left_on IS NULL) = (leave_reason IS NULL)", name="leave_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), default=Role.LID)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    leave_reason: Mapped[str | None] = mapped_column(Text)
    residence_confirmed_by: Mapped[str | None] = mapped_column(String(100))
    board_decision_id: Mapped[int | None] = mapped_column(ForeignKey("board_decisions.id"))

    council: Mapped[Council] = relationship(back_populates="memberships")
    person: Mapped[Person] = relationship()

    def is_sitting(self, day: date) -> bool:
        return seats.is_sitting(self.start_date, self.end_date, self.left_on, day)
