"""The database: engines per URL, sessions as units of work, migrations."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event

from tasks.adapters import environment

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


# How long a command waits for another process's write before it says the database is busy.
BUSY_SECONDS = 30.0
# How a unit of work waits for the write lock: tries again after FIRST_PAUSE, doubling up to
# LAST_PAUSE (seconds).
FIRST_PAUSE = 0.0005
LAST_PAUSE = 0.002


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on, and transactions that SQLAlchemy controls: pysqlite's own handling
    breaks SAVEPOINT, which all-or-nothing imports rely on (SQLAlchemy's documented recipe).

    Parallel commands take turns: each connection waits up to BUSY_SECONDS for a lock, and the
    write-ahead log (a property of the file, which stays) lets readers go on during a write.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    with contextlib.suppress(sqlite3.DatabaseError):  # read-only: keeps its journal, still reads
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _begin_sqlite(connection: Any) -> None:
    """A unit of work that may write takes the write lock when it begins (BEGIN IMMEDIATE),
    waiting its turn. With a plain BEGIN it would read first and fail at its first write when
    another process wrote in between ("database is locked" at once, no waiting)."""
    if connection.get_execution_options().get("wijkraad_write", False):
        _take_write_lock(connection)
    else:
        connection.exec_driver_sql("BEGIN")


def _take_write_lock(connection: Any) -> None:
    """BEGIN IMMEDIATE, tried again every few milliseconds until BUSY_SECONDS have passed.

    SQLite's own busy handler sleeps 1, 2, 5, 10, ... then 100 ms between its tries, so a writer
    behind a short write often sleeps on well after the lock is free: a web action behind the
    workers' writes waited 76 ms on average for a lock held about 5 ms at a time (bench/web.py);
    trying every 2 ms it waited 26 ms. Only this wait changes: a read never waits for a writer
    (write-ahead log), and a commit holds the lock already. The last try goes through
    SQLAlchemy, so a database that stays busy, or any other failure, raises as before."""
    raw = connection.connection.dbapi_connection
    deadline = time.monotonic() + BUSY_SECONDS
    pause = FIRST_PAUSE
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                code = getattr(exc, "sqlite_errorcode", sqlite3.SQLITE_BUSY)
                if code & 0xFF != sqlite3.SQLITE_BUSY:
                    break  # another failure: raised below as SQLAlchemy raises it
            time.sleep(pause)
            pause = min(pause * 2, LAST_PAUSE)
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, hide_parameters=True)  # no personal data in error logs
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def engine() -> Engine:
    return engine_for(environment.database_url())


@lru_cache(maxsize=8)
def _writing(base: Engine) -> Engine:
    """The same engine (pool, connections), its transactions marked as units of work."""
    return base.execution_options(wijkraad_write=True)


@lru_cache(maxsize=16)
def sessions(bind: Engine) -> sessionmaker[Session]:
    """The session factory of an engine, made once: each `sessionmaker` makes a Session class of
    its own, whose event dispatch SQLAlchemy then sets up again (0.13 ms per unit of work)."""
    from sqlalchemy.orm import sessionmaker  # here: a read with Core alone never loads the ORM

    return sessionmaker(bind=bind, expire_on_commit=False)


@contextmanager
def session_scope() -> Iterator[Session]:
    """One unit of work: commits when the block ends, rolls everything back on any error."""
    session = sessions(_writing(engine()))()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def upgrade_schema() -> None:
    """alembic upgrade head on the configured database."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine().begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def drop_everything() -> None:
    """Drop every table of the project (for a fresh simulation or test database)."""
    import models

    with engine().begin() as connection:
        models.Base.metadata.drop_all(connection)
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
