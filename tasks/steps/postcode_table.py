"""The postcode table: reading a `postcode,area` CSV and replacing or extending the table."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import Area, PostcodeArea
from models.errors import InvalidInput
from models.postcodes import normalise
from tasks.adapters.csvfile import apply_all, read_rows


def parse_table(path: Path, area_ids: dict[str, int]) -> list[tuple[str, int]]:
    """Every row valid, or InvalidInput naming each bad row; no postcode twice."""
    seen: dict[str, int] = {}

    def parse(number: int, row: dict[str, str]) -> tuple[str, int]:
        code = normalise(row["postcode"], allow_four_digits=True)
        slug = row["area"].strip().lower()
        if slug not in area_ids:
            raise InvalidInput(f"area: '{row['area']}' is geen gebied.")
        if code in seen:
            raise InvalidInput(f"postcode: {code} staat al op regel {seen[code]}.")
        seen[code] = number
        return code, area_ids[slug]

    return apply_all(read_rows(path, ["postcode", "area"]), parse, path.name)


def import_table(session: Session, path: Path, *, replace: bool) -> dict[str, int]:
    """Replace the whole table, or extend it (a listed postcode gets the area of the file)."""
    area_ids = {slug: id_ for slug, id_ in session.execute(select(Area.slug, Area.id))}
    entries = parse_table(path, area_ids)
    if replace:
        session.execute(delete(PostcodeArea))
        session.add_all(PostcodeArea(postcode=p, area_id=a) for p, a in entries)
        return {"added": len(entries), "changed": 0}
    current = {
        code: area_id
        for code, area_id in session.execute(select(PostcodeArea.postcode, PostcodeArea.area_id))
    }
    added = changed = 0
    for code, area_id in entries:
        if code not in current:
            session.add(PostcodeArea(postcode=code, area_id=area_id))
            added += 1
        elif current[code] != area_id:
            session.get_one(PostcodeArea, code).area_id = area_id
            changed += 1
    return {"added": added, "changed": changed}
