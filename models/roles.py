"""The history of a member's role (functie) on their council: every change is a row, so who
was voorzitter when stays known after the role moves on."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base

if TYPE_CHECKING:
    from models.people import Membership


class RoleChange(Base):
    """From `since` on, the membership holds `role` (until the next row, or the seat ends)."""

    __tablename__ = "membership_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    since: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(100))

    membership: Mapped[Membership] = relationship()
