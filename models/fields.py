"""Dutch names of the input fields, for messages that name a field in the domain's own words.

A field is named in code by its name in the command's input ("decided_on"); a door may put it in
its own words (the CLI says `--date`), and otherwise these labels are used.
"""

from __future__ import annotations

LABELS: dict[str, str] = {
    "name": "naam",
    "email": "e-mail",
    "postcode": "postcode",
    "house_number": "huisnummer",
    "birth_year": "geboortejaar",
    "motivation": "motivatie",
    "role": "functie",
    "since": "sinds",
    "date": "datum",
    "reason": "reden",
    "note": "notitie",
    "number": "nummer",
    "decided_on": "datum",
    "term": "zittingsperiode",
    "appointed_by": "benoemd door",
    "decided_with_college_on": "besloten met het college op",
    "evaluate_on": "evalueren op",
    "description": "omschrijving",
    "outcome": "uitkomst",
    "summary": "samenvatting",
    "applicant": "aanvrager",
    "amount": "bedrag",
    "year": "jaar",
    "output": "map",
    "area": "gebied",
    "procedure": "procedure",
    "candidate": "kandidaat",
    "member": "lid",
    "task": "inwerktaak",
    "meeting": "vergadering",
    "experiment": "experiment",
    "message": "bericht",
    "scores": "scores",
    "politically_active": "actief in de lokale politiek",
    "municipal_employee": "werkzaam bij de gemeente",
    "advice": "advies",
    "answered_on": "datum antwoord",
    "sent_on": "verzonden op",
    "answer_text": "antwoord",
    "reference": "kenmerk",
    "text": "tekst",
    "minutes": "notulen",
    "kind": "soort",
    "form": "vorm",
    "time": "aanvang",
    "decision": "besluit",
    "agenda": "agenda",
}


def label(field: str) -> str:
    return LABELS.get(field, field)
