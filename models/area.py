"""Areas, their postcodes, terms and the council of an area in a term."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import seats
from models.base import Base, enum_column
from models.enums import AreaKind

if TYPE_CHECKING:
    from models.people import Membership


class Area(Base):
    """A gebied of Oss. Seeded: there are exactly 11."""

    __tablename__ = "areas"
    __table_args__ = (
        CheckConstraint("max_seats >= 1", name="max_seats_positive"),
        CheckConstraint("min_seats >= 1 AND min_seats <= max_seats", name="min_seats_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[AreaKind] = mapped_column(enum_column(AreaKind, "area_kind"))
    max_seats: Mapped[int] = mapped_column(Integer, default=7)
    min_seats: Mapped[int] = mapped_column(Integer, default=3)

    councils: Mapped[list[Council]] = relationship(back_populates="area")

    @property
    def council_name(self) -> str:
        return seats.council_name(self.kind, self.name)


class PostcodeArea(Base):
    """One row of the postcode table: a 4-digit or 6-character postcode and its area.

    A 6-character entry wins over the 4-digit entry it falls in.
    """

    __tablename__ = "postcode_areas"
    __table_args__ = (CheckConstraint("length(postcode) IN (4, 6)", name="postcode_length"),)

    postcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)


class Term(Base):
    """A zittingsperiode: starts with the gemeenteraad, lasts four years."""

    __tablename__ = "terms"
    __table_args__ = (CheckConstraint("end_date > start_date", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_year: Mapped[int] = mapped_column(Integer, unique=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)

    def covers(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


class Council(Base):
    """The council (wijk- or dorpsraad) of one area in one term."""

    __tablename__ = "councils"
    __table_args__ = (UniqueConstraint("area_id", "term_id", name="uq_councils_area_term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    term_id: Mapped[int] = mapped_column(ForeignKey("terms.id"))

    area: Mapped[Area] = relationship(back_populates="councils")
    term: Mapped[Term] = relationship()
    memberships: Mapped[list[Membership]] = relationship(back_populates="council")

    def sitting_on(self, day: date) -> list[Membership]:
        return [m for m in self.memberships if m.is_sitting(day)]

    def free_seats(self, day: date, until: date | None = None) -> int:
        """Seats free on `day`, or on every day from `day` to `until`: the fewest of them (the
        count changes only on a day a seat starts)."""
        days = {day} | {
            m.start_date for m in self.memberships if until and day < m.start_date <= until
        }
        return self.area.max_seats - max(len(self.sitting_on(d)) for d in days)
