"""Running a simulation: a fresh database, the calendar with a progress bar, the summary."""

from __future__ import annotations

from datetime import date

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from models import labels
from models.enums import Stage
from models.stages import STAGE_LABELS
from simulation.play import Simulation
from simulation.report import write_html
from simulation.scenario import build
from simulation.terminal import console, table
from tasks.adapters import db
from tasks.adapters.settings import get_settings
from tasks.queries import monitor_signals
from tasks.queries.cycle_summary import mail_totals, per_area
from tasks.queries.reading import reading


def run(*, seed: int, areas: list[str], start: date, end: date) -> None:
    from tasks.adapters.orchestrator import ensure_server, flow_session

    ensure_server()  # before Prefect is imported: it reads its server's address only once
    db.drop_everything()
    simulation = Simulation(build(seed, areas, start, end))
    total = (end - start).days
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[day]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        bar = progress.add_task("Simulatie", total=total, day=str(start))

        def on_day(day: date) -> None:
            progress.update(bar, completed=(day - start).days, day=str(day))

        simulation.on_day = on_day
        with flow_session():
            simulation.play()
            _send_flow_logs()
        progress.update(bar, completed=total, day=str(end))
    summarise(simulation, seed=seed, start=start, end=end)


def _send_flow_logs() -> None:
    """The flow runs' last log lines go to the Prefect server now, while it still runs (it is
    stopped when the simulation ends; otherwise Prefect complains on the terminal at exit)."""
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=5)


SHORT = {
    "committee_forming": "cie",
    "recruiting": "werv",
    "screening": "toets",
    "nominating": "vdr",
    "awaiting_decision": "b&w",
    "onboarding": "inw",
}


def _lead_times(days: dict[str, float]) -> str:
    return " ".join(f"{SHORT[k]} {v:.0f}" for k, v in days.items() if k in SHORT)


def mail_counts(mails: dict[str, int]) -> str:
    """'afgeleverd: 751, definitief mislukt: 2': the mail statuses in Dutch, codes stay for JSON."""
    return ", ".join(
        f"{labels.mail_status(code)}: {count}" for code, count in sorted(mails.items())
    )


def summarise(simulation: Simulation, *, seed: int, start: date, end: date) -> None:
    with reading() as session:
        rows = [
            r
            for r in per_area(session, end)
            if r["slug"] in {p.slug for p in simulation.scenario.areas}
        ]
        mails = mail_totals(session)
        signals = monitor_signals.per_area(session)
    for row in rows:
        row["signals"] = signals.get(row["slug"], {"reminders": 0, "delays": 0})
    totals = {
        "commands": simulation.coordinator.commands,
        "refusals": len(simulation.coordinator.refusals),
        "delivered": mails.get("delivered", 0),
        "days": simulation.days_played,
    }
    table(
        "Samenvatting per gebied",
        ["raad", "leden", "vacatures", "benoemd", "experiment", "vergaderingen", "e-mails",
         "dagen per fase"],
        [
            (r["council"], f"{r['members']}/{r['max_seats']}", r["vacancies"], r["appointed"],
             r["experiment"] or "–", r["meetings"], r["mails"], _lead_times(r["lead_times"]))
            for r in rows
        ],
    )  # fmt: skip
    console.print(
        "Fasen: " + ", ".join(f"{short} = {STAGE_LABELS[Stage(stage)]}"
                              for stage, short in SHORT.items()),
        style="dim",
    )  # fmt: skip
    report = write_html(
        get_settings().home / "report.html", rows, start=start, end=end, seed=seed, totals=totals
    )
    pending = simulation.coordinator.pending
    if pending:  # a flow that did not finish at once; the next monitor run finished it
        console.print(
            f"Let op: {len(pending)} vervolgstap(pen) niet meteen afgerond, eerst bij "
            + ", ".join(sorted({action for action, _why in pending})),
            style="yellow",
            markup=False,
        )
    slowest = sorted(simulation.coordinator.seconds.items(), key=lambda kv: -kv[1])[:5]
    console.print(
        "Waar de tijd heen ging: "
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in slowest)
    )
    console.print(
        f"{totals['commands']} opdrachten, {totals['refusals']} terecht geweigerd, "
        f"{totals['delivered']} e-mails afgeleverd ({mail_counts(mails)}).\n"
        f"Rapport: [bold]{report}[/]"
    )
