"""The public list of a council's decisions of a year, for the municipality's website."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from models.errors import InvalidInput
from tasks.adapters.clock import today
from tasks.adapters.templating import render
from tasks.queries import lookup
from tasks.steps import meetings


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["datum", "soort", "besluit", "aanvrager", "bedrag_eur"])
    for r in rows:
        amount = "" if r["amount_cents"] is None else f"{r['amount_cents'] / 100:.2f}"
        writer.writerow(
            [r["date"].isoformat(), r["kind"], r["summary"], r["applicant"] or "", amount]
        )
    return buffer.getvalue()


def publish(session: Session, area_slug: str, year: int, output: Path) -> dict[str, Any]:
    """Write decisions-AREA-YEAR.html and .csv into `output`; the decisions count as published."""
    if not 2000 <= year <= 2100:
        raise InvalidInput(f"{year} is geen geldig jaar.", field="year")
    area = lookup.area(session, area_slug)
    rows = meetings.decisions(session, area.slug, year)
    views = [meetings.decision_view(d) for d in rows]
    html = render(
        "publish/decisions.html",
        council=area.council_name,
        year=year,
        decisions=views,
        published_on=today(),
    )
    try:
        output.mkdir(parents=True, exist_ok=True)
        base = output / f"besluiten-{area.slug}-{year}"
        base.with_suffix(".html").write_text(html, encoding="utf-8")
        base.with_suffix(".csv").write_text(_csv(views), encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(
            f"kan niet schrijven naar '{output}': {exc.strerror}.", field="output"
        ) from exc
    newly = meetings.mark_published(session, rows)
    return {
        "area": area.slug,
        "year": year,
        "decisions": len(views),
        "newly_published": newly,
        "html": str(base.with_suffix(".html")),
        "csv": str(base.with_suffix(".csv")),
    }
