"""users add | list | disable: the accounts of the web page (`wijkraad web`)."""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING

import typer

from models.errors import DomainError
from tasks.adapters import db
from tasks.queries import users as user_views
from wijkraad.cli.actor import actor
from wijkraad.cli.lazy import lazy
from wijkraad.cli.output import emit_json, say, table

if TYPE_CHECKING:
    from commands import users
else:
    users = lazy("commands.users")

JSON = typer.Option(False, "--json", help="Toon het resultaat als JSON.")
FIELDS = {"email": "e-mailadres", "name": "--name", "role": "--role", "password": "wachtwoord"}

app = typer.Typer(
    help="Accounts van de webpagina (wijkcoördinator, beheerder of lezer).", no_args_is_help=True
)


def _password() -> str:
    """From standard input when it is not a terminal (scripts), otherwise asked twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Wachtwoord (minstens 12 tekens): ")
    try:
        users.password(first)
    except DomainError as exc:
        raise DomainError(exc.text(FIELDS)) from exc
    if getpass.getpass("Nog een keer: ") != first:
        raise DomainError("De twee wachtwoorden zijn niet gelijk; er is niets vastgelegd.")
    return first


@app.command("add")
def add(
    email: str = typer.Argument(..., help="E-mailadres (ook de inlognaam)."),
    name: str = typer.Option(..., "--name", help="Naam."),
    role: str = typer.Option(
        ...,
        "--role",
        help="coordinator (mag wijzigen), beheerder (ook accounts beheren) of lezer (mag alleen "
        "kijken).",
    ),
    as_json: bool = JSON,
) -> None:
    """Maak een account aan; het wachtwoord komt van standaardinvoer of wordt twee keer gevraagd."""
    try:
        added = users.add_user(
            users.AddUser(email=email, name=name, role=role, password=_password(), actor=actor())
        )
    except DomainError as exc:
        raise DomainError(exc.text(FIELDS)) from exc
    if as_json:
        emit_json({"id": added.id, "email": added.email, "role": added.role.value})
    else:
        say(f"Account {added.id} aangemaakt voor {added.email} ({added.role.value}).")


@app.command("list")
def listing(as_json: bool = JSON) -> None:
    """Toon de accounts."""
    with db.session_scope() as session:
        rows = user_views.accounts(session)
    if as_json:
        emit_json(rows)
        return
    table(
        "Accounts",
        ["id", "e-mail", "naam", "rol", "uitgeschakeld", "laatst ingelogd"],
        [
            (
                r["id"],
                r["email"],
                r["name"],
                r["role_label"],
                "ja" if r["disabled"] else "nee",
                r["last_login_at"] or "-",
            )
            for r in rows
        ],
    )


@app.command("disable")
def disable(
    email: str = typer.Argument(..., help="E-mailadres van het account."), as_json: bool = JSON
) -> None:
    """Schakel een account uit; de sessies ervan eindigen meteen."""
    try:
        done = users.disable_user(users.DisableUser(email=email, actor=actor()))
    except DomainError as exc:
        raise DomainError(exc.text(FIELDS)) from exc
    if as_json:
        emit_json({"id": done.id, "email": done.email, "sessions_ended": done.sessions_ended})
    else:
        say(f"Account {done.email} uitgeschakeld; {done.sessions_ended} sessies beëindigd.")
