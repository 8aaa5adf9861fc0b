"""meetings add | list | minutes and decisions add | list | publish | publish-appointments."""

from __future__ import annotations

from pathlib import Path

import typer

from models import validation
from tasks.adapters import db
from tasks.adapters.settings import get_settings
from tasks.adapters.templating import bedrag
from tasks.commands import privacy
from tasks.steps import meetings, publish
from wijkraad.cli.output import emit_json, say, table

JSON = typer.Option(False, "--json", help="Toon het resultaat als JSON.")
AREA = typer.Option(None, "--area", help="Alleen dit gebied (slug).")
YEAR = typer.Option(None, "--year", help="Alleen dit kalenderjaar.")

meetings_app = typer.Typer(help="Vergaderingen van de raden.", no_args_is_help=True)
decisions_app = typer.Typer(
    help="Besluiten van de raden over subsidies en adviezen.", no_args_is_help=True
)


@meetings_app.command("add")
def add(
    area: str = typer.Option(..., "--area", help="Gebied (slug)."),
    date: str = typer.Option(..., "--date", help="Datum van de vergadering (JJJJ-MM-DD)."),
    closed: bool = typer.Option(False, "--closed", help="Een besloten vergadering."),
    agenda: Path | None = typer.Option(None, "--agenda", help="Bestand met de agenda."),
    as_json: bool = JSON,
) -> None:
    """Leg een (geplande) vergadering vast; openbaar tenzij --closed."""
    day = validation.day(date, "date")
    with db.session_scope() as session:
        meeting = meetings.add(session, area, day, public=not closed, agenda=agenda)
        view = meetings.meeting_view(meeting)
    if as_json:
        emit_json(view)
    else:
        kind = "openbare" if view["public"] else "besloten"
        say(f"Vergadering {view['id']} vastgelegd: {kind} vergadering op {view['date']}.")


@meetings_app.command("list")
def list_meetings(area: str | None = AREA, year: int | None = YEAR, as_json: bool = JSON) -> None:
    """Toon de vergaderingen."""
    with db.session_scope() as session:
        rows = meetings.meetings(session, area, year)
    if as_json:
        emit_json(rows)
        return
    table(
        "Vergaderingen",
        ["id", "gebied", "datum", "openbaar", "notulen gepubliceerd", "besluiten"],
        [
            (
                r["id"],
                r["area"],
                r["date"],
                "ja" if r["public"] else "nee",
                r["minutes_published_on"] or "nog niet",
                r["decisions"],
            )
            for r in rows
        ],
    )


@meetings_app.command("minutes")
def minutes(
    meeting: int = typer.Argument(..., help="Id van de vergadering."),
    file: Path = typer.Argument(..., help="Bestand met de notulen."),
    as_json: bool = JSON,
) -> None:
    """Leg de notulen vast; daarmee zijn ze gepubliceerd (vandaag)."""
    with db.session_scope() as session:
        view = meetings.meeting_view(meetings.record_minutes(session, meeting, file))
    if as_json:
        emit_json(view)
    else:
        say(f"Notulen van vergadering {view['id']} vastgelegd.")


@decisions_app.command("add")
def add_decision(
    meeting: int = typer.Option(..., "--meeting", help="Id van de (openbare) vergadering."),
    kind: str = typer.Option(..., "--kind", help="subsidie of advies."),
    summary: str = typer.Option(..., "--summary", help="Samenvatting van het besluit."),
    amount: str | None = typer.Option(None, "--amount", help="Bedrag in euro (bij subsidie)."),
    applicant: str | None = typer.Option(None, "--applicant", help="Aanvrager (bij subsidie)."),
    organisation: bool = typer.Option(
        False,
        "--organisation",
        help="De aanvrager is een organisatie (een inwoner wordt niet openbaar genoemd).",
    ),
    as_json: bool = JSON,
) -> None:
    """Leg een besluit vast dat in een openbare vergadering is genomen."""
    data = meetings.DecisionInput.parse(meeting, kind, summary, amount, applicant, organisation)
    with db.session_scope() as session:
        view = meetings.decision_view(meetings.add_decision(session, data))
    if as_json:
        emit_json(view)
    else:
        say(f"Besluit {view['id']} vastgelegd bij vergadering {view['meeting']}.")


@decisions_app.command("list")
def list_decisions(area: str | None = AREA, year: int | None = YEAR, as_json: bool = JSON) -> None:
    """Toon de besluiten."""
    with db.session_scope() as session:
        rows = [meetings.decision_view(d) for d in meetings.decisions(session, area, year)]
    if as_json:
        emit_json(rows)
        return
    table(
        "Besluiten",
        ["id", "gebied", "datum", "soort", "besluit", "bedrag", "gepubliceerd"],
        [
            (
                r["id"],
                r["area"],
                r["date"],
                r["kind"],
                r["summary"],
                bedrag(r["amount_cents"]),
                r["published_on"] or "nog niet",
            )
            for r in rows
        ],
    )


@decisions_app.command("publish")
def publish_decisions(
    area: str = typer.Option(..., "--area", help="Gebied (slug)."),
    year: int = typer.Option(..., "--year", help="Kalenderjaar."),
    output: Path | None = typer.Option(
        None, "--output", help="Map voor de bestanden; standaard $WIJKRAAD_HOME/publish."
    ),
    as_json: bool = JSON,
) -> None:
    """Maak de openbare besluitenlijst van een jaar (HTML en CSV) voor de website."""
    target = output or get_settings().home / "publish"
    with db.session_scope() as session:
        result = publish.publish(session, area, year, target)
    if as_json:
        emit_json(result)
    else:
        say(f"{result['decisions']} besluiten gepubliceerd in {result['html']} en {result['csv']}.")


@decisions_app.command("publish-appointments")
def publish_appointments(
    term: int = typer.Option(..., "--term", help="De zittingsperiode (het verkiezingsjaar)."),
    output: Path | None = typer.Option(
        None, "--output", help="Map voor de bestanden; standaard $WIJKRAAD_HOME/publish."
    ),
    as_json: bool = JSON,
) -> None:
    """Maak de openbare lijst van de benoemingsbesluiten van B&W van een zittingsperiode."""
    result = privacy.publish_appointments(
        privacy.PublishAppointmentsInput(term=term, output=output)
    )
    if as_json:
        emit_json(
            {
                "term": result.term,
                "appointments": result.appointments,
                "html": str(result.html),
                "csv": str(result.csv),
            }
        )
    else:
        say(f"{result.appointments} benoemingen gepubliceerd in {result.html} en {result.csv}.")
