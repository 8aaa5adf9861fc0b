"""The CLI's words for the domain's fields and hints: `--number` where the domain says "number",
the command to run where the domain says what comes next."""

from __future__ import annotations

from models.errors import DomainError

FIELDS: dict[str, str] = {
    "number": "--number",
    "decided_on": "--date",
    "term": "--term",
    "appointed_by": "--appointed-by",
    "year": "--year",
    "output": "--output",
    "until": "--until",
    "answered_on": "--date",
    "sent_on": "--sent-on",
    "answer_text": "--text",
    "reference": "--reference",
}

HINTS: dict[str, str] = {
    "stage:committee_forming": "wijkraad committee add / committee confirm",
    "stage:recruiting": "wijkraad screen --close-early",
    "stage:screening": "wijkraad screen resolve",
    "stage:nominating": "wijkraad interview / nominate",
    "stage:awaiting_decision": "wijkraad decide",
    "stage:onboarding": "wijkraad onboarding done",
    "stage:suspended": "wijkraad resume",
    "list:members": "zie 'wijkraad members list'",
    "list:candidates": "zie 'wijkraad candidates list'",
    "list:procedures": "zie 'wijkraad status'",
    "list:onboarding": "zie 'wijkraad onboarding list'",
    "list:meetings": "zie 'wijkraad meetings list'",
    "list:experiments": "zie 'wijkraad experiment list'",
    "list:mail": "zie 'wijkraad mail list'",
    "list:advice": "zie 'wijkraad advice list'",
    "committee:add": "wijkraad committee add",
    "screen:close_early": "wijkraad screen --close-early",
    "recruitment:extend": "wijkraad recruitment extend PROC --until DATUM --reason REDEN",
    "committee:confirm": "wijkraad committee confirm",
    "procedure:cancel": "wijkraad cancel",
    "procedure:vacancy": "wijkraad vacancy --area GEBIED",
    "experiment:evaluate": "wijkraad experiment evaluate",
    "experiment:start": "wijkraad experiment start",
    "mail:show": "wijkraad mail show ID",
    "output:force": "of overschrijf het met --force",
    "residence:unknown_postcode": "wijkraad postcodes import, of --residence-confirmed-by NAAM",
}


def message(error: DomainError) -> str:
    """A domain error as the coördinator reads it on the command line."""
    return error.text(FIELDS, HINTS)
