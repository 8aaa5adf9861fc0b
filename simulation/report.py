"""The end of a simulation: a Dutch summary on the terminal and var/simulation/report.html
with a timeline picture per area (inline SVG, no network assets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from models.enums import Stage
from models.stages import STAGE_LABELS
from tasks.adapters.templating import render
from tasks.queries.timeline import Span

COLOURS = {
    Stage.COMMITTEE_FORMING.value: "#8fb8de",
    Stage.RECRUITING.value: "#4f86c6",
    Stage.SCREENING.value: "#f0b429",
    Stage.NOMINATING.value: "#e07b39",
    Stage.AWAITING_DECISION.value: "#b5446e",
    Stage.ONBOARDING.value: "#4caf7a",
    Stage.SUSPENDED.value: "#9e9e9e",
}
LABEL_WIDTH, CHART_WIDTH, LANE_HEIGHT, BAR_HEIGHT = 250, 900, 26, 8


@dataclass(frozen=True)
class Scale:
    start: date
    end: date

    def x(self, moment: datetime | date) -> float:
        day = moment.date() if isinstance(moment, datetime) else moment
        span = max((self.end - self.start).days, 1)
        offset = min(max((day - self.start).days, 0), span)
        return round(LABEL_WIDTH + CHART_WIDTH * offset / span, 1)


def chart(rows: list[dict[str, Any]], start: date, end: date) -> dict[str, Any]:
    scale = Scale(start, end)
    lanes = []
    for index, row in enumerate(rows):
        y = index * LANE_HEIGHT + 4
        procedures = sorted({s.procedure_id for s in row["spans"]})
        bars = [
            _bar(scale, span, y + 2 + (procedures.index(span.procedure_id) % 2) * (BAR_HEIGHT + 1))
            for span in row["spans"]
            if span.stage.value in COLOURS
        ]
        lanes.append({"label": row["council"], "y": y, "bars": bars})
    ticks = [
        {"x": scale.x(date(year, 1, 1)), "label": str(year)}
        for year in range(start.year + 1, end.year + 1)
    ]
    return {
        "lanes": lanes,
        "ticks": ticks,
        "width": LABEL_WIDTH + CHART_WIDTH + 10,
        "height": len(rows) * LANE_HEIGHT + 30,
    }


def _bar(scale: Scale, span: Span, y: float) -> dict[str, Any]:
    x = scale.x(span.start)
    return {
        "x": x,
        "y": y,
        "width": max(scale.x(span.end) - x, 1.5),
        "height": BAR_HEIGHT,
        "colour": COLOURS[span.stage.value],
        "title": f"procedure {span.procedure_id} ({span.kind}): {STAGE_LABELS[span.stage]}, "
        f"{span.start.date()} – {span.end.date()}",
    }


def write_html(
    path: Path,
    rows: list[dict[str, Any]],
    *,
    start: date,
    end: date,
    seed: int,
    totals: dict[str, int],
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    labels = {stage.value: label for stage, label in STAGE_LABELS.items()}
    html = render(
        "report/simulation.html",
        rows=rows,
        start=start,
        end=end,
        seed=seed,
        totals=totals,
        chart=chart(rows, start, end),
        colours=COLOURS,
        labels=labels,
    )
    path.write_text(html, encoding="utf-8")
    return path
