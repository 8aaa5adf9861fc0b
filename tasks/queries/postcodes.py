"""The postcode table as it stands, per area."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Area, PostcodeArea


def per_area(session: Session) -> dict[str, list[str]]:
    """Every postcode of the table (4 digits or 6 characters) by area slug, sorted."""
    rows = session.execute(
        select(Area.slug, PostcodeArea.postcode).join(Area, PostcodeArea.area_id == Area.id)
    )
    table: defaultdict[str, list[str]] = defaultdict(list)
    for slug, postcode in rows:
        table[slug].append(postcode)
    for codes in table.values():
        codes.sort()
    return dict(table)
