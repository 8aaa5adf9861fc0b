"""When a council's current stretch of vacant seats began (tasks/vacancies.py)."""

from __future__ import annotations

from datetime import date

from tasks.queries.vacancies import Seat, vacant_since

START, END = date(2026, 4, 1), date(2030, 4, 2)


def seat(start: date = START, left: date | None = None) -> Seat:
    return Seat(start, END, left)


def test_never_full_is_vacant_since_the_term_began() -> None:
    assert vacant_since([seat(), seat()], 3, START, date(2026, 11, 28)) == START


def test_a_full_council_that_loses_a_member_is_vacant_since_that_day() -> None:
    seats = [seat(), seat(), seat(left=date(2026, 9, 1))]
    assert vacant_since(seats, 3, START, date(2026, 11, 28)) == date(2026, 9, 1)


def test_a_seat_filled_and_lost_again_counts_from_the_last_loss() -> None:
    seats = [
        seat(),
        seat(),
        seat(left=date(2026, 6, 1)),
        seat(start=date(2026, 7, 1), left=date(2026, 10, 1)),
    ]
    assert vacant_since(seats, 3, START, date(2026, 11, 28)) == date(2026, 10, 1)


def test_filled_late_in_the_term_start_counts_from_the_term_start() -> None:
    seats = [seat(), seat(start=date(2026, 6, 1))]
    assert vacant_since(seats, 3, START, date(2026, 11, 28)) == START
