"""The statements a piece of code sends to the database, counted with SQLAlchemy's cursor
events: a test of an N+1 (a statement per row) that does not depend on timing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def counted() -> Iterator[list[str]]:
    """The SQL of every statement sent on the project's engine inside the block."""
    from tasks.adapters import db

    statements: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = db.engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
