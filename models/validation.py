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


def name(value: str | None, field: str = "name") -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise InvalidInput("mag niet leeg zijn.", field=field)
    if len(cleaned) > 200:
        raise InvalidInput("is langer dan 200 tekens.", field=field)
    return cleaned


def email(value: str | None, field: str = "email") -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email((value or "").strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidInput(f"'{value}' is geen geldig e-mailadres.", field=field) from exc


def postcode(value: str | None, field: str = "postcode") -> str:
    return normalise(value or "", field=field)


def house_number(value: str | None, field: str = "house_number") -> str:
    cleaned = (value or "").strip()
    if not _HOUSE_NUMBER.match(cleaned):
        raise InvalidInput(
            f"'{value}' is geen geldig huisnummer (bijvoorbeeld 12 of 12a).", field=field
        )
    return cleaned.replace(" ", "").upper()


def role(value: str | None, field: str = "role") -> Role:
    try:
        return Role((value or "lid").strip().lower())
    except ValueError as exc:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(f"'{value}' is geen functie (kies uit {allowed}).", field=field) from exc


def day(value: str | date | None, field: str = "date") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError as exc:
        raise InvalidInput(
            f"'{value}' is geen geldige datum (verwacht JJJJ-MM-DD).", field=field
        ) from exc


def flag(value: str | None, field: str) -> bool:
    cleaned = (value or "").strip().lower()
    if cleaned in _TRUE:
        return True
    if cleaned in _FALSE:
        return False
    raise InvalidInput(f"'{value}' is geen ja/nee-waarde.", field=field)


def text(value: str | None, field: str, *, required: bool = True, limit: int = 5000) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise InvalidInput("mag niet leeg zijn.", field=field)
        return None
    if len(cleaned) > limit:
        raise InvalidInput(f"is langer dan {limit} tekens.", field=field)
    return cleaned
