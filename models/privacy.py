"""Personal data over its life: retention periods, pseudonyms, and text without a person in it.

Purging never deletes rows: the personal fields of a person are replaced by a pseudonym and
free texts lose every mention of them, while ids, counts, stages, dates and the audit trail
stay, so reports and lead times come out the same after a purge as before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

PRIVATE_APPLICANT = "een inwoner"
ERASED = "[gewist]"
PSEUDONYM_DOMAIN = "invalid"  # RFC 2606: never delivered


def pseudonym_name(person_id: int) -> str:
    return f"inwoner {person_id}"


def pseudonym_email(person_id: int) -> str:
    return f"verwijderd-{person_id}@{PSEUDONYM_DOMAIN}"


def public_applicant(applicant: str | None, organisation: bool) -> str | None:
    """What a public list shows: an organisation's name, never a natural person's."""
    if not applicant:
        return None
    return applicant if organisation else PRIVATE_APPLICANT


def identifiers(name: str, email: str, postcode: str | None) -> list[str]:
    """The strings that identify a person in free text: name, address, postcode in both forms."""
    found = [name.strip(), email.strip()]
    if postcode:
        compact = postcode.replace(" ", "").upper()
        found += [compact, f"{compact[:4]} {compact[4:]}".strip()]
    return [f for f in dict.fromkeys(found) if f]


def _pattern(needles: Iterable[str]) -> re.Pattern[str] | None:
    parts = sorted({n for n in needles if n}, key=len, reverse=True)
    if not parts:
        return None
    # a whole word or address only: "Jan" does not take a bite out of "Janssen"
    return re.compile(
        r"(?<![\w@.])(?:" + "|".join(re.escape(p) for p in parts) + r")(?![\w@])", re.IGNORECASE
    )


def scrub(text: str | None, needles: Iterable[str], replacement: str = ERASED) -> str | None:
    """The text with every mention of these identifiers replaced."""
    if not text:
        return text
    pattern = _pattern(needles)
    return text if pattern is None else pattern.sub(replacement, text)


def mentions(text: str, needles: Iterable[str]) -> bool:
    pattern = _pattern(needles)
    return pattern is not None and pattern.search(text) is not None


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), the month's last day when it has fewer."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Retention:
    """How long each kind of personal data is kept after its end (the README's table)."""

    candidate_months: int  # applications, findings, interviews, committee contact details
    member_years: int  # a council member, after the seat ended
    mail_months: int  # mail bodies (pickup files) and delivery details
    applicant_years: int  # a private applicant's name on a council decision

    def cutoffs(self, moment: datetime) -> Cutoffs:
        """Everything that ended on or before these moments is due."""
        day = moment.date()
        return Cutoffs(
            candidates=datetime.combine(add_months(day, -self.candidate_months), moment.time()),
            members=add_months(day, -12 * self.member_years),
            mail=datetime.combine(add_months(day, -self.mail_months), moment.time()),
            applicants=add_months(day, -12 * self.applicant_years),
        )


@dataclass(frozen=True)
class Cutoffs:
    candidates: datetime  # a procedure closed at or before this: its candidates are due
    members: date  # a seat that ended (first day not sitting) on or before this is due
    mail: datetime  # a message sent (or made) at or before this is due
    applicants: date  # a decision taken on or before this: a private applicant's name is due


# Cells a spreadsheet reads as a formula (OWASP, CSV injection): they get a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


# What a public page never shows, whoever typed it into a text: an e-mail address, or a Dutch
# postcode (1234 AB, 1234AB) with the house number that may follow it.
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# capitals (5343 AB, 5343AB) or small letters written together (5343ab): "in 2026 de" stays
_POSTCODE = re.compile(r"\b[1-9][0-9]{3}(?:\s?[A-Z]{2}|[a-z]{2})\b(?:,?\s*[0-9]{1,5}[A-Za-z]?\b)?")
PUBLIC_EMAIL, PUBLIC_ADDRESS = "[e-mailadres]", "[adres]"


def redact_public(text: str | None) -> str | None:
    """Free text for a public page: every e-mail address and postcode (with its house number)
    replaced, so that no resident's contact details are published by accident."""
    if not text:
        return text
    return _POSTCODE.sub(PUBLIC_ADDRESS, _EMAIL.sub(PUBLIC_EMAIL, text))
