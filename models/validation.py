"""Validation of what people type or import. Every message is Dutch and names its field."""

from __future__ import annotations

import re
from datetime import date

from models.enums import Role
from models.errors import InvalidInput
from models.postcodes import normalise

_HOUSE_NUMBER = re.compile(r"^[1-9][0-9]{0,4}(\s*[-]?\s*[A-Za-z0-9]{1,4})?$")
_TRUE = {"1", "true", "ja", "j", "yes", "y", "waar"}
_FALSE = {"", "0", "false", "nee", "n", "no", "onwaar"}


def name(value: str | None, field: str = "naam") -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise InvalidInput(f"{field}: mag niet leeg zijn.")
    if len(cleaned) > 200:
        raise InvalidInput(f"{field}: is langer dan 200 tekens.")
    return cleaned


def email(value: str | None, field: str = "e-mail") -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email((value or "").strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidInput(f"{field}: '{value}' is geen geldig e-mailadres.") from exc


def postcode(value: str | None, field: str = "postcode") -> str:
    return normalise(value or "", field=field)


def house_number(value: str | None, field: str = "huisnummer") -> str:
    cleaned = (value or "").strip()
    if not _HOUSE_NUMBER.match(cleaned):
        raise InvalidInput(
            f"{field}: '{value}' is geen geldig huisnummer (bijvoorbeeld 12 of 12a)."
        )
    return cleaned.replace(" ", "").upper()


def role(value: str | None, field: str = "functie") -> Role:
    try:
        return Role((value or "lid").strip().lower())
    except ValueError as exc:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(f"{field}: '{value}' is geen functie (kies uit {allowed}).") from exc


def day(value: str | None, field: str = "datum") -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError as exc:
        raise InvalidInput(
            f"{field}: '{value}' is geen geldige datum (verwacht JJJJ-MM-DD)."
        ) from exc


def flag(value: str | None, field: str) -> bool:
    cleaned = (value or "").strip().lower()
    if cleaned in _TRUE:
        return True
    if cleaned in _FALSE:
        return False
    raise InvalidInput(f"{field}: '{value}' is geen ja/nee-waarde.")


def text(value: str | None, field: str, *, required: bool = True, limit: int = 5000) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            raise InvalidInput(f"{field}: mag niet leeg zijn.")
        return None
    if len(cleaned) > limit:
        raise InvalidInput(f"{field}: is langer dan {limit} tekens.")
    return cleaned
