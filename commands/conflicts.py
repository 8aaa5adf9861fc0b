"""Two doors (or two processes) doing the same thing at the same moment: the database's unique
constraints let one win, and the other hears in Dutch that it was already done."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from models.errors import AlreadyDone


@contextmanager
def already_done_on_conflict(message: str, *, field: str | None = None) -> Iterator[None]:
    try:
        yield
    except IntegrityError as exc:
        raise AlreadyDone(message, field=field) from exc
