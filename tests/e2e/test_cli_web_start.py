"""`wijkraad web` never migrates: on an empty database or one whose migrations are behind, it
refuses to start with a Dutch message naming `wijkraad init`, and the database is left as it
was. On a current schema it starts (uvicorn is replaced by a stand-in that records the call)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tasks.adapters import db as database


@pytest.fixture
def other_database(database_url: str, tmp_path, monkeypatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A database of its own, empty: a SQLite file, or a throwaway PostgreSQL database when the
    tests run on PostgreSQL. WIJKRAAD_DATABASE_URL names it for the test."""
    if database_url.startswith("postgresql"):
        from tests.e2e import topology

        with topology.throwaway_databases("webstart") as names:
            url = topology.app_url(names["webstart"])
            monkeypatch.setenv("WIJKRAAD_DATABASE_URL", url)
            yield url
            database.engine_for(url).dispose()
    else:
        url = f"sqlite:///{tmp_path / 'other.db'}"
        monkeypatch.setenv("WIJKRAAD_DATABASE_URL", url)
        yield url


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    return calls


def _revision() -> tuple[str, ...]:
    from alembic.migration import MigrationContext

    with database.engine().connect() as connection:
        return tuple(MigrationContext.configure(connection).get_current_heads())


def test_an_empty_database_is_not_migrated_by_web(other_database, served, cli) -> None:  # type: ignore[no-untyped-def]
    refused = cli("web", "--no-prefect")
    assert refused.exit_code == 1
    assert "De webpagina start niet" in refused.stderr and "wijkraad init" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert served == [] and _revision() == ()


def test_a_database_behind_the_code_is_not_migrated_by_web(other_database, served, cli) -> None:  # type: ignore[no-untyped-def]
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    previous = ScriptDirectory.from_config(config).get_revision(head).down_revision
    assert isinstance(previous, str)
    with database.engine().begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, previous)
    refused = cli("web", "--no-prefect")
    assert refused.exit_code == 1
    assert f"revisie {previous}" in refused.stderr and "wijkraad init" in refused.stderr
    assert served == [] and _revision() == (previous,)


def test_a_current_database_starts_the_page(db, served, cli) -> None:  # type: ignore[no-untyped-def]
    started = cli("web", "--no-prefect", "--port", "8123")
    assert started.exit_code == 0, started.stderr
    assert [(call["port"], call["factory"]) for call in served] == [(8123, True)]
