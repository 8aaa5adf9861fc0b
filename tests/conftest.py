"""Shared fixtures: a real database (SQLite by default, PostgreSQL when
WIJKRAAD_TEST_DATABASE_URL says so), a fixed clock and the CLI run in-process."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

pytest_plugins = [
    "tests.skip_policy",
    "tests.fixtures_prefect",
    "tests.fixtures_smtp",
    "pytester",
]


def pytest_configure(config: pytest.Config) -> None:
    """Point every setting at a throwaway home before any project module reads it."""
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="wijkraad-test-"))
    os.environ["WIJKRAAD_HOME"] = str(home)
    os.environ["PREFECT_HOME"] = str(home / "prefect")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # as for the commands (tasks/adapters/orchestrator.py): Prefect's own log lines go to a file
    # under its home, never to a terminal; a console handler would also keep writing to the
    # stream of the test that first configured it, after pytest closed it
    logging_config = Path(__file__).resolve().parents[1] / "tasks/adapters/prefect_logging.yml"
    os.environ.setdefault("PREFECT_LOGGING_SETTINGS_PATH", str(logging_config))
    # as for the local server (tasks/adapters/orchestrator.py): on SQLite the task-run recorder
    # makes flow-run creation fail with 503 and the client wait ~2 s per flow
    os.environ.setdefault("PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED", "false")
    url = os.environ.get("WIJKRAAD_TEST_DATABASE_URL") or f"sqlite:///{home / 'test.db'}"
    os.environ["WIJKRAAD_DATABASE_URL"] = worker_database(url)
    # Starlette's TestClient asks for the host "testserver"; the live servers for 127.0.0.1
    os.environ["WIJKRAAD_WEB_HOSTS"] = "127.0.0.1,localhost,testserver"
    for name in ("WIJKRAAD_SMTP_HOST", "WIJKRAAD_NOW"):
        os.environ.pop(name, None)
    # a pytest-xdist worker inherits a fixed terminal size (COLUMNS=80); the CLI's console
    # would keep it from its import on, whatever a test sets (the `cli` fixture sets 200)
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)


# The test files that take longest, the longest first (`--durations`, December 2026). The
# workers take whole files (`--dist loadfile`) in collection order (`--no-loadscope-reorder`,
# Makefile): these start first, so that no worker idles at the end while another is still in
# a long file. A file not listed keeps its place after them.
SLOW_FILES = (
    # tests/e2e
    "tests/e2e/test_production.py",
    "tests/e2e/test_simulation.py",
    "tests/e2e/test_workers.py",
    "tests/e2e/test_concurrent_renew.py",
    "tests/e2e/test_web_and_cli_at_once.py",
    "tests/e2e/test_cli_privacy.py",
    "tests/e2e/test_cli_procedure_refusals.py",
    "tests/e2e/test_hostile_input.py",
    "tests/e2e/test_cli_procedure.py",
    "tests/e2e/test_cli_prefect_quiet.py",
    # tests/unit, tests/integration, tests/web
    "tests/integration/test_panel_draw.py",
    "tests/web/test_year.py",
    "tests/integration/test_followups.py",
    "tests/web/test_procedure_tools_browser.py",
    "tests/integration/test_invariants.py",
    "tests/integration/test_letters_true.py",
    "tests/web/test_login_throttle.py",
    "tests/web/test_panel_browser.py",
    "tests/integration/test_procedure_flows.py",
    "tests/web/test_public_council_browser.py",
)


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """The slow files first (SLOW_FILES); the order within a file and of the others stays."""
    rank = {name: place for place, name in enumerate(SLOW_FILES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


def worker_database(url: str) -> str:
    """With pytest-xdist every worker process has a database of its own: on SQLite its own
    home already; on PostgreSQL a database per worker named after the run's (`NAME_gw0`),
    created here and dropped when the worker ends."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not url.startswith("postgresql"):
        return url
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    admin = base.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{own.database}"')
    os.environ["WIJKRAAD_TEST_WORKER_DATABASE"] = own.render_as_string(hide_password=False)
    return own.render_as_string(hide_password=False)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Drop the worker's own PostgreSQL database (worker_database)."""
    url = os.environ.pop("WIJKRAAD_TEST_WORKER_DATABASE", None)
    if not url:
        return
    import psycopg
    from sqlalchemy.engine import make_url

    from tasks.adapters import db

    db.engine_for.cache_clear()  # the engines of this process are done
    own = make_url(url)
    admin = own.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_url() -> str:
    return os.environ["WIJKRAAD_DATABASE_URL"]


@pytest.fixture(scope="session")
def schema(database_url: str) -> str:
    """The schema, built once per session by the real migrations."""
    import models
    from tasks.adapters import db

    engine = db.engine()
    with engine.begin() as connection:
        models.Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.upgrade_schema()
    return database_url


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> str:
    """The clock for a test; a test may set WIJKRAAD_NOW again to jump ahead."""
    moment = "2026-11-28T09:00"
    monkeypatch.setenv("WIJKRAAD_NOW", moment)
    return moment


SEEDED = ("areas", "postcode_areas", "terms")


@pytest.fixture
def db(schema: str, now: str) -> Iterator[None]:
    """An empty database with the seed (areas, postcodes, terms) for each test.

    The seed itself is kept between tests, for speed; a test that changes the postcode table
    uses `postcodes_restored`.
    """
    import models
    from tasks.adapters import db as database
    from tasks.steps import seed

    with database.engine().begin() as connection:
        for table in reversed(models.Base.metadata.sorted_tables):
            if table.name not in SEEDED:
                connection.execute(table.delete())
        connection.execute(text("UPDATE areas SET max_seats = 7, min_seats = 3"))
    with database.session_scope() as session:
        seed.seed(session)
    yield


@pytest.fixture
def postcodes_restored(db: None) -> Iterator[None]:
    """For a test that changes the postcode table: the default table again afterwards."""
    from tasks.adapters import db as database
    from tasks.steps import seed

    yield
    with database.engine().begin() as connection:
        connection.execute(text("DELETE FROM postcode_areas"))
    with database.session_scope() as session:
        seed.seed(session)


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):  # type: ignore[no-untyped-def]
        import json

        return json.loads(self.stdout)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run `wijkraad ARGS` in this process, as a user would on the command line."""
    from wijkraad.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["wijkraad", *args])
        monkeypatch.setenv("COLUMNS", "200")
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run


@pytest.fixture
def table_counts(schema: str):  # type: ignore[no-untyped-def]
    """Row counts of every table, to prove that a refused command wrote nothing."""
    import models
    from tasks.adapters import db as database

    def counts() -> dict[str, int]:
        with database.engine().connect() as connection:
            return {
                t.name: connection.execute(text(f"SELECT count(*) FROM {t.name}")).scalar_one()
                for t in models.Base.metadata.sorted_tables
            }

    return counts
