"""How the CLI tells the coördinator that a recorded step's follow-up did not finish."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wijkraad.cli.output import warn

if TYPE_CHECKING:  # a type only: the command module is loaded by the command that uses it
    from commands.committee import StepTaken


def warn_if_pending(step: StepTaken | None) -> None:
    result = step.followup if step else None
    if result is None or result.done:
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
