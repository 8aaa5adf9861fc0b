"""experiment start | list | evaluate: other forms of resident participation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from models import labels, validation
from models.errors import InvalidInput
from tasks.adapters.csvfile import read_rows
from tasks.queries import experiments as views
from tasks.queries.reading import reading
from wijkraad.cli.actor import actor
from wijkraad.cli.followups import NO_WAIT, hand_over, pending_json, warn_if_pending
from wijkraad.cli.lazy import lazy
from wijkraad.cli.output import emit_json, say, table, working

if TYPE_CHECKING:
    from commands import experiments
else:
    experiments = lazy("commands.experiments")

JSON = typer.Option(False, "--json", help="Toon het resultaat als JSON.")

app = typer.Typer(
    help="Experimenten met andere vormen van bewonersparticipatie.", no_args_is_help=True
)


@app.command("start")
def start(
    area: str = typer.Option(..., "--area", help="Gebied (slug)."),
    form: str = typer.Option(
        ..., "--form", help="buurtpanel, open wijkplatform, burgertop, loting of other."
    ),
    decided: str = typer.Option(
        ..., "--decided-with-college-on", help="Datum van het besluit met het college."
    ),
    evaluate_on: str | None = typer.Option(None, "--evaluate-on", help="Evaluatiedatum."),
    reason: str = typer.Option(..., "--reason", help="Waarom dit experiment."),
    description: str | None = typer.Option(
        None, "--description", help="Omschrijving (verplicht bij --form other)."
    ),
    size: int | None = typer.Option(None, "--size", help="Leden van het panel (bij loting)."),
    until: str | None = typer.Option(
        None, "--until", help="Laatste dag om zich aan te melden (bij loting)."
    ),
    quotas: Path | None = typer.Option(
        None, "--quotas", help="CSV feature,value,min,max met de quota (bij loting)."
    ),
    as_json: bool = JSON,
) -> None:
    """Start een experiment (een voorstel voor het gebied wordt het lopende experiment)."""
    panel = None
    if size is not None or until or quotas is not None:
        rows = read_rows(quotas, ("feature", "value", "min", "max")) if quotas else None
        panel = experiments.RawPanel(size, until, rows)
    started = experiments.start(
        experiments.Start(
            area,
            form,
            decided_with_college_on=decided,
            reason=reason,
            evaluate_on=evaluate_on,
            description=description,
            panel=panel,
            actor=actor(),
        )
    )
    with reading() as session:
        view = views.experiment(session, started.experiment_id)
    if as_json:
        emit_json(view)
    else:
        say(f"Experiment {view['id']} ({view['form']}) loopt in {view['area']}.")


@app.command("list")
def list_(
    area: str | None = typer.Option(None, "--area", help="Alleen dit gebied."),
    status: str | None = typer.Option(
        None,
        "--status",
        help="proposed, running, continued, stopped, procedure_started, dismissed, lapsed.",
    ),
    as_json: bool = JSON,
) -> None:
    """Toon de experimenten en voorstellen."""
    with reading() as session:
        rows = views.listing(session, area, status)
    if as_json:
        emit_json(rows)
        return
    table(
        "Experimenten",
        ["id", "gebied", "status", "vorm", "besloten", "evaluatie", "reden"],
        [
            (
                r["id"],
                r["area"],
                labels.status(r["status"]),
                r["form"],
                r["decided_with_college_on"],
                r["evaluate_on"],
                r["reason"] or r["proposal_reason"],
            )
            for r in rows
        ],
    )


def _decision(keep: bool, stop: bool, procedure: bool) -> str:
    chosen = [
        d
        for d, on in (
            (experiments.Decision.CONTINUE, keep),
            (experiments.Decision.STOP, stop),
            (experiments.Decision.START_PROCEDURE, procedure),
        )
        if on
    ]
    if len(chosen) != 1:
        raise InvalidInput("kies precies één van --continue, --stop en --start-procedure.")
    return chosen[0]


@app.command("evaluate")
def evaluate(
    experiment: int = typer.Argument(..., help="Id van het experiment."),
    outcome: str = typer.Option(..., "--outcome", help="De uitkomst van de evaluatie."),
    keep: bool = typer.Option(False, "--continue", help="Het experiment gaat door."),
    stop: bool = typer.Option(False, "--stop", help="Het experiment stopt."),
    procedure: bool = typer.Option(
        False, "--start-procedure", help="Start een benoemingsprocedure voor de raad."
    ),
    evaluate_on: str | None = typer.Option(
        None, "--evaluate-on", help="Volgende evaluatiedatum (bij --continue)."
    ),
    as_json: bool = JSON,
    no_wait: bool = NO_WAIT,
) -> None:
    """Leg de evaluatie van een experiment vast."""
    hand_over(no_wait)
    decision = _decision(keep, stop, procedure)
    next_date = validation.day(evaluate_on, "evaluate_on") if evaluate_on else None
    with working("Evaluatie vastleggen…"):
        done = experiments.evaluate(
            experiments.Evaluate(
                experiment,
                outcome=outcome,
                decision=decision,
                evaluate_on=next_date,
                actor=actor(),
            )
        )
    with reading() as session:
        view = views.experiment(session, experiment)
    view["procedure_id"] = done.procedure_id  # the procedure this evaluation started, if any
    if as_json:
        emit_json(view | pending_json(done.step))
    elif done.procedure_id:
        say(f"Experiment {view['id']} geëvalueerd; procedure {done.procedure_id} gestart.")
    else:
        say(f"Experiment {view['id']} geëvalueerd: {labels.status(view['status'])}.")
    warn_if_pending(done.step)


@app.command("dismiss")
def dismiss(
    experiment: int = typer.Argument(..., help="Id van het voorstel."),
    reason: str = typer.Option(..., "--reason", help="Waarom er geen experiment komt."),
    as_json: bool = JSON,
) -> None:
    """Wijs een experimentvoorstel af (besloten met het college)."""
    dismissed = experiments.dismiss(experiments.Dismiss(experiment, reason=reason, actor=actor()))
    with reading() as session:
        view = views.experiment(session, dismissed.experiment_id)
    if as_json:
        emit_json(view)
    else:
        say(f"Voorstel {view['id']} afgewezen.")
