"""Read-only views for the CLI: plain dicts, the same for the Rich table and for --json."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from models.terms import term_on
from tasks.queries import status

# The members' listing moved to tasks/queries/members.py; these names stay for existing callers.
from tasks.queries.members import membership_view as membership_view
from tasks.queries.members import sitting_members as sitting_members


def areas(session: Session, day: date) -> list[dict[str, Any]]:
    return status.areas(session, day)


def terms(day: date) -> list[dict[str, Any]]:
    current = term_on(day)
    return [
        {"which": which, "election_year": t.election_year, "start": t.start, "end": t.end}
        for which, t in (("current", current), ("next", current.next()))
    ]
