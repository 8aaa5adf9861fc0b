"""`wijkraad recruitment extend PROC --until DATE --reason R`: a longer application window."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from wijkraad.cli.actor import actor
from wijkraad.cli.lazy import lazy
from wijkraad.cli.output import emit_json, say

if TYPE_CHECKING:
    from commands import recruitment
else:
    recruitment = lazy("commands.recruitment")

app = typer.Typer(help="De werving van kandidaten van een procedure.", no_args_is_help=True)


@app.command("extend")
def extend(
    procedure_id: int = typer.Argument(..., help="Nummer (id) van de procedure."),
    until: str = typer.Option(
        ..., "--until", help="Nieuwe laatste aanmelddag (JJJJ-MM-DD), tot en met."
    ),
    reason: str = typer.Option(..., "--reason", help="Waarom de termijn wordt verlengd."),
    as_json: bool = typer.Option(False, "--json", help="Toon het resultaat als JSON."),
) -> None:
    """Verleng de aanmeldtermijn; de oproep en de herinnering aan de commissie volgen."""
    done = recruitment.extend(
        recruitment.ExtendRecruitment(
            procedure_id=procedure_id, until=until, reason=reason, actor=actor()
        )
    )
    if as_json:
        emit_json(
            {"id": procedure_id, "previous": done.previous, "application_deadline": done.until}
        )
    else:
        say(
            f"Aanmeldtermijn van procedure {procedure_id} verlengd: aanmelden kan nu tot en met "
            f"{done.until.isoformat()} (was {done.previous.isoformat()})."
        )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="recruitment")
