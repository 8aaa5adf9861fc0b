"""Residence by postcode: normalising and looking up, 6 characters before 4 digits."""

from __future__ import annotations

import pytest

from models.errors import InvalidInput
from models.postcodes import area_of, normalise


@pytest.mark.parametrize("raw", ["5341 ab", "5341AB", " 5341  Ab "])
def test_postcodes_are_normalised(raw: str) -> None:
    assert normalise(raw) == "5341AB"


@pytest.mark.parametrize("raw", ["", "0341AB", "53411", "5341 A", "ABCD", "5341 SS"])
def test_invalid_postcodes_name_the_field(raw: str) -> None:
    with pytest.raises(InvalidInput, match="postcode"):
        normalise(raw)


def test_four_digits_only_where_allowed() -> None:
    assert normalise("5351", allow_four_digits=True) == "5351"
    with pytest.raises(InvalidInput):
        normalise("5351")


def test_a_six_character_entry_wins_over_its_four_digit_entry() -> None:
    table = {"5341": 1, "5341MA": 2}
    assert area_of("5341MA", table) == 2
    assert area_of("5341AB", table) == 1


def test_an_unknown_postcode_has_no_area() -> None:
    assert area_of("9999ZZ", {"5341": 1}) is None
