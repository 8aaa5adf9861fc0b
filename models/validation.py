"""Validation of what people type or import. Every message is Dutch; the error names its field
by its input name (models/fields.py gives the Dutch label, a door may use its own words)."""

from __future__ import annotations

import re
from datetime import date

from models.enums import Role
from models.errors import InvalidInput
from models.postcodes import normalise

_HOUSE_NUMBER = re.compile(r"^[1-9][0-9]{0,4}(\s*[-]?\s*[A-Za-z0-9]{1,4})?$")
_TRUE = {"1", "true", "ja", "j", "yes", "y", "waar"}
_FALSE = {"", "0", "false", "nee", "n", "no", "onwaar"}

# What people type may not steer a terminal or reorder text on screen: control characters (C0,
# DEL, C1: ESC starts terminal sequences, NUL is refused by PostgreSQL) and the bidirectional
# overrides and isolates (U+202A-U+202E, U+2066-U+2069). Free text may hold newlines and tabs.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINES = frozenset("\n\t")
# Dates outside these years are typing errors (9999, 0001, 1900), not plans or history.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


def forbidden(value: str, *, lines: bool = False) -> str | None:
    """The first character of `value` that may not be stored or shown, if any."""
    for char in value:
        code = ord(char)
        if (code < 0x20 or 0x7F <= code < 0xA0) and not (lines and char in _LINES):
            return char
        if char in _BIDI:
            return char
    return None


def shown(value: object, limit: int = 60) -> str:
    """`value` as a message may quote it: stuurtekens as U+XXXX, a long value shortened."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return "".join(f"<U+{ord(c):04X}>" if forbidden(c) else c for c in text)


def _refuse_controls(value: str, field: str, *, lines: bool = False) -> None:
    char = forbidden(value, lines=lines)
    if char is not None:
        raise InvalidInput(
            f"bevat een onzichtbaar stuurteken (U+{ord(char):04X}); dat is niet toegestaan.",
            field=field,
        )


def name(value: str | None, field: str = "name") -> str:
    _refuse_controls((value or "").strip(), field)
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise InvalidInput("mag niet leeg zijn.", field=field)
    if len(cleaned) > 200:
        raise InvalidInput("is langer dan 200 tekens.", field=field)
    return cleaned


def email(value: str | None, field: str = "email") -> str:
    """A deliverable address. Only ASCII: delivery speaks neither SMTPUTF8 nor IDNA, and an
    address it cannot deliver must be refused now, not fail at every delivery later."""
    from email_validator import EmailNotValidError, validate_email

    cleaned = (value or "").strip()
    if forbidden(cleaned) is None and not cleaned.isascii():
        raise InvalidInput(
            f"'{shown(cleaned)}' bevat letters met accenten of andere tekens buiten ASCII; zo'n "
            "adres kunnen wij niet bezorgen. Gebruik een adres met alleen gewone letters.",
            field=field,
        )
    try:
        return validate_email(cleaned, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidInput(f"'{shown(value)}' is geen geldig e-mailadres.", field=field) from exc


def postcode(value: str | None, field: str = "postcode") -> str:
    return normalise(value or "", field=field)


def house_number(value: str | None, field: str = "house_number") -> str:
    cleaned = (value or "").strip()
    if not _HOUSE_NUMBER.match(cleaned):
        raise InvalidInput(
            f"'{shown(value)}' is geen geldig huisnummer (bijvoorbeeld 12 of 12a).", field=field
        )
    return cleaned.replace(" ", "").upper()


def role(value: str | None, field: str = "role") -> Role:
    try:
        return Role((value or "lid").strip().lower())
    except ValueError as exc:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(
            f"'{shown(value)}' is geen functie (kies uit {allowed}).", field=field
        ) from exc


def day(value: str | date | None, field: str = "date") -> date:
    """A typed date (JJJJ-MM-DD) within the plausible years; a date object passes as it is."""
    if isinstance(value, date):
        return value
    try:
        parsed = date.fromisoformat((value or "").strip())
    except ValueError as exc:
        raise InvalidInput(
            f"'{shown(value)}' is geen geldige datum (verwacht JJJJ-MM-DD).", field=field
        ) from exc
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise InvalidInput(
            f"{parsed.isoformat()} ligt niet tussen {EARLIEST_YEAR} en {LATEST_YEAR}; "
            "controleer het jaar.",
            field=field,
        )
    return parsed


def year(value: int, field: str = "year") -> int:
    """A calendar year within the plausible years (a year out of range is a typing error)."""
    if not EARLIEST_YEAR <= value <= LATEST_YEAR:
        raise InvalidInput(
            f"{shown(value, 30)} ligt niet tussen {EARLIEST_YEAR} en {LATEST_YEAR}; controleer "
            "het jaar.",
            field=field,
        )
    return value


def flag(value: str | None, field: str) -> bool:
    cleaned = (value or "").strip().lower()
    if cleaned in _TRUE:
        return True
    if cleaned in _FALSE:
        return False
    raise InvalidInput(f"'{shown(value)}' is geen ja/nee-waarde.", field=field)


def text(value: str | None, field: str, *, required: bool = True, limit: int = 5000) -> str | None:
    """Free text: newlines and tabs allowed (a Windows line end counts as a newline)."""
    cleaned = (value or "").replace("\r\n", "\n").strip()
    _refuse_controls(cleaned, field, lines=True)
    if not cleaned:
        if required:
            raise InvalidInput("mag niet leeg zijn.", field=field)
        return None
    if len(cleaned) > limit:
        raise InvalidInput(f"is langer dan {limit} tekens.", field=field)
    return cleaned
