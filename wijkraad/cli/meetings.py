"""meetings add | list | minutes and decisions add | list | publish | publish-appointments."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from models import validation
from models.calendar import parse_time
from tasks.adapters.templating import bedrag
from tasks.queries import meetings as views
from tasks.queries.reading import reading
from wijkraad.cli.actor import actor
from wijkraad.cli.lazy import lazy
from wijkraad.cli.output import emit_json, say, table

if TYPE_CHECKING:
    from commands import meetings
else:
    meetings = lazy("commands.meetings")

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
    start: str | None = typer.Option(None, "--time", help="Aanvangstijd (UU:MM), standaard 19:30."),
    as_json: bool = JSON,
) -> None:
    """Leg een (geplande) vergadering vast; openbaar tenzij --closed. De leden krijgen een
    uitnodiging met een agenda-item (.ics) als de vergadering nog moet komen."""
    day = validation.day(date, "date")
    at = parse_time(start, "time") if start is not None else None
    command = meetings.AddMeeting(
        area, day, public=not closed, agenda=agenda, start=at, actor=actor()
    )
    added = meetings.add(command)
    with reading() as session:
        view = views.meeting(session, added.meeting_id)
    if as_json:
        emit_json(view | {"starts_at": _iso(added.starts_at)})
    else:
        kind = "openbare" if view["public"] else "besloten"
        when = f"{view['date']}{_at(added)}"
        say(f"Vergadering {view['id']} vastgelegd: {kind} vergadering op {when}.")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment is not None else None


def _at(recorded: meetings.MeetingRecorded) -> str:
    if recorded.starts_at is None:
        return ""
    return f" om {recorded.starts_at:%H:%M}; de leden krijgen een uitnodiging in hun agenda"


@meetings_app.command("move")
def move(
    meeting: int = typer.Argument(..., help="Id van de vergadering."),
    date: str = typer.Option(..., "--date", help="Nieuwe datum (JJJJ-MM-DD)."),
    start: str | None = typer.Option(None, "--time", help="Nieuwe aanvangstijd (UU:MM)."),
    as_json: bool = JSON,
) -> None:
    """Verplaats een vergadering die nog moet komen; de agenda's van de leden schuiven mee."""
    day = validation.day(date, "date")
    at = parse_time(start, "time") if start is not None else None
    moved = meetings.move(meetings.MoveMeeting(meeting, day, at, actor=actor()))
    with reading() as session:
        view = views.meeting(session, moved.meeting_id)
    if as_json:
        emit_json(view | {"starts_at": _iso(moved.starts_at)})
    else:
        say(f"Vergadering {view['id']} verplaatst naar {view['date']}{_at(moved)}.")


@meetings_app.command("list")
def list_meetings(area: str | None = AREA, year: int | None = YEAR, as_json: bool = JSON) -> None:
    """Toon de vergaderingen."""
    with reading() as session:
        rows = views.meetings(session, area, year)
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
    recorded = meetings.record_minutes(meetings.RecordMinutes(meeting, file, actor=actor()))
    with reading() as session:
        view = views.meeting(session, recorded.meeting_id)
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
    text: str | None = typer.Option(
        None, "--text", help="Bij een advies: de volledige tekst (standaard de samenvatting)."
    ),
    sent_on: str | None = typer.Option(
        None,
        "--sent-on",
        help="Bij een advies: verzonden aan B&W op (JJJJ-MM-DD); standaard vandaag.",
    ),
    as_json: bool = JSON,
) -> None:
    """Leg een besluit vast dat in een openbare vergadering is genomen. Een advies gaat als
    advies naar B&W; hun antwoord wordt verwacht binnen WIJKRAAD_ADVICE_ANSWER_WEEKS weken."""
    added = meetings.add_decision(
        meetings.AddDecision(
            meeting,
            kind=kind,
            summary=summary,
            amount=amount,
            applicant=applicant,
            organisation=organisation,
            text=text,
            sent_on=sent_on,
            actor=actor(),
        )
    )
    with reading() as session:
        view = views.decision(session, added.decision_id)
    if as_json:
        emit_json(view | {"advice_id": added.advice_id})
    elif added.advice_id is not None:
        say(
            f"Besluit {view['id']} vastgelegd bij vergadering {view['meeting']}; "
            f"verzonden aan B&W als advies {added.advice_id}."
        )
    else:
        say(f"Besluit {view['id']} vastgelegd bij vergadering {view['meeting']}.")


@decisions_app.command("list")
def list_decisions(area: str | None = AREA, year: int | None = YEAR, as_json: bool = JSON) -> None:
    """Toon de besluiten."""
    with reading() as session:
        rows = views.decision_rows(session, area, year)
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
    result = meetings.publish_decisions(
        meetings.PublishDecisions(area, year, output, actor=actor())
    )
    if as_json:
        emit_json(
            {
                "area": result.area,
                "year": result.year,
                "decisions": result.decisions,
                "newly_published": result.newly_published,
                "html": str(result.html),
                "csv": str(result.csv),
            }
        )
    else:
        say(f"{result.decisions} besluiten gepubliceerd in {result.html} en {result.csv}.")


@decisions_app.command("publish-appointments")
def publish_appointments(
    term: int = typer.Option(..., "--term", help="De zittingsperiode (het verkiezingsjaar)."),
    output: Path | None = typer.Option(
        None, "--output", help="Map voor de bestanden; standaard $WIJKRAAD_HOME/publish."
    ),
    as_json: bool = JSON,
) -> None:
    """Maak de openbare lijst van de benoemingsbesluiten van B&W van een zittingsperiode."""
    result = meetings.publish_appointments(
        meetings.PublishAppointmentsInput(term=term, output=output)
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
