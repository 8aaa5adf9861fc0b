"""privacy purge | export | erase: personal data over its whole life."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from wijkraad.cli.actor import actor
from wijkraad.cli.lazy import lazy
from wijkraad.cli.output import emit_json, say, table

if TYPE_CHECKING:
    from commands import privacy
else:
    privacy = lazy("commands.privacy")

JSON = typer.Option(False, "--json", help="Toon het resultaat als JSON.")

app = typer.Typer(
    help="Persoonsgegevens: bewaartermijnen, inzage en wissen op verzoek.", no_args_is_help=True
)

LABELS = {
    "candidates": "aanmeldingen (motivatie, verklaringen, toetsing, gesprekken)",
    "procedures": "voordrachten en adviezen aan B&W",
    "persons": "personen (naam en adres vervangen door een pseudoniem)",
    "decisions": "namen van particuliere aanvragers",
    "deliveries": "bezorggegevens van mail",
    "mail_files": "mailbestanden",
    "other_files": "andere bestanden die een gewiste persoon noemen",
}


@app.command("purge")
def purge(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Toon alleen wat er gewist zou worden; verander niets."
    ),
    as_json: bool = JSON,
) -> None:
    """Wis wat over de bewaartermijn is (wat de dagelijkse controle ook doet)."""
    result = privacy.purge(privacy.PurgeInput(dry_run=dry_run, actor=actor()))
    if as_json:
        emit_json(result.as_dict())
        return
    counts = result.as_dict()
    title = "Te wissen (proefrun, er is niets veranderd)" if dry_run else "Gewist"
    table(title, ["wat", "aantal"], [(label, counts[key]) for key, label in LABELS.items()])
    if not dry_run and result.texts:
        say(f"{result.texts} vermelding(en) in vrije tekst vervangen door [gewist].")


@app.command("export")
def export(
    email: str = typer.Argument(..., help="E-mailadres van de persoon."),
    output: Path | None = typer.Option(
        None, "--output", help="Schrijf naar dit (nieuwe) bestand in plaats van naar het scherm."
    ),
) -> None:
    """Alles wat over een persoon is vastgelegd, als JSON (inzageverzoek)."""
    result = privacy.export(privacy.ExportInput(email=email, output=output, actor=actor()))
    if result.output is None:
        emit_json(result.data)
    else:
        say(f"Gegevens van persoon {result.person_id} geschreven naar {result.output}.")


@app.command("erase")
def erase(
    email: str = typer.Argument(..., help="E-mailadres van de persoon."),
    reason: str = typer.Option(..., "--reason", help="Waarom (bijvoorbeeld: verzoek van ...)."),
    as_json: bool = JSON,
) -> None:
    """Wis een persoon op verzoek, tenzij de wet bewaren vereist (een zittend lid)."""
    result = privacy.erase(privacy.EraseInput(email=email, reason=reason, actor=actor()))
    if as_json:
        emit_json(
            {
                "id": result.person_id,
                "applications": result.applications,
                "texts": result.texts,
                "files": result.files,
            }
        )
        return
    say(
        f"Persoon {result.person_id} gewist: {result.applications} aanmelding(en), "
        f"{result.texts} vermelding(en) in vrije tekst, {result.files} bestand(en)."
    )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="privacy")
