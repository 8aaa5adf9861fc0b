"""Residence by postcode: normalising a postcode and finding its area in the table.

The table holds 4-digit entries (a whole village) and 6-character entries (a street block in the
city); a 6-character entry wins over its 4-digit one. No entry means a human must check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from models.errors import InvalidInput

_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*$")
_EXCLUDED_LETTERS = {"SA", "SD", "SS"}  # never issued by PostNL


def normalise(value: str, *, field: str = "postcode", allow_four_digits: bool = False) -> str:
    """'5341 ab' -> '5341AB'. Raises InvalidInput naming the field when it is no Dutch postcode."""
    match = _POSTCODE.match(value or "")
    if not match or (match.group(2) is None and not allow_four_digits):
        expected = "1234 AB" + (" of 1234" if allow_four_digits else "")
        raise InvalidInput(
            f"'{value}' is geen geldige postcode (verwacht {expected}).", field=field
        )
    digits, letters = match.group(1), (match.group(2) or "").upper()
    if letters in _EXCLUDED_LETTERS:
        raise InvalidInput(
            f"'{value}' is geen geldige postcode (lettercombinatie {letters}).", field=field
        )
    return digits + letters


def area_of(postcode: str, table: Mapping[str, int]) -> int | None:
    """The area id of a normalised postcode, or None when the table does not know it."""
    return table.get(postcode) or table.get(postcode[:4])
