"""Calendar events: the time of a council meeting or a planned gesprek, sent as an invitation.

An event keeps one UID for its whole life, so a calendar that received it updates the same
entry; its SEQUENCE grows by one whenever its time changes (RFC 5545, 3.8.7.4), which is how a
calendar knows the later invitation replaces the earlier one. Times are wall-clock times in
Europe/Amsterdam, stored without a zone, as every other time in the database.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base
from models.errors import InvalidInput

UID_DOMAIN = "wijkraden.oss.nl"
MEETING_START = time(19, 30)  # councils meet in the evening unless a time is given
MEETING_LENGTH = timedelta(hours=2)
INTERVIEW_LENGTH = timedelta(hours=1)


class CalendarEvent(Base):
    """One event: a meeting (meeting_id) or a gesprek of a committee member with a candidate."""

    __tablename__ = "calendar_events"
    __table_args__ = (UniqueConstraint("candidate_id", "committee_member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(255), unique=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), unique=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"), index=True)
    committee_member_id: Mapped[int | None] = mapped_column(ForeignKey("committee_members.id"))
    location: Mapped[str | None] = mapped_column(String(200))  # where (a gesprek); LOCATION
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    def move(
        self, starts_at: datetime, length: timedelta, at: datetime, location: str | None = None
    ) -> bool:
        """Set a new time (and place); True (and one more SEQUENCE) when it differs from the
        one sent."""
        same_place = location is None or location == self.location
        if starts_at == self.starts_at and starts_at + length == self.ends_at and same_place:
            return False
        self.starts_at, self.ends_at = starts_at, starts_at + length
        if location is not None:
            self.location = location
        self.sequence = (self.sequence or 0) + 1
        self.updated_at = at
        return True


def meeting_uid(meeting_id: int) -> str:
    return f"meeting-{meeting_id}@{UID_DOMAIN}"


def interview_uid(candidate_id: int, committee_member_id: int) -> str:
    return f"interview-{candidate_id}-{committee_member_id}@{UID_DOMAIN}"


def start_of(day: date, at: time | None, default: time) -> datetime:
    return datetime.combine(day, at or default)


def parse_time(value: str, field: str) -> time:
    """'19:30' or '9:05' -> a time; anything else refused in Dutch."""
    text = value.strip()
    try:
        hours, minutes = text.split(":")
        if len(minutes) != 2 or not hours.isdigit() or not minutes.isdigit():
            raise ValueError(text)
        return time(int(hours), int(minutes))
    except ValueError:
        problem = f"'{text[:20]}' is geen tijd (UU:MM, bijvoorbeeld 19:30)."
        raise InvalidInput(problem, field=field) from None
