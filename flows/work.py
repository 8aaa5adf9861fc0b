"""The pieces of work a door records and hands over to a worker (flows/launch.py), as values:
a procedure's pending step, or a panel's prepared draw. Ids only: a piece of work says what to
run, the database holds everything else. No Prefect here (the doors import this module)."""

from __future__ import annotations

from dataclasses import dataclass

from models.enums import FollowUp


@dataclass(frozen=True)
class Step:
    """The pending follow-up `step` of a procedure (`Procedure.pending_step`)."""

    procedure_id: int
    step: FollowUp

    def __str__(self) -> str:
        return f"follow-up {self.step.value} of procedure {self.procedure_id}"


@dataclass(frozen=True)
class PanelDraw:
    """A prepared draw of a burgerpanel (the first or a replacement), not yet performed."""

    draw_id: int

    def __str__(self) -> str:
        return f"panel draw {self.draw_id}"


Work = Step | PanelDraw
