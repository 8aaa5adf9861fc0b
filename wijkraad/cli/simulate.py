"""`wijkraad simulate`: a whole cycle for the councils of Oss on a fresh database."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from models import validation
from models.errors import InvalidInput
from tasks.adapters.settings import get_settings

DEFAULT_FROM, DEFAULT_TO = "2026-04-01", "2030-06-30"


def simulate(
    seed: int = typer.Option(2026, "--seed", help="Zelfde seed, zelfde verloop."),
    areas: str = typer.Option("all", "--areas", help="all, of gebieden gescheiden door komma's."),
    start: str = typer.Option(DEFAULT_FROM, "--from", help="Eerste dag (JJJJ-MM-DD)."),
    end: str = typer.Option(DEFAULT_TO, "--to", help="Laatste dag (JJJJ-MM-DD)."),
    smtp: str = typer.Option(
        "local", "--smtp", help="local: een SMTP-server op 127.0.0.1; pickup: .eml-bestanden."
    ),
) -> None:
    """Speel een volledige cyclus van vier jaar na voor alle raden, met verzonnen inwoners."""
    from models.areas import AREA_SLUGS
    from simulation.run import run

    first, last = validation.day(start, "--from"), validation.day(end, "--to")
    if last <= first:
        raise InvalidInput("--to moet na --from liggen.")
    chosen = list(AREA_SLUGS) if areas == "all" else [a.strip() for a in areas.split(",")]
    unknown = [a for a in chosen if a not in AREA_SLUGS]
    if unknown or not chosen:
        raise InvalidInput(
            f"--areas: onbekend gebied {', '.join(unknown)} (kies uit {', '.join(AREA_SLUGS)})."
        )
    if smtp not in ("local", "pickup"):
        raise InvalidInput("--smtp: kies local of pickup.")
    with fresh_home(), smtp_server(smtp), prefect_server_for_the_run():
        run(seed=seed, areas=chosen, start=first, end=last)


@contextmanager
def fresh_home() -> Iterator[Path]:
    """A new simulation database and mail folder under $WIJKRAAD_HOME/simulation."""
    settings = get_settings()
    home = settings.home / "simulation"
    for stale in ("wijkraad.db", "wijkraad.db-wal", "wijkraad.db-shm", "mail"):
        target = home / stale
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    home.mkdir(parents=True, exist_ok=True)
    url = settings.database_url or f"sqlite:///{(home / 'wijkraad.db').resolve()}"
    with _env(WIJKRAAD_HOME=str(home), WIJKRAAD_DATABASE_URL=url):
        yield home


@contextmanager
def prefect_server_for_the_run() -> Iterator[None]:
    """The local Prefect server the first flow starts is stopped at the end, unless it was
    running before (then it is someone else's to stop)."""
    from tasks.adapters import orchestrator as prefect_server

    before = prefect_server.recorded()
    running = bool(before and prefect_server.healthy(str(before["url"])))
    try:
        yield
    finally:
        if not running:
            prefect_server.stop()


@contextmanager
def smtp_server(mode: str) -> Iterator[None]:
    if mode == "pickup":
        with _env(WIJKRAAD_SMTP_HOST=None):
            yield
        return
    from simulation.mailserver import local_smtp

    with (
        local_smtp() as (port, _sink),
        _env(
            WIJKRAAD_SMTP_HOST="127.0.0.1",
            WIJKRAAD_SMTP_PORT=str(port),
            WIJKRAAD_SMTP_SECURITY="none",
        ),
    ):
        yield


@contextmanager
def _env(**values: str | None) -> Iterator[None]:
    previous = {k: os.environ.get(k) for k in values}
    for key, value in values.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def register(app: typer.Typer) -> None:
    app.command()(simulate)
