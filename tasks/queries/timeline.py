"""Stages over time per area, from the audit trail: the data behind the timeline picture."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Area, AuditEvent, Procedure
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
    procedures opened since `opened_since`, when given). Read as rows (Core) in two statements:
    as objects with their audit trails they were a fifth of the overview's time."""
    result: dict[str, list[Span]] = defaultdict(list)
    procedures = (
        select(Procedure.id, Procedure.kind, Procedure.opened_at, Area.slug)
        .join(Area, Area.id == Procedure.area_id)
        .order_by(Procedure.id)
    )
    if opened_since is not None:
        procedures = procedures.where(Procedure.opened_at >= opened_since)
    rows = session.execute(procedures).all()
    moves: dict[int, list[Any]] = defaultdict(list)
    chosen = procedures.with_only_columns(Procedure.id).order_by(None).scalar_subquery()
    for move in session.execute(
        select(AuditEvent.procedure_id, AuditEvent.at, AuditEvent.to_stage)
        .where(
            AuditEvent.procedure_id.in_(chosen),
            AuditEvent.from_stage.is_not(None),
            AuditEvent.to_stage.is_not(None),
        )
        .order_by(AuditEvent.procedure_id, AuditEvent.id)
    ):
        moves[move.procedure_id].append(move)
    for procedure_id, kind, opened_at, slug in rows:
        stage, since = Stage.COMMITTEE_FORMING, opened_at
        for move in moves[procedure_id]:
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
    return [
        {
            "council": area.council_name,
            "lead_times": leads.get(area.slug, {}),
            "spans": area_spans.get(area.slug, []),
        }
        for area in session.scalars(select(Area).order_by(Area.name))
        if area.slug in area_spans
    ]
