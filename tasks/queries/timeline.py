"""Stages over time per area, from the audit trail: the data behind the timeline picture."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import groupby
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from models import Area, AuditEvent, Procedure, seats
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
    procedures opened since `opened_since`, when given). Read as rows (Core), each procedure
    with its stage changes, in one statement: as objects with their audit trails they were a
    fifth of the overview's time."""
    result: dict[str, list[Span]] = defaultdict(list)
    moved = and_(
        AuditEvent.procedure_id == Procedure.id,
        AuditEvent.from_stage.is_not(None),
        AuditEvent.to_stage.is_not(None),
    )
    query = (
        select(
            Procedure.id,
            Procedure.kind,
            Procedure.opened_at,
            Area.slug,
            AuditEvent.at,
            AuditEvent.to_stage,
        )
        .join(Area, Area.id == Procedure.area_id)
        .outerjoin(AuditEvent, moved)
        .order_by(Procedure.id, AuditEvent.id)
    )
    if opened_since is not None:
        query = query.where(Procedure.opened_at >= opened_since)
    for (procedure_id, kind, opened_at, slug), moves in groupby(
        session.execute(query), key=lambda row: tuple(row[:4])
    ):
        stage, since = Stage.COMMITTEE_FORMING, opened_at
        for move in moves:
            if move.to_stage is None:  # no stage change at all (the outer join's empty row)
                continue
            result[slug].append(Span(procedure_id, kind.value, stage, since, move.at))
            stage, since = move.to_stage, move.at
        if stage not in CLOSED_STAGES:
            result[slug].append(Span(procedure_id, kind.value, stage, since, until))
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
    areas = session.execute(select(Area.slug, Area.kind, Area.name).order_by(Area.name))
    return [
        {
            "council": seats.council_name(kind, name),
            "lead_times": leads.get(slug, {}),
            "spans": area_spans.get(slug, []),
        }
        for slug, kind, name in areas
        if slug in area_spans
    ]
