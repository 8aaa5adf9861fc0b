"""When a seat is held, and what a council is called: plain rules on values, shared by the
entities and by the reads that do without them (tasks/queries/tables.py)."""

from __future__ import annotations

from datetime import date

from models.enums import AreaKind


def is_sitting(start: date, end: date, left_on: date | None, day: date) -> bool:
    """A seat from `start` to `end` (inclusive), left on `left_on` (the first day not sitting)."""
    if left_on is not None and day >= left_on:
        return False
    return start <= day <= end


def council_name(kind: AreaKind | str, area_name: str) -> str:
    prefix = "Wijkraad" if kind == AreaKind.WIJK else "Dorpsraad"
    return f"{prefix} {area_name}"
