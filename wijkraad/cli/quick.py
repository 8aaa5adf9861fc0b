"""The reads that answer before Typer is loaded: `wijkraad status --json`, `wijkraad areas --json`.

Typer builds the whole command tree (every CLI module, pydantic for its parameters), and the
entities load and configure the ORM's mapper registry: together several times the read itself.
These two reads, asked in exactly this form, are answered with SQLAlchemy Core
(tasks/queries/status.py) and printed as the same JSON document. Any other form (another option,
another order, --help) goes to Typer. So does anything that goes wrong here (the settings, the
database, the clock): the read is done again the ordinary way, which says what is wrong in Dutch
exactly as before. Nothing is printed until the answer is complete, and a read writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

READS: dict[tuple[str, ...], str] = {
    ("status", "--json"): "overview",
    ("areas", "--json"): "areas",
}


def answered(argv: Sequence[str]) -> bool:
    """True when `argv` (the arguments after `wijkraad`) was one of READS and is answered."""
    name = READS.get(tuple(argv))
    if name is None:
        return False
    try:
        document = _read(name)
    except Exception:  # said in Dutch by the ordinary path, which reads again
        return False
    from wijkraad.cli.output import emit_json

    emit_json(document)
    return True


def _read(name: str) -> Any:
    from tasks.adapters import db
    from tasks.adapters.clock import today
    from tasks.queries import status

    reads: dict[str, Callable[..., Any]] = {"overview": status.overview, "areas": status.areas}
    day = today()
    with db.engine().connect() as connection:  # closed with a rollback: nothing is written
        return reads[name](connection, day)
