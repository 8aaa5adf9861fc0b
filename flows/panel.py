"""The draw of a burgerpanel by lot: one task that runs the lottery for a prepared draw and
records it. Its parameter is the draw's id; its result the selected pool ids. Safe to repeat:
a recorded draw is not drawn again."""

from __future__ import annotations

from prefect import flow

from flows.runtime import FLOW_OPTIONS, step
from tasks.steps import panels

draw_task = step("draw-panel")(panels.perform)


@flow(name="draw-panel", **FLOW_OPTIONS)
def draw_panel(draw_id: int) -> list[int]:
    return draw_task(draw_id)
