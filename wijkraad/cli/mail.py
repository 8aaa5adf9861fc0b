"""mail send | list | show | preview: the outbox, for the coördinator and for scripts."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import typer

from models import labels
from tasks.adapters.clock import now
from tasks.queries.reading import reading
from wijkraad.cli.output import emit_json, say, table, working

# The mail commands and queries are imported inside the CLI commands: this module is loaded for
# every `wijkraad` command, and Jinja2 and aiosmtplib would add to the start-up of all of them.

JSON = typer.Option(False, "--json", help="Toon het resultaat als JSON.")
PROGRESS_FROM = 50  # a progress bar for batches at least this large

app = typer.Typer(help="E-mail: versturen, bekijken en voorbeelden.", no_args_is_help=True)


def register(main: typer.Typer) -> None:
    """Add this module's commands and groups to the main app."""
    main.add_typer(app, name="mail")


def _remaining() -> int:
    from tasks.queries import outbox as mail_queries

    with reading() as session:
        return mail_queries.unfinished(session, now())


def _run_flow(limit: int | None) -> dict[str, int]:
    from commands.mail import send

    with working("Berichten versturen…"):
        return send(limit)


def _run_with_progress(limit: int | None, total: int) -> dict[str, int]:
    """Run the flow; a thread follows its progress in the outbox (the flow carries no callback:
    Prefect sees ids and counts only)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    start = _remaining()
    stop = threading.Event()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    ) as progress:
        bar = progress.add_task("Berichten versturen", total=total)

        def follow() -> None:
            while not stop.wait(0.25):
                progress.update(bar, completed=min(total, max(0, start - _remaining())))

        watcher = threading.Thread(target=follow, daemon=True)
        watcher.start()
        try:
            report = _run_flow(limit)
        finally:
            stop.set()
            watcher.join()
        progress.update(bar, completed=min(total, report["claimed"]))
    return report


@app.command("send")
def send(
    limit: int | None = typer.Option(None, "--limit", min=1, help="Hoogstens zoveel berichten."),
    as_json: bool = JSON,
) -> None:
    """Verstuur de berichten die klaarstaan (één keer; mislukte pogingen komen later terug)."""
    due = _remaining()
    total = due if limit is None else min(due, limit)
    if total == 0:  # nothing due: no flow run, and no Prefect start-up for nothing
        from commands.mail import nothing_sent

        report = nothing_sent()
    elif as_json or total < PROGRESS_FROM:
        report = _run_flow(limit)
    else:
        report = _run_with_progress(limit, total)
    if as_json:
        emit_json(report)
        return
    say(
        f"{report['delivered']} verzonden, {report['temporary_failure']} later opnieuw, "
        f"{report['permanent_failure']} definitief mislukt."
    )
    if report["permanent_failure"]:
        say("Zie 'wijkraad mail list --status permanent_failure'.")


@app.command("retry")
def retry(
    message: int = typer.Argument(..., help="Id van een blijvend mislukt bericht."),
    as_json: bool = JSON,
) -> None:
    """Zet een blijvend mislukt bericht opnieuw klaar; de volgende verzending neemt het mee."""
    from commands.mail import SendAgain, send_again

    done = send_again(SendAgain(message))
    if as_json:
        emit_json({"id": done.message_id, "status": "pending"})
    else:
        say(f"Bericht {done.message_id} staat opnieuw klaar om te versturen.")


@app.command("list")
def list_(
    status: str | None = typer.Option(
        None,
        "--status",
        help="pending, sending, delivered, temporary_failure, permanent_failure, withdrawn.",
    ),
    limit: int = typer.Option(100, "--limit", min=1, help="Hoogstens zoveel berichten."),
    as_json: bool = JSON,
) -> None:
    """Toon de berichten in de outbox, nieuwste eerst."""
    from tasks.queries import outbox as mail_queries

    state = mail_queries.status(status)
    with reading() as session:
        rows = mail_queries.messages(session, state=state, limit=limit)
    if as_json:
        emit_json(rows)
        return
    table(
        "Berichten",
        [
            "id",
            "status",
            "sjabloon",
            "aan",
            "pogingen",
            "volgende poging",
            "verzonden",
            "fout of reden",
        ],
        [
            (
                r["id"],
                labels.mail_status(r["status"]),
                r["template"],
                r["recipient"],
                r["attempts"],
                r["next_attempt_at"],
                r["sent_at"],
                r["last_error"] or r["withdrawn_reason"],
            )
            for r in rows
        ],
    )


@app.command("show")
def show(
    message: int = typer.Argument(..., help="Id van het bericht (zie mail list)."),
    html: bool = typer.Option(False, "--html", help="Toon het HTML-deel in plaats van de tekst."),
    as_json: bool = JSON,
) -> None:
    """Toon een bericht zoals het verstuurd wordt (of is)."""
    from tasks.queries import outbox as mail_queries

    with reading() as session:
        view = mail_queries.rendered(session, message)
    if as_json:
        emit_json(view)
        return
    _print_mail(view, html)


@app.command("preview")
def preview(
    template: str = typer.Argument(..., help="Naam van het sjabloon, bijvoorbeeld digest."),
    output: Path | None = typer.Option(None, "--output", help="Schrijf naar dit bestand."),
    html: bool = typer.Option(False, "--html", help="Het HTML-deel in plaats van de tekst."),
    force: bool = typer.Option(False, "--force", help="Overschrijf een bestaand --output-bestand."),
    as_json: bool = JSON,
) -> None:
    """Toon een sjabloon met voorbeeldgegevens."""
    from commands.mail import Preview
    from commands.mail import preview as preview_mail

    mail = preview_mail(Preview(template, output=output, html=html, force=force))
    view = {
        "template": mail.template,
        "to": mail.to,
        "subject": mail.subject,
        "text": mail.text,
        "html": mail.html,
    }
    if output is not None:
        if as_json:
            emit_json({"template": template, "output": str(output), "part": mail.part})
        else:
            say(f"Voorbeeld van '{template}' geschreven naar {output}.")
        return
    if as_json:
        emit_json(view)
        return
    _print_mail(view, html)


def _print_mail(view: dict[str, Any], html: bool) -> None:
    """The message as plain text: no Rich markup, so its content is shown as it is."""
    head = [f"Aan: {view['to']}", f"Onderwerp: {view['subject']}"]
    if view.get("message_id"):
        head.insert(0, f"Message-ID: {view['message_id']}")
    if view.get("status"):
        head.insert(0, f"Bericht {view['id']} ({labels.mail_status(view['status'])})")
    body = view["html"] if html else view["text"]
    sys.stdout.write("\n".join(head) + "\n\n" + body.rstrip("\n") + "\n")
