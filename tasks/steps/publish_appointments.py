"""The public list of the B&W appointment decisions of a term (benoemingsbesluiten), for the
municipality's website: public by law, so it names the appointed members."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from models.errors import InvalidInput
from models.privacy import csv_cell
from models.terms import is_election_year
from tasks.adapters.clock import today
from tasks.adapters.templating import render
from tasks.queries import appointments

COLUMNS = ["raad", "naam", "van", "tot_en_met", "besluit", "besluitdatum"]


def _csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)  # OWASP
    writer.writerow(COLUMNS)
    for r in rows:
        cells = [
            r["council"],
            r["name"],
            r["start_date"].isoformat(),
            r["end_date"].isoformat(),
            r["decision_number"],
            r["decided_on"].isoformat(),
        ]
        writer.writerow([csv_cell(c) for c in cells])
    return buffer.getvalue()


def publish(session: Session, election_year: int, output: Path) -> dict[str, Any]:
    """Write benoemingen-YEAR.html and .csv into `output`."""
    if not 2000 <= election_year <= 2100 or not is_election_year(election_year):
        raise InvalidInput(
            f"{election_year} is geen jaar waarin een zittingsperiode begint "
            "(gemeenteraadsverkiezingen: 2026, 2030, ...).",
            field="term",
        )
    rows = appointments.of_term(session, election_year)
    html = render("publish/appointments.html", term=election_year, rows=rows, published_on=today())
    base = output / f"benoemingen-{election_year}"
    try:
        output.mkdir(parents=True, exist_ok=True)
        base.with_suffix(".html").write_text(html, encoding="utf-8")
        base.with_suffix(".csv").write_text(_csv(rows), encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(
            f"kan niet schrijven naar '{output}': {exc.strerror}.", field="output"
        ) from exc
    return {
        "term": election_year,
        "appointments": len(rows),
        "html": str(base.with_suffix(".html")),
        "csv": str(base.with_suffix(".csv")),
    }
