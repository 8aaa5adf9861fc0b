"""The migrations build exactly the schema the models describe, with its constraints."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import IntegrityError

import models
from models.enums import ProcedureKind, Stage
from tasks.adapters import db
from tasks.adapters.db import session_scope
from tasks.queries import lookup


def test_migrations_match_the_models(schema: str) -> None:
    with db.engine().connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, models.Base.metadata)
    assert differences == []


def _open_procedure(session, council: models.Council, stage: Stage = Stage.COMMITTEE_FORMING):  # type: ignore[no-untyped-def]
    moment = datetime(2029, 10, 1)
    procedure = models.Procedure(
        area_id=council.area_id,
        council_id=council.id,
        term_id=council.term_id,
        kind=ProcedureKind.RENEWAL,
        stage=stage,
        seats=7,
        opened_at=moment,
        stage_entered_at=moment,
        suspended_days=0,
        cancel_reason="dubbel" if stage == Stage.CANCELLED else None,
    )
    session.add(procedure)
    session.flush()
    return procedure


@pytest.mark.usefixtures("db")
def test_the_database_allows_one_open_procedure_per_council() -> None:
    with session_scope() as session:
        area = lookup.area(session, "lith")
        council = lookup.council(
            session, area, lookup.term_covering(session, datetime(2026, 11, 28).date())
        )
        _open_procedure(session, council, Stage.CANCELLED)
        _open_procedure(session, council, Stage.COMPLETED)
        _open_procedure(session, council)
    with pytest.raises(IntegrityError), session_scope() as session:
        council = session.get_one(models.Council, council.id)
        _open_procedure(session, council, Stage.RECRUITING)


@pytest.mark.usefixtures("db")
def test_the_database_refuses_an_unknown_stage() -> None:
    with pytest.raises(IntegrityError), db.engine().begin() as connection:
        connection.exec_driver_sql("UPDATE areas SET kind = 'stad'")


@pytest.mark.usefixtures("db")
def test_the_database_refuses_two_applications_of_one_person() -> None:
    with pytest.raises(IntegrityError), session_scope() as session:
        area = lookup.area(session, "lith")
        council = lookup.council(
            session, area, lookup.term_covering(session, datetime(2026, 11, 28).date())
        )
        procedure = _open_procedure(session, council)
        person = models.Person(name="A", email="a@example.nl", created_at=datetime(2026, 1, 1))
        session.add(person)
        for _ in range(2):
            session.add(
                models.Candidate(
                    procedure=procedure, person=person, applied_at=datetime(2026, 1, 1)
                )
            )
            session.flush()
