"""A short simulation (2 areas, the renewal half-year) through the real commands and flows,
checked against the domain rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from models import Candidate, Membership, OutboxMessage, Person
from models.enums import CandidateStatus, FindingResult, MessageStatus
from tasks.adapters import db

pytestmark = pytest.mark.usefixtures("prefect")


def _prefect_database_text() -> str:
    from prefect.settings import PREFECT_API_DATABASE_CONNECTION_URL

    url = PREFECT_API_DATABASE_CONNECTION_URL.value() or ""
    path = Path(url.split("///", 1)[-1])
    with sqlite3.connect(path) as connection:
        return "\n".join(connection.iterdump())


def test_a_short_simulation_keeps_every_rule(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("WIJKRAAD_NOW", raising=False)
    result = cli(
        "simulate",
        "--seed",
        "7",
        "--areas",
        "ruwaard,megen-haren-macharen",
        "--from",
        "2029-09-01",
        "--to",
        "2030-06-30",
    )
    assert result.exit_code == 0, result.stderr
    assert "Samenvatting per gebied" in result.stdout
    closing = " ".join(result.stdout.split())
    assert "e-mails afgeleverd (afgeleverd: " in closing and "'delivered'" not in closing
    report_path = result.stdout.split("Rapport:", 1)[1].split()[0]
    report = Path(report_path).read_text(encoding="utf-8")
    for code in ("proposed", "continued", "lapsed", "dismissed", "procedure_started", "delivered"):
        assert code not in report, code

    with db.session_scope() as session:
        appointed = session.scalars(
            select(Candidate).where(Candidate.status == CandidateStatus.APPOINTED)
        ).all()
        assert appointed, "the renewal appointed nobody"
        for candidate in appointed:
            assert candidate.findings, candidate.id
            assert all(f.result == FindingResult.PASS or f.resolved_by for f in candidate.findings)
            assert not candidate.politically_active and not candidate.municipal_employee
        memberships = session.scalars(select(Membership)).all()
        assert memberships, "the simulation seated nobody"
        for membership in memberships:
            council = membership.council
            for day in (membership.start_date, membership.end_date):
                assert len(council.sitting_on(day)) <= council.area.max_seats
        statuses = set(session.scalars(select(OutboxMessage.status)))
        undelivered = session.execute(
            select(OutboxMessage.template, OutboxMessage.status, OutboxMessage.created_at).where(
                OutboxMessage.status != MessageStatus.DELIVERED
            )
        ).all()
        assert statuses == {MessageStatus.DELIVERED}, undelivered
        secrets = [p.email for p in session.scalars(select(Person))]
        secrets += [p.name for p in session.scalars(select(Person))]

    dump = _prefect_database_text()
    leaked = [s for s in secrets if s in dump]
    assert leaked == []


def test_the_village_without_candidates_gets_a_full_panel_by_lot(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The experiment as `make demo` plays it: the drawn read their invitation and answer
    through its link; one declines, one never answers, and a second draw replaces both."""
    from models.panel import Draw, PoolMember

    monkeypatch.delenv("WIJKRAAD_NOW", raising=False)
    result = cli(
        "simulate",
        "--seed",
        "2026",
        "--areas",
        "megen-haren-macharen",
        "--from",
        "2026-04-01",
        "--to",
        "2028-03-31",
    )
    assert result.exit_code == 0, result.stderr
    with db.session_scope() as session:
        draws = session.scalars(select(Draw).order_by(Draw.number)).all()
        assert [d.number for d in draws] == [1, 2] and all(d.record for d in draws)
        answers = sorted(
            (m.drawn_in, m.answer)
            for m in session.scalars(select(PoolMember).where(PoolMember.drawn_in.is_not(None)))
        )
    assert answers.count((1, "declined")) == 1 and answers.count((1, "no_answer")) == 1
    assert [a for a in answers if a[1] == "accepted"] == [(1, "accepted")] * 10 + [
        (2, "accepted")
    ] * 2
