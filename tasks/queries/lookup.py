"""Loading what commands name: areas by slug, terms, councils, the postcode table."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Area, Council, PostcodeArea, Procedure, Term
from models.errors import NotFound
from models.terms import TermDates, term_on


def area(session: Session, slug: str) -> Area:
    found = session.scalar(select(Area).where(Area.slug == (slug or "").strip().lower()))
    if found is None:
        slugs = ", ".join(session.scalars(select(Area.slug).order_by(Area.id)))
        raise NotFound(f"'{slug}' bestaat niet (kies uit {slugs}).", field="area")
    return found


def council_names(session: Session) -> dict[str, str]:
    """Each area's council by its slug: 'lith' -> 'Dorpsraad Lith' (a page names councils)."""
    return {a.slug: a.council_name for a in session.scalars(select(Area).order_by(Area.id))}


def term(session: Session, dates: TermDates) -> Term:
    """The Term row for these dates, created on first use."""
    found = session.scalar(select(Term).where(Term.election_year == dates.election_year))
    if found is None:
        found = Term(election_year=dates.election_year, start_date=dates.start, end_date=dates.end)
        session.add(found)
        session.flush()
    return found


def term_covering(session: Session, day: date) -> Term:
    return term(session, term_on(day))


def council(session: Session, area_: Area, term_: Term) -> Council:
    """The council of an area in a term, created on first use."""
    found = session.scalar(
        select(Council).where(Council.area_id == area_.id, Council.term_id == term_.id)
    )
    if found is None:
        found = Council(area=area_, term=term_)
        session.add(found)
        session.flush()
    return found


def procedure(session: Session, procedure_id: int) -> Procedure:
    found = session.get(Procedure, procedure_id)
    if found is None:
        raise NotFound(f"{procedure_id} bestaat niet.", field="procedure", hint="list:procedures")
    return found


def postcode_entries(session: Session, postcode: str | None) -> dict[str, int]:
    """The part of the postcode table that can decide this postcode (its 6 and 4 characters)."""
    if not postcode:
        return {}
    keys = {postcode, postcode[:4]}
    rows = session.execute(
        select(PostcodeArea.postcode, PostcodeArea.area_id).where(PostcodeArea.postcode.in_(keys))
    )
    return {code: area_id for code, area_id in rows}
