"""What goes wrong outside the rules is said in Dutch, without a traceback, and writes nothing:
numbers the database cannot hold, a database that is missing, corrupt, read-only, unreachable
or busy, invalid settings, a Prefect server that does not answer."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from models.enums import MessageStatus
from tests.conftest import CliResult

pytestmark = pytest.mark.usefixtures("db")

WIJKRAAD = str(Path(sys.executable).with_name("wijkraad"))


def refused(result: CliResult) -> str:
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Fout:"), result.stderr
    return " ".join(result.stderr.split())


@pytest.fixture
def sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A SQLite database file of its own, set up and seeded, whichever database the run uses:
    these tests are about the file. Returns its path; WIJKRAAD_DATABASE_URL names it."""
    from tasks.steps import seed

    path = tmp_path / "eigen.db"
    monkeypatch.setenv("WIJKRAAD_DATABASE_URL", f"sqlite:///{path}")
    seed.initialise()
    return str(path)


@pytest.mark.parametrize(
    "args",
    [
        ("members", "leave", "99999999999999999999", "--reason", "verhuisd"),
        ("members", "leave", "--", "-99999999999999999999", "--reason", "verhuisd"),
        ("status", "2147483648"),
        ("mail", "show", "9" * 40),
        ("nominate", "1", "2", "99999999999999"),
    ],
)
def test_numbers_beyond_the_database_are_refused(cli, table_counts, args) -> None:  # type: ignore[no-untyped-def]
    before = table_counts()
    message = refused(cli(*args))
    assert "is te groot (hoogstens 2147483647)" in message
    assert table_counts() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("members", "leave", "abc", "--reason", "x"), "'abc' is geen geheel getal"),
        (("mail", "list", "--limit", "0"), "'0' moet minstens 1 zijn"),
        (("members", "list", "extra"), "onverwachte extra invoer: extra"),
        (("members", "add", "--name"), "de optie --name heeft een waarde nodig"),
        (("bestaat-niet",), "onbekende opdracht: bestaat-niet"),
    ],
)
def test_a_mistyped_command_line_is_answered_in_dutch(cli, args, words) -> None:  # type: ignore[no-untyped-def]
    message = refused(cli(*args))
    assert words in message
    for english in ("Input should", "Got unexpected", "requires an argument", "No such command"):
        assert english not in message


def test_an_uninitialised_database_says_run_init(cli, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WIJKRAAD_DATABASE_URL", f"sqlite:///{tmp_path / 'nieuw.db'}")
    assert "voer eerst 'wijkraad init' uit" in refused(cli("members", "list"))


def test_a_corrupt_database_file(cli, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "kapot.db"
    broken.write_bytes(b"dit is geen database\n" * 100)
    monkeypatch.setenv("WIJKRAAD_DATABASE_URL", f"sqlite:///{broken}")
    assert "is beschadigd of geen wijkraad-database" in refused(cli("members", "list"))


def test_a_read_only_database_writes_nothing(cli, table_counts, monkeypatch, sqlite_file) -> None:  # type: ignore[no-untyped-def]
    path = sqlite_file
    monkeypatch.setenv("WIJKRAAD_DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    before = table_counts()
    result = cli(
        "members", "add", "--area", "ruwaard", "--name", "Anna", "--email", "anna@example.nl",
        "--postcode", "5343AB", "--house-number", "1",
    )  # fmt: skip
    assert "is alleen-lezen; er is niets vastgelegd" in refused(result)
    assert table_counts() == before


def test_an_unreachable_database_server(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(
        "WIJKRAAD_DATABASE_URL", "postgresql+psycopg://wijkraad:geheim@127.0.0.1:1/wijkraad"
    )
    message = refused(cli("members", "list"))
    assert "is niet bereikbaar" in message
    assert "geheim" not in message  # the password is never shown


def test_a_database_address_that_is_none(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WIJKRAAD_DATABASE_URL", "mysql-achtig://")
    assert "is geen database-adres" in refused(cli("members", "list"))


def test_a_busy_database_answers_after_a_bounded_wait(  # type: ignore[no-untyped-def]
    cli, table_counts, monkeypatch, sqlite_file
) -> None:
    from tasks.adapters import db

    # only the wait goes back afterwards (monkeypatch.undo() would also point the database
    # address back at the worker's own database, and the counts below at the wrong file)
    with monkeypatch.context() as short:
        short.setattr(db, "BUSY_SECONDS", 0.5)
        db.engine().dispose()  # new connections wait 0.5 s instead of 30
        before = table_counts()
        other = sqlite3.connect(sqlite_file, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another process is writing
            result = cli(
                "members", "add", "--area", "ruwaard", "--name", "Anna", "--email",
                "anna@example.nl", "--postcode", "5343AB", "--house-number", "1",
            )  # fmt: skip
        finally:
            other.rollback()
            other.close()
    db.engine().dispose()
    assert "de database is bezig met een andere opdracht" in refused(result)
    assert table_counts() == before


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("WIJKRAAD_SMTP_PORT", "vijfentwintig", "WIJKRAAD_SMTP_PORT: 'vijfentwintig' is geen"),
        ("WIJKRAAD_SMTP_SECURITY", "ssl", "WIJKRAAD_SMTP_SECURITY: 'ssl' kan niet"),
        ("WIJKRAAD_MAIL_CONCURRENCY", "0", "WIJKRAAD_MAIL_CONCURRENCY: '0' moet minstens 1"),
        ("WIJKRAAD_STAGE_DAYS", "{kapot", "WIJKRAAD_STAGE_DAYS: geen geldige JSON"),
    ],
)
def test_invalid_settings_name_the_variable(cli, monkeypatch, variable, value, words) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(variable, value)
    assert words in refused(cli("members", "list"))


def _subprocess(args: list[str], home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"WIJKRAAD_HOME": str(home), "WIJKRAAD_NOW": "2026-11-28T09:00", "COLUMNS": "200"}
    env |= extra
    return subprocess.run(
        [WIJKRAAD, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("command", [["tick"], ["mail", "send"]])
@pytest.mark.usefixtures("db")  # an empty database, and the clock the subprocess has
def test_an_unreachable_prefect_server_is_said_in_dutch(  # type: ignore[no-untyped-def]
    command, table_counts, tmp_path
) -> None:
    from tasks.adapters import db
    from tasks.mail import outbox

    with db.session_scope() as session:  # something to send, so that `mail send` runs its flow
        message = outbox.enqueue(
            session, template="dagoverzicht", subject="test", role="coordinator"
        )
        message.status = MessageStatus.PENDING  # due, though it cannot be written: no flow runs
        message.next_attempt_at = message.created_at
    before = table_counts()
    done = _subprocess(command, tmp_path, PREFECT_API_URL="http://127.0.0.1:9/api")
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert "De Prefect-server op http://127.0.0.1:9/api (PREFECT_API_URL) is niet bereikbaar" in (
        " ".join(done.stderr.split())
    )
    assert len(done.stderr.splitlines()) <= 4
    assert table_counts() == before
