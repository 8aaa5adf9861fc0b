"""A council with a year behind it, for the tests of its public page: members with addresses,
meetings past and to come, minutes with an address typed into them, a subsidy to a resident
named in its summary, a subsidy to an organisation, an advice answered and one awaiting its
answer, and (from the mail fixtures) an open call with a committee and a candidate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

MEMBERS = (
    ("Annemiek Verhoeven", "annemiek@example.nl", "5345 AB", "3", "voorzitter"),
    ("Bram de Wit", "bram.dewit@example.nl", "5345 AC", "18", "secretaris"),
    ("Chantal Smits", "chantal@example.nl", "5345 AB", "7b", "lid"),
)
MINUTES = (
    "Aanwezig: de leden. Insprekers: mevrouw K. (mail k.bewoner@example.org, 5345 AB 21)\n"
    "over de speeltuin. Volgende vergadering in december."
)


@dataclass(frozen=True)
class CouncilWorld:
    slug: str
    past_meeting: int
    next_meeting: int
    answered_advice: int
    open_advice: int


def build(tmp: Path) -> CouncilWorld:
    from commands import advice, meetings, members

    for name, email, postcode, number, role in MEMBERS:
        members.add(members.AddMember("ruwaard", name, email, postcode, number, role=role,
                                      since="2026-05-01"))  # fmt: skip
    past = meetings.add(meetings.AddMeeting("ruwaard", date(2026, 10, 1))).meeting_id
    recent = meetings.add(meetings.AddMeeting("ruwaard", date(2026, 11, 20))).meeting_id
    upcoming = meetings.add(meetings.AddMeeting("ruwaard", date(2026, 12, 10))).meeting_id
    meetings.add(meetings.AddMeeting("ruwaard", date(2026, 12, 17), public=False))
    notes = tmp / "notulen.txt"
    notes.write_text(MINUTES, encoding="utf-8")
    meetings.record_minutes(meetings.RecordMinutes(past, notes))
    meetings.add_decision(meetings.AddDecision(
        past, "subsidie", "Subsidie aan Piet Jansen voor het buurtfeest", "250",
        applicant="Piet Jansen"))  # fmt: skip
    meetings.add_decision(meetings.AddDecision(
        past, "subsidie", "Subsidie voor de sportdag", "1.250,50",
        applicant="Stichting Buurtsport Ruwaard", organisation=True))  # fmt: skip
    first = meetings.add_decision(meetings.AddDecision(
        past, "advies", "Advies over de herinrichting van het Walplein",
        text="De raad adviseert het Walplein autovrij te maken.",
        sent_on="2026-10-05"))  # fmt: skip
    second = meetings.add_decision(meetings.AddDecision(
        recent, "advies", "Advies over de openingstijden van de bibliotheek"))  # fmt: skip
    assert first.advice_id and second.advice_id
    advice.answer(advice.AnswerAdvice(first.advice_id, "2026-11-27", "deels overgenomen",
                                      text="Het college maakt het plein op zondag autovrij.",
                                      reference="B&W 2026/0456"))  # fmt: skip
    return CouncilWorld("ruwaard", past, upcoming, first.advice_id, second.advice_id)


def every_email_and_postcode() -> list[str]:
    """Every e-mail address and postcode (both ways of writing it) in the database."""
    from sqlalchemy import select

    from models import Account, Person, PostcodeArea
    from tasks.adapters.db import session_scope

    found: set[str] = set()
    with session_scope() as session:
        for email, postcode in session.execute(select(Person.email, Person.postcode)):
            found.add(email)
            if postcode:
                found |= {postcode, f"{postcode[:4]} {postcode[4:]}"}
        found |= set(session.scalars(select(Account.email)))
        for (postcode,) in session.execute(select(PostcodeArea.postcode)):
            if len(postcode) == 6:
                found |= {postcode, f"{postcode[:4]} {postcode[4:]}"}
    return sorted(f for f in found if f)
