"""The geometry of the two charts that the simulation's report and the coördinator's overview
draw as inline SVG (no script, no network): the lead time per stage and area as stacked bars,
and the timeline of the procedures' stages, scaled to the period that has events. Numbers in,
positions out; templates/web/_charts.html draws them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from babel.dates import format_date

from models.enums import Stage
from models.stages import STAGE_LABELS
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
WORKING = [s for s in COLOURS if s != Stage.SUSPENDED.value]
LABELS = {stage.value: label for stage, label in STAGE_LABELS.items()}
LABEL_WIDTH, CHART_WIDTH, LANE_HEIGHT, BAR_HEIGHT = 280, 640, 26, 8
LEAD_ROW, LEAD_BAR = 24, 14


@dataclass(frozen=True)
class Scale:
    start: date
    end: date

    def x(self, moment: datetime | date) -> float:
        day = moment.date() if isinstance(moment, datetime) else moment
        span = max((self.end - self.start).days, 1)
        offset = min(max((day - self.start).days, 0), span)
        return round(LABEL_WIDTH + CHART_WIDTH * offset / span, 1)


def lead_time_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One stacked bar per area: the mean days in each working stage, side by side, with the
    total at its end. `rows`: {"council": name, "lead_times": {stage: days}}."""
    totals = [sum(r["lead_times"].get(s, 0) for s in WORKING) for r in rows]
    most = max(totals, default=0) or 1
    bars = []
    for index, (row, total) in enumerate(zip(rows, totals, strict=True)):
        y, x = index * LEAD_ROW + 4, float(LABEL_WIDTH)
        parts = []
        for stage in WORKING:
            days = row["lead_times"].get(stage)
            if not days:
                continue
            width = round(CHART_WIDTH * days / most, 1)
            parts.append({"x": x, "width": max(width, 1.0), "colour": COLOURS[stage],
                          "title": f"{LABELS[stage]}: {days:.0f} dagen"})  # fmt: skip
            x += width
        bars.append({"label": row["council"], "y": y, "parts": parts,
                     "total": round(total), "end": x})  # fmt: skip
    return {
        "bars": bars,
        "width": LABEL_WIDTH + CHART_WIDTH + 60,
        "height": len(rows) * LEAD_ROW + 8,
        "bar_height": LEAD_BAR,
        "stages": [(s, LABELS[s], COLOURS[s]) for s in WORKING],
    }


def period(all_spans: list[Span]) -> tuple[date, date] | None:
    """The first and last day that have events, widened to whole months."""
    if not all_spans:
        return None
    first = min(s.start for s in all_spans).date()
    last = max(s.end for s in all_spans).date()
    start = first.replace(day=1)
    following = (last.replace(day=1) + timedelta(days=32)).replace(day=1)
    return start, following


def _ticks(scale: Scale) -> list[dict[str, Any]]:
    """Years over a long period; quarters (or months, under a year) over a short one."""
    days = (scale.end - scale.start).days
    if days > 3 * 365:
        return [{"x": scale.x(date(y, 1, 1)), "label": str(y)}
                for y in range(scale.start.year + 1, scale.end.year + 1)]  # fmt: skip
    step = 1 if days <= 366 else 3
    ticks, month = [], scale.start
    while month <= scale.end:
        if (month.month - 1) % step == 0:
            ticks.append(
                {"x": scale.x(month), "label": format_date(month, "MMM yyyy", locale="nl")}
            )
        month = (month + timedelta(days=32)).replace(day=1)
    return ticks


def timeline_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One lane per area with a bar per stage a procedure was in, on the scale of the period
    that has events. `rows`: {"council": name, "spans": [Span]}."""
    found = period([s for r in rows for s in r["spans"]])
    start, end = found or (date(2000, 1, 1), date(2000, 2, 1))  # nothing to draw
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
    return {
        "empty": found is None,
        "lanes": lanes,
        "ticks": _ticks(scale),
        "start": start,
        "end": end,
        "width": LABEL_WIDTH + CHART_WIDTH + 40,  # room for the last tick's label
        "height": len(rows) * LANE_HEIGHT + 30,
        "stages": [(s, LABELS[s], c) for s, c in COLOURS.items()],
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
