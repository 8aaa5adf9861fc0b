"""init, areas, terms, postcodes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tasks.adapters.clock import today
from tasks.queries import overview as queries
from tasks.queries.reading import reading
from wijkraad.cli.actor import actor, system_user
from wijkraad.cli.lazy import lazy
from wijkraad.cli.output import emit_json, say, table

if TYPE_CHECKING:
    from commands import setup
else:
    setup = lazy("commands.setup")

JSON = typer.Option(False, "--json", help="Toon het resultaat als JSON.")

postcodes_app = typer.Typer(help="De postcodetabel die bepaalt wie in welk gebied woont.")


def init(as_json: bool = JSON) -> None:
    """Maak de database aan of werk hem bij en vul de 11 gebieden (kan vaker: verandert niets)."""
    added = setup.initialise(setup.Initialise(actor=system_user()))
    if as_json:
        emit_json({"areas": added.areas, "postcodes": added.postcodes})
    else:
        say(f"Database klaar: {added.areas} gebieden, {added.postcodes} postcodes toegevoegd.")


def areas(as_json: bool = JSON) -> None:
    """Toon de 11 gebieden met hun raad en bezetting."""
    with reading() as session:
        rows = queries.areas(session, today())
    if as_json:
        emit_json(rows)
        return
    table(
        "Gebieden van Oss",
        ["gebied", "naam", "soort", "raad", "leden", "zetels"],
        [
            (r["slug"], r["name"], r["kind"], r["council"], r["members"], r["max_seats"])
            for r in rows
        ],
    )


def terms(as_json: bool = JSON) -> None:
    """Toon de huidige en de volgende zittingsperiode."""
    rows = queries.terms(today())
    if as_json:
        emit_json(rows)
        return
    labels = {"current": "huidige", "next": "volgende"}
    table(
        "Zittingsperioden",
        ["periode", "verkiezingsjaar", "begin", "einde"],
        [(labels[r["which"]], r["election_year"], r["start"], r["end"]) for r in rows],
    )


@postcodes_app.command("import")
def postcodes_import(
    file: Path = typer.Argument(..., help="CSV met kolommen postcode,area"),
    replace: bool = typer.Option(
        False, "--replace", help="Vervang de hele tabel in plaats van aan te vullen."
    ),
    as_json: bool = JSON,
) -> None:
    """Lees postcodes in (4 cijfers voor een heel dorp, 6 tekens voor een deel van de stad)."""
    counts = setup.import_postcodes(setup.ImportPostcodes(file, replace=replace, actor=actor()))
    if as_json:
        emit_json({"added": counts.added, "changed": counts.changed})
    else:
        say(f"Postcodetabel: {counts.added} toegevoegd, {counts.changed} gewijzigd.")


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(areas)
    app.command()(terms)
    app.add_typer(postcodes_app, name="postcodes")
