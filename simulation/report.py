"""The end of a simulation: a Dutch summary on the terminal and var/simulation/report.html with
the lead time per stage and area and the timeline of the procedures as charts (inline SVG, no
network assets; tasks/queries/charts.py and templates/web/_charts.html draw the same charts on
the coördinator's overview)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from tasks.adapters.templating import render
from tasks.queries import charts
from tasks.queries import panels as panel_views
from tasks.queries.reading import reading


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
    html = render(
        "report/simulation.html",
        rows=rows,
        start=start,
        end=end,
        seed=seed,
        totals=totals,
        lead_chart=charts.lead_time_chart(rows),
        chart=charts.timeline_chart(rows),
        panels=_panels(),
    )
    path.write_text(html, encoding="utf-8")
    return path


def _panels() -> list[dict[str, Any]]:
    with reading() as session:
        return panel_views.panels_with_quotas(session)
