"""The voordrachtcommissie of a procedure and who appointed its members."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, DateTime, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base

if TYPE_CHECKING:
    from models.people import Membership, Person
    from models.procedure import Procedure


class NominationCommittee(Base):
    """The independent committee that recruits, screens, interviews and nominates."""

    __tablename__ = "nomination_committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"), unique=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)

    procedure: Mapped[Procedure] = relationship()
    members: Mapped[list[CommitteeMember]] = relationship(
        back_populates="committee", order_by="CommitteeMember.id"
    )


class CommitteeMember(Base):
    """A committee member, appointed by sitting members or (none sitting) the coördinator."""

    __tablename__ = "committee_members"
    __table_args__ = (
        UniqueConstraint("committee_id", "person_id", name="uq_committee_members_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("nomination_committees.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    appointed_by_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    link_visited_at: Mapped[datetime | None] = mapped_column(DateTime)  # personal link, last used

    committee: Mapped[NominationCommittee] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()
    appointers: Mapped[list[CommitteeAppointer]] = relationship(back_populates="committee_member")


class CommitteeAppointer(Base):
    """A sitting council member who appointed a committee member."""

    __tablename__ = "committee_appointers"
    __table_args__ = (
        UniqueConstraint(
            "committee_member_id", "membership_id", name="uq_committee_appointers_pair"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_member_id: Mapped[int] = mapped_column(ForeignKey("committee_members.id"))
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"))

    committee_member: Mapped[CommitteeMember] = relationship(back_populates="appointers")
    membership: Mapped[Membership] = relationship()
