"""Setting up: the database (schema, the 11 areas, the terms, the default postcode table) and
replacing or extending the postcode table that decides who lives in which area."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.enums import Actor
from tasks.adapters import db
from tasks.steps import postcode_table, seed


@dataclass(frozen=True)
class Initialise:
    """Idempotent: a second run adds nothing and changes nothing a person has set."""

    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class Initialised:
    areas: int  # areas added
    postcodes: int  # postcodes added (the default table, only into an empty table)


def initialise(command: Initialise) -> Initialised:
    db.upgrade_schema()
    with db.session_scope() as session:
        added = seed.seed(session)
    return Initialised(areas=added["areas"], postcodes=added["postcodes"])


@dataclass(frozen=True)
class ImportPostcodes:
    path: Path  # CSV: postcode,area
    replace: bool = False  # replace the whole table instead of extending it
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class PostcodesImported:
    added: int
    changed: int


def import_postcodes(command: ImportPostcodes) -> PostcodesImported:
    """All rows or none; a listed postcode gets the area of the file."""
    with db.session_scope() as session:
        counts = postcode_table.import_table(session, command.path, replace=command.replace)
    return PostcodesImported(added=counts["added"], changed=counts["changed"])
