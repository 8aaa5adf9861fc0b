"""`wijkraad init`: the schema, the 11 areas, the terms and the default postcode table.

Idempotent: a second run adds nothing and changes nothing that a person has set.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Area, PostcodeArea
from models.areas import AREAS, DEFAULT_MAX_SEATS, DEFAULT_MIN_SEATS
from models.terms import term_on
from tasks.adapters import db
from tasks.adapters.clock import today
from tasks.queries import lookup
from tasks.steps.postcode_table import parse_table

DEFAULT_POSTCODES = Path(__file__).resolve().parents[2] / "models" / "data" / "postcodes.csv"


def seed(session: Session) -> dict[str, int]:
    """Add what is missing; return how many rows of each kind were added."""
    existing = set(session.scalars(select(Area.slug)))
    added_areas = 0
    for seed_area in AREAS:
        if seed_area.slug not in existing:
            session.add(
                Area(
                    slug=seed_area.slug,
                    name=seed_area.name,
                    kind=seed_area.kind,
                    max_seats=DEFAULT_MAX_SEATS,
                    min_seats=DEFAULT_MIN_SEATS,
                )
            )
            added_areas += 1
    session.flush()
    current = term_on(today())
    lookup.term(session, current)
    lookup.term(session, current.next())
    added_postcodes = 0
    if not session.scalar(select(func.count()).select_from(PostcodeArea)):
        slugs = {a.slug: a.id for a in session.scalars(select(Area))}
        entries = parse_table(DEFAULT_POSTCODES, slugs)
        session.add_all(PostcodeArea(postcode=p, area_id=a) for p, a in entries)
        added_postcodes = len(entries)
    return {"areas": added_areas, "postcodes": added_postcodes}


def initialise() -> dict[str, int]:
    db.upgrade_schema()
    with db.session_scope() as session:
        return seed(session)
