"""A session for reading: what a query did is rolled back at the end, so a door that only
reads can never write (not even a row created on first use)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from tasks.adapters import db


@contextmanager
def reading() -> Iterator[Session]:
    session = db.sessions(db.engine())()
    try:
        yield session
    finally:
        session.rollback()
        session.close()
