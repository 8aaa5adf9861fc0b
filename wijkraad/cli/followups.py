"""How the CLI hands a recorded step over and tells the coördinator what became of it.

By default a writing command waits for its step (the spinner shows it is busy): a worker runs
it when one is running, else the command runs it itself. `--no-wait` hands it to a worker and
returns at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from wijkraad.cli.output import note, warn

if TYPE_CHECKING:  # a type only: the command module is loaded by the command that uses it
    from commands.committee import StepTaken

NO_WAIT = typer.Option(
    False,
    "--no-wait",
    help="Niet wachten op de vervolgstap: een worker voert hem uit ('wijkraad worker').",
)


def hand_over(no_wait: bool) -> None:
    """Wait for the step (the default), or leave it to a worker with --no-wait."""
    from commands import followup

    followup.use(followup.Mode.NO_WAIT if no_wait else followup.Mode.AUTO)


def warn_if_pending(step: StepTaken | None) -> None:
    result = step.followup if step else None
    if result is None or result.done:
        return
    if result.running:
        note(
            f"De vervolgstap ({result.label}) is overgedragen aan een worker; "
            f"'wijkraad status {result.procedure_id}' toont wanneer hij klaar is."
        )
        return
    warn(
        f"Vastgelegd, maar de vervolgstap ({result.label}) is nog niet uitgevoerd: "
        f"{result.problem}. Wat u vastlegde is bewaard; voer dezelfde opdracht opnieuw uit, of "
        "de dagelijkse controle (wijkraad tick) maakt de stap af."
    )


def pending_json(step: StepTaken | None) -> dict[str, Any]:
    result = step.followup if step else None
    pending = result is not None and not result.done
    return {"pending_step": result.step.value if pending and result else None}
