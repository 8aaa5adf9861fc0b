"""Building blocks for the monitoring tests: members, procedures and meetings in the database,
made with the real models and tasks (no Prefect)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from models import Procedure
from models.deadlines import deadline
from models.enums import ProcedureKind, Stage
from tasks.adapters import db
from tasks.adapters.clock import now
from tasks.adapters.settings import get_settings
from tasks.queries import lookup
from tasks.steps import members

# Postcodes of the default table, one per area used in the tests.
POSTCODES = {"ruwaard": "5343AB", "berghem": "5351AA", "herpen": "5373AA"}


def seat(area: str, count: int, since: str = "2026-04-01") -> list[int]:
    """`count` sitting members in the area's current council; returns membership ids."""
    ids = []
    with db.session_scope() as session:
        for n in range(count):
            member = members.MemberInput.parse(
                area,
                f"Lid {n} {area}",
                f"lid{n}.{area}@example.nl",
                POSTCODES[area],
                str(n + 1),
                None,
                since,
            )
            ids.append(members.add(session, member).id)
    return ids


def open_procedure(area: str, kind: ProcedureKind = ProcedureKind.VACANCY) -> int:
    """An open procedure in committee_forming, entered now, with its target and deadline."""
    settings = get_settings()
    with db.session_scope() as session:
        area_row = lookup.area(session, area)
        council = lookup.council(session, area_row, lookup.term_covering(session, now().date()))
        target_days, deadline_days = settings.stage_days[Stage.COMMITTEE_FORMING.value]
        procedure = Procedure(
            area=area_row,
            council=council,
            term=council.term,
            kind=kind,
            stage=Stage.COMMITTEE_FORMING,
            seats=2,
            opened_at=now(),
            stage_entered_at=now(),
            stage_target=deadline(now().date(), target_days),
            stage_deadline=deadline(now().date(), deadline_days),
            suspended_days=0,
        )
        session.add(procedure)
        session.flush()
        return procedure.id


def apply(procedure_id: int, event: str, reason: str | None = None) -> None:
    with db.session_scope() as session:
        procedure = session.get_one(Procedure, procedure_id)
        procedure.apply(event, actor="coordinator", now=now(), reason=reason)


def dates(procedure_id: int) -> tuple[date | None, date | None]:
    with db.session_scope() as session:
        p = session.get_one(Procedure, procedure_id)
        return p.stage_target, p.stage_deadline


def procedure_ids() -> list[int]:
    with db.session_scope() as session:
        return list(session.scalars(select(Procedure.id)))


def at(day: date | datetime, monkeypatch, hour: int = 7) -> None:  # type: ignore[no-untyped-def]
    moment = day if isinstance(day, datetime) else datetime(day.year, day.month, day.day, hour)
    monkeypatch.setenv("WIJKRAAD_NOW", moment.isoformat())


def next_day(day: date) -> date:
    return day + timedelta(days=1)
