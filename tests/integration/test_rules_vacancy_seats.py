"""A member who leaves before the nomination adds a seat to the council's open vacancy
procedure, audited; after the nomination, or for a renewal, the seats stay as they are."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from commands import members as member_commands
from models import AuditEvent, Procedure
from models.enums import ProcedureKind, Stage
from tasks.adapters import db
from tests.integration.watch_world import open_procedure, seat

pytestmark = pytest.mark.usefixtures("db")


def seats_and_audit(procedure_id: int) -> tuple[int, list[str | None]]:
    with db.session_scope() as session:
        seats = session.get_one(Procedure, procedure_id).seats
        reasons = list(
            session.scalars(
                select(AuditEvent.reason).where(
                    AuditEvent.procedure_id == procedure_id,
                    AuditEvent.action == "vacancy_seat_added",
                )
            )
        )
        return seats, reasons


def leave(membership_id: int) -> None:
    member_commands.leave(
        member_commands.Leave(membership_id, reason="persoonlijke redenen", on=date(2026, 11, 28))
    )


def test_a_member_leaving_before_the_nomination_adds_a_seat() -> None:
    ids = seat("ruwaard", 5)
    procedure = open_procedure("ruwaard")  # two seats, committee forming
    leave(ids[0])
    seats, reasons = seats_and_audit(procedure)
    assert seats == 3
    assert len(reasons) == 1 and f"Lid {ids[0]} vertrokken" in (reasons[0] or "")


def test_after_the_nomination_the_seats_stay() -> None:
    ids = seat("ruwaard", 5)
    procedure = open_procedure("ruwaard")
    with db.session_scope() as session:
        session.execute(
            update(Procedure).where(Procedure.id == procedure).values(stage=Stage.AWAITING_DECISION)
        )
    leave(ids[0])
    assert seats_and_audit(procedure) == (2, [])


def test_a_renewal_keeps_its_seats() -> None:
    ids = seat("ruwaard", 5)
    procedure = open_procedure("ruwaard", ProcedureKind.RENEWAL)
    leave(ids[0])
    assert seats_and_audit(procedure) == (2, [])
