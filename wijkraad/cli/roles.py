"""`wijkraad members role MEMBER --role R [--date D]`: a member's functie on the council."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from wijkraad.cli.actor import actor
from wijkraad.cli.lazy import lazy
from wijkraad.cli.output import emit_json, say, table

if TYPE_CHECKING:
    from commands import roles
else:
    roles = lazy("commands.roles")


def role(
    member: int = typer.Argument(..., help="Nummer (id) van het lid (zie 'members list')."),
    new_role: str = typer.Option(
        ..., "--role", help="voorzitter, secretaris, penningmeester of lid."
    ),
    on: str | None = typer.Option(None, "--date", help="Vanaf (JJJJ-MM-DD); standaard vandaag."),
    as_json: bool = typer.Option(False, "--json", help="Toon het resultaat als JSON."),
) -> None:
    """Geef een lid een functie; de vorige functies blijven bewaard."""
    done = roles.set_role(roles.SetRole(membership_id=member, role=new_role, on=on, actor=actor()))
    if as_json:
        emit_json({"id": done.membership_id, "role": done.role, "history": done.history})
        return
    say(f"Lid {done.membership_id} is nu {done.role}.")
    if done.history:
        table(
            f"Functies van lid {done.membership_id}",
            ["functie", "vanaf", "vastgelegd door"],
            [(h["role"], h["since"], h["actor"]) for h in done.history],
        )


def register(members: typer.Typer) -> None:
    members.command("role")(role)
