"""What careless and hostile people type is refused in Dutch at input, in the domain's
validation, so that every door gets the same protection."""

from __future__ import annotations

from datetime import date

import pytest

from models import validation
from models.errors import InvalidInput
from tasks.steps.meetings import _cents

STEERING = [
    "\x1b]0;owned\x07",  # set the terminal title
    "\x1b[2J",  # clear the screen
    "\x00",  # NUL: refused by PostgreSQL, stored by SQLite
    "\x7f",
    "\x9b",  # C1 control sequence introducer
    "\u202e",  # right-to-left override
    "\u202a",
    "\u2066",
    "\u2069",
]


@pytest.mark.parametrize("char", STEERING)
def test_names_refuse_control_characters_and_bidi_overrides(char: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validation.name(f"Anna{char}de Vries")
    assert refused.value.field == "name"
    assert "stuurteken" in refused.value.message


@pytest.mark.parametrize("char", STEERING)
def test_free_text_refuses_them_too(char: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validation.text(f"reden{char}", "reason")
    assert refused.value.field == "reason"
    assert "stuurteken" in refused.value.message


def test_free_text_keeps_newlines_and_tabs() -> None:
    assert validation.text("eerste regel\r\n\ttweede regel", "note") == (
        "eerste regel\n\ttweede regel"
    )


def test_a_name_is_not_allowed_a_newline() -> None:
    with pytest.raises(InvalidInput):
        validation.name("Anna\nde Vries")


def test_a_refused_value_is_quoted_without_its_control_characters() -> None:
    with pytest.raises(InvalidInput) as refused:
        validation.house_number("12\x1b[2J")
    assert "\x1b" not in refused.value.message
    assert "<U+001B>" in refused.value.message


@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1900-01-01", "2100-01-01"])
def test_implausible_dates_are_refused_in_dutch(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validation.day(typed, "decided_on")
    assert refused.value.field == "decided_on"
    assert "controleer het jaar" in refused.value.message


@pytest.mark.parametrize("typed", [-1, 0, 1, 1999, 2100, 99999, 2**63])
def test_implausible_years_are_refused_in_dutch(typed: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        validation.year(typed)
    assert refused.value.field == "year"
    assert "controleer het jaar" in refused.value.message


def test_a_date_object_passes_as_it_is() -> None:
    assert validation.day(date(1900, 1, 1)) == date(1900, 1, 1)
    assert validation.day("2027-03-30") == date(2027, 3, 30)


@pytest.mark.parametrize("address", ["jörg@exämple.org", "jorg@exämple.org", "jörg@example.org"])
def test_addresses_that_cannot_be_delivered_are_refused(address: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        validation.email(address)
    assert "ASCII" in refused.value.message
    assert refused.value.field == "email"


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("1250", 125000),
        ("1250.50", 125050),
        ("1250,50", 125050),
        ("1.250,50", 125050),
        ("€ 1.250,50", 125050),
        ("1.250", 125000),
        ("0,5", 50),
    ],
)
def test_amounts_as_people_write_them(typed: str, cents: int) -> None:
    assert _cents(typed) == cents


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("NaN", "geen bedrag"),
        ("Infinity", "geen bedrag"),
        ("-Infinity", "geen bedrag"),
        ("1" * 23, "meer dan € 1.000.000"),
        ("1,250.50", "onduidelijk"),
        ("1,250", "geen bedrag"),
        ("1e3", "geen bedrag"),
        ("-5", "positief"),
        ("1250.505", "geen bedrag"),
        ("١٢٣", "geen bedrag"),  # Arabic-Indic digits
    ],
)
def test_amounts_that_are_no_amount_are_refused_clearly(typed: str, words: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        _cents(typed)
    assert words in refused.value.message
    assert refused.value.field == "amount"
