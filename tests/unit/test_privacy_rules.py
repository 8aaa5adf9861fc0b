"""Pseudonyms, scrubbing free text, retention cut-offs and CSV cells: pure rules, no I/O."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models.privacy import (
    Retention,
    add_months,
    csv_cell,
    identifiers,
    mentions,
    public_applicant,
    scrub,
)


def test_identifiers_cover_both_spellings_of_the_postcode() -> None:
    assert identifiers("Jan de Vries", "jan@example.nl", "5343AB") == [
        "Jan de Vries",
        "jan@example.nl",
        "5343AB",
        "5343 AB",
    ]
    assert identifiers("Jan", "jan@example.nl", None) == ["Jan", "jan@example.nl"]


def test_scrub_replaces_whole_mentions_only() -> None:
    needles = identifiers("Jan", "jan@example.nl", "5343AB")
    assert scrub("Gesprek met jan (JAN@example.nl), 5343 ab.", needles) == (
        "Gesprek met [gewist] ([gewist]), [gewist]."
    )
    assert scrub("Janssen en marjan@example.nl blijven", needles) == (
        "Janssen en marjan@example.nl blijven"
    )
    assert scrub(None, needles) is None
    assert scrub("Aan Jan", ["Jan"], "een inwoner") == "Aan een inwoner"
    assert mentions("post voor jan@example.nl", needles)
    assert not mentions("niets", [])


def test_a_private_applicant_is_never_named() -> None:
    assert public_applicant("Jan Jansen", organisation=False) == "een inwoner"
    assert public_applicant("Stichting Speeltuin", organisation=True) == "Stichting Speeltuin"
    assert public_applicant(None, organisation=False) is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 3, 31), -1, date(2028, 2, 29)),
        (date(2027, 7, 15), -6, date(2027, 1, 15)),
        (date(2027, 12, 1), 1, date(2028, 1, 1)),
        (date(2036, 6, 1), -24, date(2034, 6, 1)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_the_cutoffs_of_each_period() -> None:
    cut = Retention(6, 2, 3, 7).cutoffs(datetime(2027, 7, 15, 9, 30))
    assert cut.candidates == datetime(2027, 1, 15, 9, 30)
    assert cut.members == date(2025, 7, 15)
    assert cut.mail == datetime(2027, 4, 15, 9, 30)
    assert cut.applicants == date(2020, 7, 15)


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_a_formula_gets_an_apostrophe(prefix: str) -> None:
    assert csv_cell(prefix + "1+1") == "'" + prefix + "1+1"


def test_other_cells_stay_as_they_are() -> None:
    assert csv_cell("Bijdrage = 5") == "Bijdrage = 5"
    assert csv_cell(None) == ""
    assert csv_cell(12.5) == "12.5"
