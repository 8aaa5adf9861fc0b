"""members add | import | list | leave: the sitting members of the councils."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from models import validation
from tasks.adapters.clock import today
from tasks.queries import members as queries
from tasks.queries.reading import reading
from wijkraad.cli.actor import actor
from wijkraad.cli.lazy import lazy
from wijkraad.cli.output import emit_json, say, table

if TYPE_CHECKING:
    from commands import members
else:
    members = lazy("commands.members")

JSON = typer.Option(False, "--json", help="Toon het resultaat als JSON.")

app = typer.Typer(help="Zittende leden van de wijk- en dorpsraden.", no_args_is_help=True)


@app.command("add")
def add(
    area: str = typer.Option(..., "--area", help="Gebied (slug), bijvoorbeeld ruwaard."),
    name: str = typer.Option(..., "--name", help="Naam."),
    email: str = typer.Option(..., "--email", help="E-mailadres."),
    postcode: str = typer.Option(..., "--postcode", help="Postcode van het woonadres."),
    house_number: str = typer.Option(..., "--house-number", help="Huisnummer."),
    role: str = typer.Option(
        "lid", "--role", help="voorzitter, secretaris, penningmeester of lid."
    ),
    since: str | None = typer.Option(
        None, "--since", help="Lid sinds (JJJJ-MM-DD); standaard vandaag."
    ),
    residence_confirmed: str | None = typer.Option(
        None,
        "--residence-confirmed-by",
        "--residence-confirmed",
        help="Wie het adres controleerde, als de postcode niet in de tabel staat.",
    ),
    as_json: bool = JSON,
) -> None:
    """Voeg een zittend lid toe aan de raad van een gebied."""
    added = members.add(
        members.AddMember(
            area=area,
            name=name,
            email=email,
            postcode=postcode,
            house_number=house_number,
            role=role,
            since=since,
            residence_confirmed_by=residence_confirmed,
            actor=actor(),
        )
    )
    with reading() as session:
        view = queries.membership(session, added.membership_ids[0])
    if as_json:
        emit_json(view)
    else:
        say(f"Lid {view['id']} toegevoegd aan {view['council']}.")


@app.command("import")
def import_(
    file: Path = typer.Argument(
        ..., help="CSV: area,name,email,postcode,house_number[,role,since]"
    ),
    as_json: bool = JSON,
) -> None:
    """Lees zittende leden in uit een CSV-bestand: alles of niets."""
    imported = members.import_file(members.ImportMembers(file, actor=actor()))
    with reading() as session:
        added = queries.memberships(session, imported.membership_ids)
    if as_json:
        emit_json([{"id": v["id"], "area": v["area"]} for v in added])
    else:
        say(f"{len(added)} leden ingelezen.")


@app.command("list")
def list_(
    area: str | None = typer.Option(None, "--area", help="Alleen dit gebied."),
    as_json: bool = JSON,
) -> None:
    """Toon de zittende leden."""
    with reading() as session:
        rows = queries.sitting_members(session, area, today())
    if as_json:
        emit_json(rows)
        return
    table(
        "Zittende leden",
        ["id", "raad", "naam", "functie", "sinds", "tot en met"],
        [(r["id"], r["council"], r["name"], r["role"], r["since"], r["until"]) for r in rows],
    )


@app.command("leave")
def leave(
    member: int = typer.Argument(..., help="Id van het lidmaatschap (zie members list)."),
    reason: str = typer.Option(..., "--reason", help="Reden van vertrek."),
    date: str | None = typer.Option(
        None, "--date", help="Datum van vertrek (JJJJ-MM-DD); standaard vandaag."
    ),
    as_json: bool = JSON,
) -> None:
    """Leg vast dat een lid tussentijds vertrekt."""
    on = validation.day(date, "date") if date else None
    left = members.leave(members.Leave(member, reason=reason, on=on, actor=actor()))
    with reading() as session:
        view = queries.membership(session, left.membership_ids[0])
    if as_json:
        emit_json(view)
    else:
        say(f"Lid {view['id']} ({view['council']}) vertrekt per {view['left_on']}.")


@app.command("move")
def move(
    member: int = typer.Argument(..., help="Id van het lidmaatschap (zie members list)."),
    postcode: str = typer.Option(..., "--postcode", help="De nieuwe postcode."),
    house_number: str = typer.Option(..., "--house-number", help="Het nieuwe huisnummer."),
    date: str | None = typer.Option(
        None, "--date", help="Datum van de verhuizing (JJJJ-MM-DD); standaard vandaag."
    ),
    confirmed_by: str | None = typer.Option(
        None,
        "--residence-confirmed-by",
        help="Wie het adres controleerde (postcode niet in de tabel).",
    ),
    as_json: bool = JSON,
) -> None:
    """Leg een verhuizing vast: binnen het gebied wordt het adres bijgewerkt, daarbuiten eindigt
    het lidmaatschap (reden: verhuisd) en krijgt de wijkcoördinator bericht."""
    moved = members.move(
        members.Move(
            member,
            postcode,
            house_number,
            on=date,
            residence_confirmed_by=confirmed_by,
            actor=actor(),
        )
    )
    with reading() as session:
        view = queries.membership(session, moved.membership_id)
    if as_json:
        emit_json(view | {"left": moved.left})
    elif moved.left:
        say(
            f"Lid {view['id']} is verhuisd buiten het gebied; het lidmaatschap van "
            f"{view['council']} eindigde op {view['left_on']}. Er is een zetel vrij; de "
            "wijkcoördinator krijgt bericht."
        )
    else:
        say(f"Adres van lid {view['id']} ({view['council']}) bijgewerkt.")
