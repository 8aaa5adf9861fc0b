"""Terms per Kieswet art. C 4, the clock and the deadline helper: pure, no I/O."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models.deadlines import deadline, is_working_day, next_working_day
from models.errors import InvalidInput
from models.terms import TermDates, term_on, term_start
from tasks.adapters import clock


@pytest.mark.parametrize(
    ("year", "start"),
    [(2022, date(2022, 3, 30)), (2026, date(2026, 4, 1)), (2030, date(2030, 4, 3))],
)
def test_term_starts_on_the_wednesday_between_29_march_and_4_april(year: int, start: date) -> None:
    assert term_start(year) == start
    assert term_start(year).weekday() == 2


def test_a_term_lasts_four_years_and_ends_the_day_before_the_next() -> None:
    term = TermDates.of(2026)
    assert term.end == date(2030, 4, 2)
    assert term.next().start == date(2030, 4, 3)


def test_no_term_starts_outside_an_election_year() -> None:
    with pytest.raises(ValueError):
        term_start(2027)


def test_the_term_covering_a_day() -> None:
    assert term_on(date(2026, 11, 28)).election_year == 2026
    assert term_on(date(2026, 3, 31)).election_year == 2022
    assert term_on(date(2030, 4, 3)).election_year == 2030


def test_clock_reads_wijkraad_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-02-03")
    assert clock.now() == datetime(2027, 2, 3)
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-02-03T10:15")
    assert clock.today() == date(2027, 2, 3)


def test_clock_can_be_frozen_inside_a_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-02-03")
    with clock.frozen_at(datetime(2028, 1, 1, 7)):
        assert clock.now() == datetime(2028, 1, 1, 7)
    assert clock.today() == date(2027, 2, 3)


def test_a_bad_wijkraad_now_is_a_dutch_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKRAAD_NOW", "morgen")
    with pytest.raises(InvalidInput, match="geen geldige datum"):
        clock.now()


def test_a_deadline_on_a_weekend_moves_to_monday() -> None:
    assert deadline(date(2027, 1, 4), 5) == date(2027, 1, 11)  # Saturday 9 -> Monday 11


def test_a_deadline_on_christmas_moves_past_both_days() -> None:
    assert deadline(date(2026, 12, 19), 6) == date(2026, 12, 28)


def test_kings_day_and_liberation_day_are_not_working_days() -> None:
    assert not is_working_day(date(2027, 4, 27))
    assert not is_working_day(date(2027, 5, 5))  # Algemene termijnenwet: every year
    assert next_working_day(date(2027, 5, 5)) == date(2027, 5, 7)  # 6 May is Ascension Day


def test_the_setting_off_keeps_the_plain_date() -> None:
    assert deadline(date(2027, 1, 4), 5, working_days_only=False) == date(2027, 1, 9)
