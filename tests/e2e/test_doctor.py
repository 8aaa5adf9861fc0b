"""`wijkraad doctor`: each check failing, warnings that do not fail, and everything well.

Real components throughout: the test database, aiosmtpd (with STARTTLS and a login), the
session's Prefect test server with the two deployments of `wijkraad serve` applied to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import models
from models.enums import MessageStatus
from tasks.adapters import db
from tests.fixtures_smtp import SmtpServer, free_port

NOW = datetime(2026, 11, 28, 9, 0)  # the `now` fixture's clock
Cli = Callable[..., Any]  # the `cli` fixture


def doctor(cli: Cli) -> tuple[int, dict[str, dict[str, Any]], str]:
    """Exit status, the checks by key, and stderr."""
    result = cli("doctor", "--json")
    assert "Traceback" not in result.stderr
    report = result.json()
    assert report["ok"] == (result.exit_code == 0)
    return result.exit_code, {c["key"]: c for c in report["checks"]}, result.stderr


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No Prefect server known (no PREFECT_API_URL, no local server in this home)."""
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("WIJKRAAD_HOME", str(tmp_path / "home"))


def monitor_ran(at: datetime, failed: int = 0) -> None:
    from tasks.steps import monitor_runs

    monitor_runs.record(at, {"screened": 0, "reminders": 0}, failed)


def own_postcode_table(cli: Cli, tmp_path: Path) -> None:
    """The municipality's table: the shipped one with one block of Ruwaard added."""
    extra = tmp_path / "postcodes.csv"
    extra.write_text("postcode,area\n5345ZZ,ruwaard\n", encoding="utf-8")
    assert cli("postcodes", "import", str(extra)).exit_code == 0


def outbox_row(status: MessageStatus, created: datetime, next_attempt: datetime | None) -> int:
    with db.session_scope() as session:
        message = models.OutboxMessage(
            idempotency_key=f"doctor:{status.value}:{created.isoformat()}",
            template="digest",
            recipient_role="coordinator",
            context={},
            status=status,
            attempts=1,
            created_at=created,
            next_attempt_at=next_attempt,
        )
        session.add(message)
        session.flush()
        return message.id


# -- database ----------------------------------------------------------------------------------


def test_a_database_that_does_not_answer_is_an_error_and_the_rest_is_skipped(
    cli: Cli, quiet: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "WIJKRAAD_DATABASE_URL", f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/niets"
    )
    code, checks, _ = doctor(cli)
    assert code == 1
    assert checks["database"]["status"] == "error"
    assert "antwoordt niet" in checks["database"]["verdict"]
    assert "WIJKRAAD_DATABASE_URL" in checks["database"]["action"]
    for key in ("postcodes", "monitor", "mail"):
        assert checks[key]["status"] == "skipped"


