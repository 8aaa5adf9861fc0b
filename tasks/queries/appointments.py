"""The B&W appointment decisions of a term: who was appointed to which council, from when to
when, by which decision. Public by law; a person whose data was erased is no longer named."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Area, BoardDecision, Council, Membership, Person, Procedure, Term

ERASED_NAME = "(naam gewist)"


def of_term(session: Session, election_year: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(BoardDecision, Membership, Person, Area)
        .join(Procedure, Procedure.id == BoardDecision.procedure_id)
        .join(Term, Term.id == Procedure.term_id)
        .join(Membership, Membership.board_decision_id == BoardDecision.id)
        .join(Person, Person.id == Membership.person_id)
        .join(Council, Council.id == Membership.council_id)
        .join(Area, Area.id == Council.area_id)
        .where(Term.election_year == election_year)
        .order_by(Area.id, BoardDecision.decided_on, Membership.id)
    )
    return [
        {
            "council": area.council_name,
            "area": area.slug,
            "name": ERASED_NAME if person.erased_at is not None else person.name,
            "start_date": membership.start_date,
            "end_date": membership.end_date,
            "decision_number": decision.number,
            "decided_on": decision.decided_on,
        }
        for decision, membership, person, area in rows
    ]
