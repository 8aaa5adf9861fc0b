"""Deadlines: a period from a day, moved off weekends and Dutch public holidays.

The Algemene termijnenwet moves a deadline that ends on a Saturday, Sunday or a public holiday
to the next working day. Its list of holidays includes 5 May every year, which the `holidays`
package only has in lustrum years, so it is added here.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    import holidays  # imported here: read-only commands never pay for it

    days = set(holidays.country_holidays("NL", years=year).keys())
    days.add(date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def deadline(start: date, days: int, *, working_days_only: bool = True) -> date:
    """`days` after `start`, moved to the next working day when the setting is on."""
    end = start + timedelta(days=days)
    return next_working_day(end) if working_days_only else end
