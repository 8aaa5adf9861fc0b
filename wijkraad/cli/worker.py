"""wijkraad worker: runs the follow-ups that the doors hand over, and mail delivery."""

from __future__ import annotations

import logging
import sys

import typer

from wijkraad.cli.output import emit_json, say
from wijkraad.cli.web import require_current_schema

JSON = typer.Option(False, "--json", help="Uitvoer als JSON.")


def worker(
    once: bool = typer.Option(
        False, "--once", help="Voer uit wat nu wacht (vervolgstappen en mail) en stop."
    ),
    limit: int = typer.Option(
        4, "--limit", min=1, max=64, help="Hoeveel opdrachten dit proces tegelijk uitvoert."
    ),
    as_json: bool = JSON,
) -> None:
    """Voer de vervolgstappen uit die de webpagina en de opdrachten overdragen, en bezorg de
    mail; start er meer (op andere machines) voor meer werk tegelijk."""
    from commands import followup
    from commands import mail as mail_commands

    require_current_schema()
    _log_steps()
    if once:
        done = followup.drain()
        sent = mail_commands.send()
        if as_json:
            emit_json({"followups": done, "mail": sent})
        else:
            delivered = sent.get("delivered", 0)
            say(f"{done} vervolgstap(pen) uitgevoerd, {delivered} bericht(en) bezorgd.")
        return
    say("De worker wacht op vervolgstappen en mail (stoppen met Ctrl+C).")
    _stacks_on_request()
    followup.serve(limit)


def _log_steps() -> None:
    """One line per step on stderr: which step of which procedure (ids only, never names)."""
    logger = logging.getLogger("wijkraad.worker")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _stacks_on_request() -> None:
    """`kill -USR1 <pid>` writes where every thread of the worker is to its error output: the
    functions and lines only, no values (a worker that seems stuck can say where)."""
    import faulthandler
    import signal

    faulthandler.register(signal.SIGUSR1, all_threads=True)


def register(app: typer.Typer) -> None:
    app.command()(worker)