def _migrate_to(revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    with db.engine().begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_an_empty_database_and_one_behind_the_code_say_run_init(
    cli: Cli, quiet: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WIJKRAAD_DATABASE_URL", f"sqlite:///{tmp_path / 'oud.db'}")
    code, checks, _ = doctor(cli)
    assert code == 1 and checks["database"]["status"] == "error"
    assert "leeg" in checks["database"]["verdict"]
    assert "wijkraad init" in checks["database"]["action"]

    _migrate_to("0006")
    code, checks, _ = doctor(cli)
    assert code == 1 and checks["database"]["status"] == "error"
    assert "revisie 0006" in checks["database"]["verdict"]
    assert f"verwacht {_head()}" in checks["database"]["verdict"]
    assert "wijkraad init" in checks["database"]["action"]
    assert checks["monitor"]["status"] == "error"  # its table comes with 0007: not readable

    assert cli("init").exit_code == 0
    _, checks, _ = doctor(cli)
    assert checks["database"]["status"] == "ok"


# -- postcode table -----------------------------------------------------------------------------


@pytest.mark.usefixtures("postcodes_restored")
def test_the_shipped_postcode_table_is_a_warning_until_the_municipalitys_is_imported(
    cli: Cli, quiet: None, tmp_path: Path
) -> None:
    _, checks, _ = doctor(cli)
    assert checks["postcodes"]["status"] == "warning"
    assert "meegeleverde startpunt" in checks["postcodes"]["verdict"]
    assert "postcodes import" in checks["postcodes"]["action"]
    own_postcode_table(cli, tmp_path)
    _, checks, _ = doctor(cli)
    assert checks["postcodes"]["status"] == "ok"


# -- SMTP ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("db")
def test_without_an_smtp_host_mail_goes_to_files_and_that_is_said(cli: Cli, quiet: None) -> None:
    _, checks, _ = doctor(cli)
    assert checks["smtp"]["status"] == "warning"
    assert ".eml" in checks["smtp"]["verdict"]


@pytest.mark.usefixtures("db")
def test_an_smtp_server_that_does_not_answer_is_an_error(
    cli: Cli, quiet: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIJKRAAD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WIJKRAAD_SMTP_PORT", str(free_port()))
    code, checks, _ = doctor(cli)
    assert code == 1 and checks["smtp"]["status"] == "error"
    assert "faalt bij de verbinding" in checks["smtp"]["verdict"]


@pytest.mark.usefixtures("db")
def test_starttls_and_the_login_are_tried_and_no_mail_is_sent(
    cli: Cli, quiet: None, smtp_tls_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, checks, _ = doctor(cli)
    assert checks["smtp"]["status"] == "ok", checks["smtp"]
    assert "STARTTLS" in checks["smtp"]["verdict"] and "aanmelding" in checks["smtp"]["verdict"]
    assert smtp_tls_server.handler.count() == 0

    monkeypatch.setenv("WIJKRAAD_SMTP_PASSWORD", "fout-wachtwoord")
    code, checks, _ = doctor(cli)
    assert code == 1 and checks["smtp"]["status"] == "error"
    assert "de aanmelding" in checks["smtp"]["verdict"]

    monkeypatch.delenv("WIJKRAAD_SMTP_CA_FILE")  # the throwaway certificate is not trusted
    code, checks, _ = doctor(cli)
    assert code == 1 and "STARTTLS" in checks["smtp"]["verdict"]


# -- Prefect -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("db")
def test_no_prefect_server_known_is_a_warning_and_one_that_does_not_answer_an_error(
    cli: Cli, quiet: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, checks, _ = doctor(cli)
    assert checks["prefect"]["status"] == "warning"
    assert "PREFECT_API_URL" in checks["prefect"]["verdict"]
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{free_port()}/api")
    code, checks, _ = doctor(cli)
    assert code == 1 and checks["prefect"]["status"] == "error"
    assert "antwoordt niet" in checks["prefect"]["verdict"]


@pytest.fixture
def deployed(prefect: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The two deployments of `wijkraad serve` on the session's Prefect server (the doctor is
    pointed at it with PREFECT_API_URL); deleted afterwards, so that its scheduler leaves the
    shared server alone."""
    from prefect.client.orchestration import get_client
    from prefect.settings import get_current_settings

    from flows.serve import deployments

    monkeypatch.setenv("PREFECT_API_URL", str(get_current_settings().api.url))
    applied = deployments()
    ids: list[Any] = []
    try:
        yield applied
    finally:
        with get_client(sync_client=True) as client:
            for deployment in applied:
                for found in client.read_deployments():
                    if found.name == deployment.name:
                        ids.append(found.id)
            for deployment_id in ids:
                client.delete_deployment(deployment_id)


@pytest.mark.prefect
def test_both_deployments_must_exist_with_their_schedules(
    cli: Cli, deployed: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monitor_deployment, mail_deployment = deployed
    monitor_deployment.apply()
    code, checks, _ = doctor(cli)
    assert code == 1 and checks["prefect"]["status"] == "error"
    assert "deliver-mail/deliver-mail-every-minute bestaat niet" in checks["prefect"]["verdict"]
    assert "prefect deploy --all" in checks["prefect"]["action"]

    mail_deployment.apply()
    _, checks, _ = doctor(cli)
    assert checks["prefect"]["status"] == "ok", checks["prefect"]
    assert "cron 0 7 * * * Europe/Amsterdam" in checks["prefect"]["verdict"]

    monkeypatch.setenv("WIJKRAAD_MONITOR_TIME", "06:30")
    _, checks, _ = doctor(cli)
    assert checks["prefect"]["status"] == "warning"
    assert "WIJKRAAD_MONITOR_TIME" in checks["prefect"]["verdict"]


# -- the daily monitor ---------------------------------------------------------------------------


@pytest.mark.usefixtures("db")
def test_a_monitor_that_never_ran_or_not_for_a_day_and_a_half_is_an_error(
    cli: Cli, quiet: None
) -> None:
    code, checks, _ = doctor(cli)
    assert code == 1 and checks["monitor"]["status"] == "error"
    assert "nog nooit" in checks["monitor"]["verdict"]
    assert "wijkraad tick" in checks["monitor"]["action"]

    monitor_ran(NOW - timedelta(hours=37))
    code, checks, _ = doctor(cli)
    assert code == 1 and checks["monitor"]["status"] == "error"
    assert (
        "26-11-2026 20:00" in checks["monitor"]["verdict"]
        and "37 uur" in (checks["monitor"]["verdict"])
    )

    monitor_ran(NOW - timedelta(hours=35))
    _, checks, _ = doctor(cli)
    assert checks["monitor"]["status"] == "ok"

    monitor_ran(NOW - timedelta(hours=1), failed=2)
    _, checks, _ = doctor(cli)
    assert checks["monitor"]["status"] == "warning"
    assert "2 procedure(s) mislukte" in checks["monitor"]["verdict"]


@pytest.mark.prefect
def test_the_monitor_flow_records_its_run_once_a_day(
    prefect: None, table_counts: Callable[[], dict[str, int]]
) -> None:
    from flows.monitor import monitor

    monitor()
    after_first = table_counts()
    monitor()
    assert table_counts() == after_first  # a rerun on the same day adds no row
    with db.session_scope() as session:
        [run] = session.query(models.MonitorRun).all()
        assert (run.day, run.runs, run.last_at) == (NOW.date(), 2, NOW)


# -- mail ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("db")
def test_mail_stuck_in_sending_or_temporary_failure_is_an_error(cli: Cli, quiet: None) -> None:
    outbox_row(MessageStatus.TEMPORARY_FAILURE, NOW - timedelta(hours=2), NOW)
    outbox_row(MessageStatus.SENDING, NOW - timedelta(minutes=20), NOW)
    _, checks, _ = doctor(cli)
    assert checks["mail"]["status"] == "ok"  # retrying and being sent, as it should

    lost = outbox_row(MessageStatus.SENDING, NOW - timedelta(hours=1), NOW - timedelta(minutes=16))
    code, checks, _ = doctor(cli)
    assert code == 1 and checks["mail"]["status"] == "error"
    assert (
        f"1 in 'sending' langer dan twee keer de lease van 15 minuten (berichten {lost})"
        in (checks["mail"]["verdict"])
    )
    assert "temporary_failure" not in checks["mail"]["verdict"]

    old = outbox_row(MessageStatus.TEMPORARY_FAILURE, NOW - timedelta(hours=79), NOW)
    _, checks, _ = doctor(cli)
    assert (
        f"1 in 'temporary_failure' langer dan de herhaaltermijn van 72 uur (berichten {old})"
        in checks["mail"]["verdict"]
    )
    assert "mail list" in checks["mail"]["action"]


# -- together ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("db")
def test_warnings_alone_do_not_fail(cli: Cli, quiet: None) -> None:
    monitor_ran(NOW - timedelta(hours=2))
    result = cli("doctor")
    assert result.exit_code == 0, result.stdout
    assert "let op" in result.stdout and "Alles werkt." in result.stdout


@pytest.mark.prefect
@pytest.mark.usefixtures("postcodes_restored")
def test_all_checks_pass(
    cli: Cli, deployed: list[Any], smtp_server: SmtpServer, tmp_path: Path
) -> None:
    from flows.monitor import monitor

    assert deployed, "no deployments to apply"
    for deployment in deployed:
        deployment.apply()
    own_postcode_table(cli, tmp_path)
    monitor()
    code, checks, _ = doctor(cli)
    assert {key: c["status"] for key, c in checks.items()} == dict.fromkeys(
        ("database", "postcodes", "smtp", "prefect", "monitor", "mail"), "ok"
    ), checks
    assert code == 0
    assert smtp_server.handler.count() == 0
    human = cli("doctor")
    assert human.exit_code == 0 and "Alles werkt." in human.stdout


def _head() -> str:
    """The newest migration of the code (the test must not go stale when one is added)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from tasks.adapters.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return str(ScriptDirectory.from_config(config).get_current_head())
