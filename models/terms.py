"""Terms (zittingsperioden): they start with the gemeenteraad, per Kieswet art. C 4."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

TERM_YEARS = 4
_WEDNESDAY = 2


def is_election_year(year: int) -> bool:
    """Municipal elections in the Netherlands: 2018, 2022, 2026, 2030, ..."""
    return year % 4 == 2


def term_start(election_year: int) -> date:
    """The Wednesday in 29 March - 4 April of the election year (Kieswet art. C 4)."""
    if not is_election_year(election_year):
        raise ValueError(f"{election_year} is geen jaar van gemeenteraadsverkiezingen")
    first = date(election_year, 3, 29)
    return first + timedelta(days=(_WEDNESDAY - first.weekday()) % 7)


@dataclass(frozen=True)
class TermDates:
    election_year: int
    start: date
    end: date  # the last day of the term, inclusive

    @classmethod
    def of(cls, election_year: int) -> TermDates:
        start = term_start(election_year)
        end = term_start(election_year + TERM_YEARS) - timedelta(days=1)
        return cls(election_year, start, end)

    def next(self) -> TermDates:
        return TermDates.of(self.election_year + TERM_YEARS)

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def term_on(day: date) -> TermDates:
    """The term that covers a day."""
    year = day.year - (day.year - 2) % 4
    term = TermDates.of(year)
    return term if term.start <= day else TermDates.of(year - TERM_YEARS)
