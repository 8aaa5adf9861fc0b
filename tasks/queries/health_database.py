"""The doctor's checks that read the application's database: the database itself and its
migrations, the postcode table, the daily monitor's last run and mail that is stuck."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError

import models
from models import Area, OutboxMessage, PostcodeArea
from models.enums import MessageStatus
from models.monitor_run import MonitorRun
from models.postcodes import normalise
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.adapters.settings import get_settings
from tasks.queries.health import Check, Status

DATABASE, POSTCODES, MONITOR, MAIL = "database", "postcodetabel", "dagelijkse controle", "mail"
SHIPPED_POSTCODES = Path(models.__file__).resolve().parent / "data" / "postcodes.csv"
MONITOR_MAX_AGE = timedelta(hours=36)
CONNECT_TIMEOUT_SECONDS = 5
INIT = "Voer 'wijkraad init' uit: dat werkt de database bij (en verandert verder niets)."


def moment(value: datetime) -> str:
    return value.strftime("%d-%m-%Y %H:%M")


def problem(error: BaseException) -> str:
    """The first line of an error, short: enough to recognise it, no stack trace."""
    lines = str(error).strip().splitlines() or [""]
    return f"{type(error).__name__}: {lines[0][:200]}".rstrip(": ")


def guarded(key: str, name: str, check: Callable[[], Check]) -> Check:
    """A check that could not read what it needs (a table missing on an old schema)."""
    try:
        return check()
    except SQLAlchemyError as error:
        return Check(key, name, Status.ERROR, f"Niet te lezen ({problem(error)}).", INIT)


def _probe_engine(url: str):  # type: ignore[no-untyped-def]
    """An engine that gives up quickly on a server that does not answer."""
    if url.startswith("postgresql"):
        return create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    return db.engine()


def _migrations() -> tuple[tuple[str, ...], object]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    return tuple(script.get_heads()), script


def database() -> tuple[Check, bool]:
    """The database answers and its migrations are at the code's head. Also says whether the
    other database checks can run (the database answers)."""
    from alembic.migration import MigrationContext
    from alembic.util import CommandError

    url = get_settings().resolved_database_url
    engine = _probe_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = tuple(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        return (
            Check(
                "database",
                DATABASE,
                Status.ERROR,
                f"De database antwoordt niet ({problem(error)}).",
                "Controleer WIJKRAAD_DATABASE_URL en of de databaseserver draait.",
            ),
            False,
        )
    finally:
        if engine is not db.engine():
            engine.dispose()
    heads, script = _migrations()
    if current == heads:
        verdict = f"De database antwoordt; de migraties zijn bij (revisie {', '.join(heads)})."
        return Check("database", DATABASE, Status.OK, verdict), True
    if not current:
        verdict = "De database antwoordt, maar is leeg: er zijn nog geen tabellen."
        return Check("database", DATABASE, Status.ERROR, verdict, INIT), False
    try:
        for revision in current:
            script.get_revision(revision)  # type: ignore[attr-defined]
    except CommandError:
        verdict = (
            f"De database staat op revisie {', '.join(current)}, die deze code niet kent: "
            "de database is nieuwer dan de code."
        )
        action = "Installeer de versie van wijkraden die bij de database hoort."
        return Check("database", DATABASE, Status.ERROR, verdict, action), True
    verdict = (
        f"De database staat op revisie {', '.join(current)}; deze code verwacht {', '.join(heads)}."
    )
    action = INIT + " Doe dat vóór u workers en webprocessen met de nieuwe code start."
    return Check("database", DATABASE, Status.ERROR, verdict, action), True


def _shipped_table() -> set[tuple[str, str]]:
    with SHIPPED_POSTCODES.open(newline="", encoding="utf-8") as handle:
        return {
            (normalise(row["postcode"], allow_four_digits=True), row["area"].strip().lower())
            for row in csv.DictReader(handle)
        }


def postcodes() -> Check:
    """A warning while the table is still the shipped starting point."""
    with db.session_scope() as session:
        rows = session.execute(
            select(PostcodeArea.postcode, Area.slug).join(Area, Area.id == PostcodeArea.area_id)
        )
        table = {(postcode, slug) for postcode, slug in rows}
    if not table:
        verdict = "De postcodetabel is leeg: niemands woonplaats kan worden getoetst."
        return Check("postcodes", POSTCODES, Status.ERROR, verdict, INIT)
    if table == _shipped_table():
        return Check(
            "postcodes",
            POSTCODES,
            Status.WARNING,
            f"De postcodetabel is nog het meegeleverde startpunt ({len(table)} regels), niet "
            "de indeling van de gemeente.",
            "Lees de indeling van de gemeente in: "
            "'wijkraad postcodes import BESTAND.csv --replace'.",
        )
    verdict = f"De postcodetabel is ingelezen ({len(table)} regels)."
    return Check("postcodes", POSTCODES, Status.OK, verdict)


def monitor() -> Check:
    """The daily monitor ran within the last day and a half."""
    with db.session_scope() as session:
        last = session.scalar(select(MonitorRun).order_by(MonitorRun.last_at.desc()).limit(1))
        action = (
            "Controleer dat de Prefect-worker (of 'wijkraad serve') draait en de deployment "
            "monitor/monitor-daily een schema heeft; 'wijkraad tick' draait de controle nu."
        )
        if last is None:
            verdict = "De dagelijkse controle heeft nog nooit gedraaid."
            return Check("monitor", MONITOR, Status.ERROR, verdict, action)
        age = now() - last.last_at
        hours = int(age.total_seconds() // 3600)
        if age > MONITOR_MAX_AGE:
            verdict = (
                f"De dagelijkse controle draaide het laatst op {moment(last.last_at)}, "
                f"{hours} uur geleden (de grens is {int(MONITOR_MAX_AGE.total_seconds() // 3600)}"
                " uur)."
            )
            return Check("monitor", MONITOR, Status.ERROR, verdict, action)
        if last.failed:
            return Check(
                "monitor",
                MONITOR,
                Status.WARNING,
                f"De dagelijkse controle draaide op {moment(last.last_at)}, maar de toetsing "
                f"van {last.failed} procedure(s) mislukte.",
                "Zie het logboek van de laatste run van monitor/monitor-daily in Prefect en "
                "draai 'wijkraad tick' opnieuw.",
            )
        verdict = f"De dagelijkse controle draaide het laatst op {moment(last.last_at)}."
        return Check("monitor", MONITOR, Status.OK, verdict)


def stuck_mail() -> Check:
    """No message in `sending` after its lease has ended (and another lease has passed), none
    in `temporary_failure` after its whole retry period: delivery should have moved them on."""
    settings = get_settings()
    moment_now = now()
    lease = timedelta(minutes=settings.mail_sending_lease_minutes)
    retry = timedelta(hours=settings.mail_retry_hours, minutes=settings.mail_retry_max_minutes)
    sending = (OutboxMessage.status == MessageStatus.SENDING) & (
        OutboxMessage.next_attempt_at < moment_now - lease
    )
    retrying = (OutboxMessage.status == MessageStatus.TEMPORARY_FAILURE) & (
        OutboxMessage.created_at < moment_now - retry
    )
    with db.session_scope() as session:
        stuck_sending = list(session.scalars(select(OutboxMessage.id).where(sending).limit(10)))
        stuck_retrying = list(session.scalars(select(OutboxMessage.id).where(retrying).limit(10)))
        counts = {
            name: session.scalar(select(func.count(OutboxMessage.id)).where(condition)) or 0
            for name, condition in (("sending", sending), ("retrying", retrying))
        }
    if not (counts["sending"] or counts["retrying"]):
        return Check("mail", MAIL, Status.OK, "Er blijft geen mail hangen.")
    parts = []
    if counts["sending"]:
        ids = ", ".join(str(i) for i in stuck_sending)
        parts.append(
            f"{counts['sending']} in 'sending' langer dan twee keer de lease van "
            f"{settings.mail_sending_lease_minutes} minuten (berichten {ids})"
        )
    if counts["retrying"]:
        ids = ", ".join(str(i) for i in stuck_retrying)
        parts.append(
            f"{counts['retrying']} in 'temporary_failure' langer dan de herhaaltermijn van "
            f"{settings.mail_retry_hours} uur (berichten {ids})"
        )
    return Check(
        "mail",
        MAIL,
        Status.ERROR,
        "Mail blijft hangen: " + "; ".join(parts) + ".",
        "Draait de bezorging (deployment deliver-mail/deliver-mail-every-minute, of "
        "'wijkraad mail send')? Zie 'wijkraad mail list --status sending' en de SMTP-controle.",
    )
