"""The project's one clock, read at the edge of the service layer. Nothing else reads the system
time; the domain (models/) receives `now` and `today` as values.

`WIJKRAAD_NOW` (an ISO date or datetime) fixes the time for a process; `freeze` fixes it inside
one (the simulation plays the calendar forward with it). Times are naive local Dutch time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

from models.errors import InvalidInput

TIMEZONE = ZoneInfo("Europe/Amsterdam")
_frozen: datetime | None = None


def parse_moment(value: str) -> datetime:
    """An ISO date (midnight) or datetime, as a naive local time."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput(
            f"WIJKRAAD_NOW: '{value}' is geen geldige datum of tijd (verwacht bijvoorbeeld "
            "2026-12-01 of 2026-12-01T09:00)."
        ) from exc
    if moment.tzinfo is not None:
        moment = moment.astimezone(TIMEZONE).replace(tzinfo=None)
    return moment


def now() -> datetime:
    if _frozen is not None:
        return _frozen
    fixed = os.environ.get("WIJKRAAD_NOW")
    if fixed:
        return parse_moment(fixed)
    return datetime.now(TIMEZONE).replace(tzinfo=None)


def today() -> date:
    return now().date()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Fix the clock inside this block (for the simulation and tests)."""
    global _frozen
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous
