"""Migration 0010 on a database of before: every advice decision recorded earlier becomes an
advice sent on the day of its meeting, its answer due six weeks later; a subsidy stays a
subsidy. On a throwaway SQLite file, apart from the session's schema."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from tasks.adapters.db import MIGRATIONS


def _migrate(url: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_earlier_advice_decisions_become_advice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'before.db'}"
    _migrate(url, "0009")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO areas (id, slug, name, kind, max_seats, min_seats) "
            "VALUES (1, 'ruwaard', 'Ruwaard', 'wijk', 7, 3)"))  # fmt: skip
        connection.execute(text(
            "INSERT INTO meetings (id, area_id, held_on, public) VALUES (1, 1, '2026-03-02', 1)"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO council_decisions (id, meeting_id, kind, summary, organisation) VALUES "
            "(1, 1, 'advies', 'Advies over het Walplein\nMet bomen.', 0), "
            "(2, 1, 'subsidie', 'Buurtfeest', 0)"))  # fmt: skip
    engine.dispose()
    _migrate(url, "head")
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT decision_id, area_id, subject, text, sent_on, answer_due_on, answered_on "
            "FROM advice")).all()  # fmt: skip
    engine.dispose()
    assert len(rows) == 1
    decision_id, area_id, subject, body, sent_on, due_on, answered_on = rows[0]
    assert (decision_id, area_id, subject) == (1, 1, "Advies over het Walplein")
    assert body == "Advies over het Walplein\nMet bomen."
    assert date.fromisoformat(str(sent_on)) == date(2026, 3, 2)
    assert date.fromisoformat(str(due_on)) == date(2026, 4, 13)
    assert answered_on is None
