"""Stages over time per area, from the audit trail: the data behind the timeline picture."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Area, Procedure
from models.enums import CLOSED_STAGES, Stage
from models.terms import term_on


@dataclass(frozen=True)
class Span:
    procedure_id: int
    kind: str
    stage: Stage
    start: datetime
    end: datetime

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86400


def spans(
    session: Session, until: datetime, opened_since: datetime | None = None
) -> dict[str, list[Span]]:
    """Per area slug: every stage a procedure was in, from entering it to leaving it (only the
    procedures opened since `opened_since`, when given)."""
    result: dict[str, list[Span]] = defaultdict(list)
    query = (
        select(Procedure)
        .options(selectinload(Procedure.audit_events), selectinload(Procedure.area))
        .order_by(Procedure.id)
    )
    if opened_since is not None:
        query = query.where(Procedure.opened_at >= opened_since)
    procedures = session.scalars(query)
    for procedure in procedures:
        stage, since = Stage.COMMITTEE_FORMING, procedure.opened_at
        for event in procedure.audit_events:
            if event.to_stage is None or event.from_stage is None:
                continue
            result[procedure.area.slug].append(
                Span(procedure.id, procedure.kind.value, stage, since, event.at)
            )
            stage, since = event.to_stage, event.at
        if stage not in CLOSED_STAGES:
            result[procedure.area.slug].append(
                Span(procedure.id, procedure.kind.value, stage, since, until)
            )
    return dict(result)


def lead_times(all_spans: dict[str, list[Span]]) -> dict[str, dict[str, float]]:
    """Per area: the mean days spent in each working stage."""
    table: dict[str, dict[str, float]] = {}
    for area, area_spans in all_spans.items():
        per_stage: dict[str, list[float]] = defaultdict(list)
        for span in area_spans:
            if span.stage != Stage.SUSPENDED:
                per_stage[span.stage.value].append(span.days)
        table[area] = {stage: sum(d) / len(d) for stage, d in per_stage.items()}
    return table


def running_term(session: Session, day: date) -> list[dict[str, Any]]:
    """Per area (by name) that had a procedure in the term running on `day`: the stages and
    the mean lead times of those procedures, for the overview's charts."""
    term = term_on(day)
    area_spans = spans(
        session, datetime.combine(day, time.min), datetime.combine(term.start, time.min)
    )
    leads = lead_times(area_spans)
    return [
        {
            "council": area.council_name,
            "lead_times": leads.get(area.slug, {}),
            "spans": area_spans.get(area.slug, []),
        }
        for area in session.scalars(select(Area).order_by(Area.name))
        if area.slug in area_spans
    ]
