"""doctor: is the production chain there and working? (the checks are tasks/queries/health*)"""

from __future__ import annotations

import sys

import typer

from wijkraad.cli.output import console, emit_json, say

LABELS = {
    "ok": "[green]goed[/]",
    "warning": "[yellow]let op[/]",
    "error": "[bold red]fout[/]",
    "skipped": "[dim]overgeslagen[/]",
}


def doctor(
    as_json: bool = typer.Option(False, "--json", help="Toon het resultaat als JSON."),
) -> None:
    """Controleer database, postcodetabel, SMTP, Prefect, de dagelijkse controle en de mail.
    Eindigt met status 1 als iets fout is (een waarschuwing telt niet)."""
    from tasks.queries import health  # aiosmtplib and alembic: only for this command

    checks = health.run_all()
    well = health.all_well(checks)
    if as_json:
        emit_json({"ok": well, "checks": [c.as_dict() for c in checks]})
    else:
        from rich.markup import escape
        from rich.table import Table

        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for check in checks:
            text = f"[bold]{escape(check.name)}[/]: {escape(check.verdict)}"
            if check.action:
                text += f"\n[dim]wat te doen:[/] {escape(check.action)}"
            grid.add_row(LABELS[check.status.value], text)
        console().print(grid)
        wrong = [c.name for c in checks if c.status is health.Status.ERROR]
        say(f"Niet in orde: {', '.join(wrong)}." if wrong else "Alles werkt.")
    if not well:
        sys.exit(1)  # not typer.Exit: the CLI runs click with standalone_mode=False


def register(app: typer.Typer) -> None:
    app.command()(doctor)
