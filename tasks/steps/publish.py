"""The public list of a council's decisions of a year, for the municipality's website.

It never names a natural person: a private applicant is "een inwoner" (also where the summary
names them); an organisation keeps its name. Every CSV cell a spreadsheet would read as a
formula starts with an apostrophe, and every cell is quoted (OWASP, CSV injection).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from models.errors import InvalidInput
from models.privacy import PRIVATE_APPLICANT, csv_cell, public_applicant, scrub
from tasks.adapters.clock import today
from tasks.adapters.templating import render
from tasks.queries import lookup
from tasks.queries import meetings as views
from tasks.steps import meetings


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)  # OWASP
    writer.writerow(["datum", "soort", "besluit", "aanvrager", "bedrag_eur"])
    for r in rows:
        amount = "" if r["amount_cents"] is None else f"{r['amount_cents'] / 100:.2f}"
        cells = [r["date"].isoformat(), r["kind"], r["summary"], r["applicant"] or "", amount]
        writer.writerow([csv_cell(c) for c in cells])
    return buffer.getvalue()


def public_view(view: dict[str, Any]) -> dict[str, Any]:
    """A decision as the public sees it: no private applicant's name, in any field."""
    private = None if view["organisation"] else view["applicant"]
    summary = scrub(view["summary"], [private], PRIVATE_APPLICANT) if private else view["summary"]
    applicant = public_applicant(view["applicant"], view["organisation"])
    return {**view, "summary": summary, "applicant": applicant}


def publish(session: Session, area_slug: str, year: int, output: Path) -> dict[str, Any]:
    """Write decisions-AREA-YEAR.html and .csv into `output`; the decisions count as published."""
    if not 2000 <= year <= 2100:
        raise InvalidInput(f"{year} is geen geldig jaar.", field="year")
    area = lookup.area(session, area_slug)
    rows = views.decisions(session, area.slug, year)
    shown = [public_view(views.decision_view(d)) for d in rows]
    html = render(
        "publish/decisions.html",
        council=area.council_name,
        year=year,
        decisions=shown,
        published_on=today(),
    )
    try:
        output.mkdir(parents=True, exist_ok=True)
        base = output / f"besluiten-{area.slug}-{year}"
        base.with_suffix(".html").write_text(html, encoding="utf-8")
        base.with_suffix(".csv").write_text(_csv(shown), encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(
            f"kan niet schrijven naar '{output}': {exc.strerror}.", field="output"
        ) from exc
    newly = meetings.mark_published(session, rows)
    return {
        "area": area.slug,
        "year": year,
        "decisions": len(shown),
        "newly_published": newly,
        "html": str(base.with_suffix(".html")),
        "csv": str(base.with_suffix(".csv")),
    }
