"""Watching the cycle: tick, stalled, report, experiment, meetings, decisions, serve.

`stalled` and `report` only read: they import neither Prefect nor the flows. `tick`, `serve`
and `experiment evaluate --start-procedure` run flows and import them inside the command.
"""

from __future__ import annotations

import typer

from tasks.adapters.clock import today
from tasks.queries import reports, stalled
from tasks.queries.reading import reading
from wijkraad.cli import advice as cmd_advice
from wijkraad.cli import experiment as cmd_experiment
from wijkraad.cli import meetings as cmd_meetings
from wijkraad.cli.output import emit_json, say, table, working

JSON = typer.Option(False, "--json", help="Toon het resultaat als JSON.")

LEVELS = {"warning": "achter", "overdue": "te laat"}


def tick(as_json: bool = JSON) -> None:
    """Draai de dagelijkse controle nu: termijnen, herinneringen, vertragingen, dagoverzicht."""
    from commands.monitor import run_monitor

    with working("Dagelijkse controle loopt..."):
        summary = run_monitor()
    if as_json:
        emit_json(summary)
        return
    say(
        f"Controle klaar: {summary['screened']} procedure(s) naar toetsing, "
        f"{summary['reminders']} herinnering(en), {summary['proposals']} experimentvoorstel(len), "
        f"{summary['newly_stalled']} nieuw vertraagd, "
        + ("dagoverzicht klaargezet." if summary["digest"] else "geen dagoverzicht nodig.")
    )


def stalled_command(as_json: bool = JSON) -> None:
    """Toon elke vertraagde procedure: hoeveel dagen over tijd en waarop gewacht wordt."""
    with reading() as session:
        rows = [s.as_dict() for s in stalled.stalled(session, today())]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        say("Geen vertraagde procedures.")
        return
    table(
        "Vertraagde procedures",
        ["id", "gebied", "fase", "status", "dagen over", "uiterste datum", "wacht op", "wat"],
        [
            (
                r["id"],
                r["area"],
                r["stage_label"],
                LEVELS[r["level"]],
                r["days_over"],
                r["deadline"],
                r["awaited_from"],
                r["awaited"],
            )
            for r in rows
        ],
    )


def report(
    year: int = typer.Option(..., "--year", help="Het kalenderjaar, bijvoorbeeld 2027."),
    as_json: bool = JSON,
) -> None:
    """Jaaroverzicht per gebied: vergaderingen, besluiten, adviezen aan B&W (beantwoord op tijd,
    overgenomen), vacatures en doorlooptijden."""
    with reading() as session:
        rows = reports.year_report(session, year)
    if as_json:
        emit_json({"year": year, "areas": rows})
        return
    table(
        f"Jaaroverzicht {year}",
        [
            "gebied",
            "vergaderd",
            "gepland",
            "besluiten",
            "adviezen",
            "op tijd beantwoord",
            "overgenomen (deels)",
            "vertrokken",
            "procedures",
            "vacatureprocedures",
            "gem. doorlooptijd (d)",
        ],
        [
            (
                r["name"],
                r["meetings_held"],
                r["meetings_planned"],
                r["decisions"],
                r["advice_given"],
                r["advice_answered_in_time"],
                f"{r['advice_followed']} ({r['advice_partly_followed']})",
                r["members_left"],
                len(r["procedures"]),
                r["vacancy_procedures"],
                r["average_lead_time_days"],
            )
            for r in rows
        ],
    )


def serve() -> None:
    """Draai de schema's in dit proces: de dagelijkse controle en elke minuut de mailbezorging."""
    from commands.schedules import serve as serve_schedules
    from tasks.adapters.orchestrator import ensure_server

    api = ensure_server()
    if api:
        say(f"Prefect-server: {api}")
    say("Schema's actief (stoppen met Ctrl+C).")
    serve_schedules()


def register(app: typer.Typer) -> None:
    """Add this module's commands and groups to the main app."""
    app.command()(tick)
    app.command("stalled")(stalled_command)
    app.command()(report)
    app.command()(serve)
    app.add_typer(cmd_experiment.app, name="experiment")
    app.add_typer(cmd_meetings.meetings_app, name="meetings")
    app.add_typer(cmd_meetings.decisions_app, name="decisions")
    app.add_typer(cmd_advice.app, name="advice")
