"""wijkraad web: the coördinator's page in the browser (uvicorn serving wijkraad.web.app)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from typing import Any

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
    worker: bool = typer.Option(
        True,
        "--worker/--no-worker",
        help="Start een worker naast de webpagina (--no-worker: aparte 'wijkraad worker'-"
        "processen voeren de vervolgstappen uit).",
    ),
    forwarded_allow_ips: str = typer.Option(
        "",
        "--forwarded-allow-ips",
        help="Adressen van de reverse proxy (komma's); alleen van hen geldt X-Forwarded-For "
        "als adres van de bezoeker. Leeg: nooit.",
    ),
) -> None:
    """Start de webpagina voor de wijkcoördinator (inloggen met een account van 'users add')."""
    import uvicorn

    from tasks.adapters.orchestrator import ensure_server

    require_current_schema()
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
    _load_command_modules()
    embedded = _start_worker() if worker and prefect else None
    say(f"De webpagina draait op http://{host}:{port}/ (stoppen met Ctrl+C).")
    try:
        _serve(uvicorn, host, port, workers, forwarded_allow_ips.strip() or None)
    finally:
        if embedded is not None:
            _stop(embedded)


def _serve(
    uvicorn: Any, host: str, port: int, workers: int, forwarded_allow_ips: str | None
) -> None:
    from wijkraad.web import server

    uvicorn.run(
        "wijkraad.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        **server.options(forwarded_allow_ips),  # no access log, time limits, trusted proxies
    )


def _load_command_modules() -> None:
    """The CLI binds its command modules lazily (wijkraad/cli/lazy.py), and the page imports
    the same modules: the first requests would execute them in several threads at once, which
    importlib's LazyLoader does not survive (one thread sees a half-executed module:
    "module 'commands.screening' has no attribute 'screen'"). Executed here, once, first."""
    for name, module in list(sys.modules.items()):
        if name.startswith("commands."):
            getattr(module, "__doc__", None)


def _start_worker() -> subprocess.Popen[bytes]:
    """The embedded worker: `wijkraad worker` beside the web page, in its own process group
    (it gets this process's Prefect server and database), stopped with the page."""
    say("Worker starten voor de vervolgstappen…")
    return subprocess.Popen(
        [sys.executable, "-m", "wijkraad", "worker"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def require_current_schema() -> None:
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
