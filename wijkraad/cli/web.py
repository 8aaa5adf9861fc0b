"""wijkraad web: the coördinator's page in the browser (uvicorn serving wijkraad.web.app)."""

from __future__ import annotations

import typer

from models.errors import DomainError
from tasks.adapters import db
from tasks.queries import health_database
from tasks.queries import users as user_views
from tasks.queries.health import Status
from wijkraad.cli.output import say


def web(
    host: str = typer.Option("127.0.0.1", "--host", help="Adres om op te luisteren."),
    port: int = typer.Option(8000, "--port", help="Poort."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=16, help="Aantal processen (meer kernen: meer tegelijk)."
    ),
    prefect: bool = typer.Option(
        True,
        "--prefect/--no-prefect",
        help="Zoek of start eerst de Prefect-server voor de vervolgstappen.",
    ),
) -> None:
    """Start de webpagina voor de wijkcoördinator (inloggen met een account van 'users add')."""
    import uvicorn

    from tasks.adapters.orchestrator import ensure_server

    _require_current_schema()
    with db.session_scope() as session:
        accounts = [a for a in user_views.accounts(session) if not a["disabled"]]
    if not accounts:
        say(
            "Er is nog geen account: maak er een met "
            "'wijkraad users add EMAIL --name NAAM --role coordinator'."
        )
    if prefect:
        say("Prefect-server zoeken of starten…")
        ensure_server()
    say(f"De webpagina draait op http://{host}:{port}/ (stoppen met Ctrl+C).")
    uvicorn.run(
        "wijkraad.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,  # URLs may carry tokens (the committee's links): not in a log
        proxy_headers=False,
    )


def _require_current_schema() -> None:
    """The web processes never migrate: the operator runs `wijkraad init` once, before the
    workers and web processes of a new version start (two processes migrating at the same
    moment, or a web process changing the schema under a running worker, is never safe)."""
    check, _answers = health_database.database()
    if check.status != Status.OK:
        raise DomainError(
            "De webpagina start niet: " + " ".join(filter(None, [check.verdict, check.action]))
        )


def register(app: typer.Typer) -> None:
    app.command()(web)
