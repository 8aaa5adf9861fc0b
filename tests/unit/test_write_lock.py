"""How a unit of work takes SQLite's write lock (tasks/adapters/db.py): it waits its turn behind
another process's write, a database that stays busy fails with the usual error and nothing
written, and the connection keeps its own busy timeout for everything else. On a file of its
own, whichever database the run uses: this is about SQLite."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, exc, text

from tasks.adapters import db


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    url = f"sqlite:///{tmp_path / 'slot.db'}"
    made = db.engine_for(url)
    with made.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE row (n INTEGER)")
    yield db._writing(made)
    made.dispose()
    db.engine_for.cache_clear()


def other_writer(engine: Engine) -> sqlite3.Connection:
    """Another process's connection in the middle of a write."""
    other = sqlite3.connect(engine.url.database or "", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM row")).scalar_one())


def test_a_writer_waits_for_the_other_write_and_then_writes(engine: Engine) -> None:
    other = other_writer(engine)
    done = threading.Event()

    def write() -> None:
        with engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO row VALUES (1)")
        done.set()

    writer = threading.Thread(target=write)
    writer.start()
    assert not done.wait(0.3)  # still waiting its turn
    other.rollback()
    other.close()
    writer.join(timeout=10)
    assert done.is_set() and count(engine) == 1


def test_a_database_that_stays_busy_fails_as_before_and_nothing_is_written(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_SECONDS", 0.2)
    other = other_writer(engine)
    try:
        with pytest.raises(exc.OperationalError, match="locked"), engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO row VALUES (1)")
    finally:
        other.rollback()
        other.close()
    assert count(engine) == 0


def test_the_connection_keeps_its_busy_timeout_after_taking_the_lock(engine: Engine) -> None:
    """The lock is taken with SQLite's own wait switched off; every other statement (a checkpoint,
    a read meeting a recovery) waits as configured."""
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO row VALUES (1)")
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
    assert timeout == int(db.BUSY_SECONDS * 1000)


def test_another_failure_is_raised_as_sqlalchemy_raises_it(engine: Engine) -> None:
    """A database opened read-only cannot be written: the usual error, at once."""
    path = Path(engine.url.database or "")
    read_only = db.engine_for(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        writing = db._writing(read_only)
        with pytest.raises(exc.OperationalError, match="readonly"), writing.begin() as connection:
            connection.exec_driver_sql("INSERT INTO row VALUES (1)")
    finally:
        read_only.dispose()
