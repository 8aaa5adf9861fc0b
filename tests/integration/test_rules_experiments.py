"""Experiments: the procedure that caused a proposal and the one an evaluation starts are kept
apart; proposals are made in one place, audited, and lapse by themselves when the shortage is
gone (mentioned once in the digest)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from models import Area, AuditEvent, Experiment, OutboxMessage
from models.enums import ExperimentStatus, ProcedureKind
from tasks.adapters import db
from tasks.mail import digest
from tasks.queries import vacancies
from tasks.steps import members, monitor
from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import nominating, refused
from tests.integration.watch_world import at, open_procedure, seat

DAY = date(2026, 11, 28)


def small_council(area: str, seats: int) -> None:
    with db.session_scope() as session:
        session.execute(
            update(Area).where(Area.slug == area).values(max_seats=seats, min_seats=seats)
        )


def experiment(experiment_id: int) -> Experiment:
    with db.session_scope() as session:
        found = session.get_one(Experiment, experiment_id)
        session.expunge(found)
        return found


def audited(experiment_id: int) -> list[str]:
    with db.session_scope() as session:
        return list(
            session.scalars(
                select(AuditEvent.action)
                .where(
                    AuditEvent.subject_type == "experiment", AuditEvent.subject_id == experiment_id
                )
                .order_by(AuditEvent.id)
            )
        )


def short_berghem() -> int:
    """Berghem (3 seats, all required) with 2 members: the monitor proposes an experiment."""
    small_council("berghem", 3)
    ids = seat("berghem", 3)
    with db.session_scope() as session:
        members.leave(session, ids[0], reason="verhuisd", on=DAY)
    (proposed,) = monitor.propose_experiments(DAY)
    return proposed


def digest_text(day: date) -> str:
    with db.session_scope() as session:
        return str(digest.compose(session, day)["experiments"])


@pytest.mark.usefixtures("db")
def test_a_proposal_lapses_when_a_procedure_opens_and_the_digest_says_so_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    proposed = short_berghem()
    assert audited(proposed) == ["experiment_proposed"]
    assert monitor.enqueue_digest(DAY) is not None
    assert monitor.lapse_proposals(DAY) == []  # the shortage is still there

    at(date(2026, 11, 30), monkeypatch)
    procedure = open_procedure("berghem")
    assert monitor.lapse_proposals(date(2026, 11, 30)) == [proposed]
    assert monitor.lapse_proposals(date(2026, 11, 30)) == []  # once
    lapsed = experiment(proposed)
    assert lapsed.status == ExperimentStatus.LAPSED
    assert f"procedure {procedure}" in (lapsed.outcome or "")
    assert audited(proposed) == ["experiment_proposed", "experiment_lapsed"]

    first = monitor.enqueue_digest(date(2026, 11, 30))
    with db.session_scope() as session:
        mail = session.get_one(OutboxMessage, first)
        assert [e["experiment_id"] for e in mail.context["digest"]["experiments"]["lapsed"]] == [
            proposed
        ]
    from tasks.mail.render import as_sent

    with db.session_scope() as session:
        rendered = as_sent(session, session.get_one(OutboxMessage, first))
    assert "VERVALLEN VOORSTELLEN" in rendered.text and f"Experiment {proposed}" in rendered.text

    at(date(2026, 12, 1), monkeypatch)
    with db.session_scope() as session:
        assert digest.compose(session, date(2026, 12, 1))["experiments"]["lapsed"] == []


@pytest.mark.usefixtures("db")
def test_a_proposal_lapses_when_the_council_is_full_again(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    proposed = short_berghem()
    at(date(2026, 12, 1), monkeypatch)
    seat("berghem", 1, since="2026-12-01")
    assert monitor.lapse_proposals(date(2026, 12, 1)) == [proposed]
    assert "voltallig" in (experiment(proposed).outcome or "")
    assert monitor.propose_experiments(date(2026, 12, 1)) == []


@pytest.mark.usefixtures("db")
def test_no_proposal_says_no_procedure_runs_while_a_renewal_is_open() -> None:
    small_council("berghem", 3)
    seat("berghem", 2)
    open_procedure("berghem", ProcedureKind.RENEWAL)
    with db.session_scope() as session:
        assert vacancies.shortages(session, DAY) == []
    assert monitor.propose_experiments(DAY) == []


@pytest.mark.usefixtures("prefect")
def test_an_onboarding_proposal_keeps_its_cause_and_an_evaluation_starts_its_own(
    cli, table_counts
) -> None:  # type: ignore[no-untyped-def]
    proc, good, _ = nominating(cli, 1)
    ok(cli("nominate", str(proc), str(good[0]), "--json"))
    decided = ("--number", "2026/5", "--date", "2026-11-28", "--json")
    ok(cli("decide", str(proc), str(good[0]), *decided))
    tasks = ok(cli("onboarding", "list", "--json"))
    assert tasks, "no onboarding tasks to finish"
    for task in tasks:
        ok(cli("onboarding", "done", str(task["id"]), "--json"))
    (proposal,) = ok(cli("experiment", "list", "--json"))
    assert (proposal["status"], proposal["cause_procedure_id"]) == ("proposed", proc)
    assert audited(proposal["id"]) == ["experiment_proposed"]
    table = cli("experiment", "list").stdout
    assert "voorgesteld" in table and "proposed" not in table

    college = ("--decided-with-college-on", "2026-11-28", "--reason", "te weinig leden")
    ok(cli("experiment", "start", "--area", "ruwaard", "--form", "buurtpanel", *college))
    started = cli("experiment", "evaluate", str(proposal["id"]), "--outcome", "nu wel")
    assert started.exit_code == 1  # no decision chosen
    done = ok(
        cli(
            "experiment",
            "evaluate",
            str(proposal["id"]),
            "--outcome",
            "opnieuw werven",
            "--start-procedure",
            "--json",
        )
    )
    new = done["procedure_id"]
    assert new is not None and new != proc
    assert (done["cause_procedure_id"], done["started_procedure_id"]) == (proc, new)

    # a second experiment in the area cannot start another procedure while this one is open
    ok(cli("experiment", "start", "--area", "ruwaard", "--form", "loting", *college))
    second = max(e["id"] for e in ok(cli("experiment", "list", "--json")))
    message = refused(
        cli,
        table_counts,
        "experiment",
        "evaluate",
        str(second),
        "--outcome",
        "x",
        "--start-procedure",
    )
    assert f"loopt al procedure {new}" in message
    stopped = cli("experiment", "evaluate", str(second), "--outcome", "klaar", "--stop")
    assert stopped.exit_code == 0, stopped.stderr
    assert "gestopt" in stopped.stdout and "gestart" not in stopped.stdout


@pytest.mark.usefixtures("db")
def test_start_procedure_without_free_seats_is_refused_and_nothing_is_written() -> None:
    from commands import experiments as commands
    from models import Procedure
    from models.errors import DomainError
    from tasks.queries import lookup

    small_council("berghem", 3)
    seat("berghem", 3)
    with db.session_scope() as session:
        running = Experiment(
            area_id=lookup.area(session, "berghem").id,
            status=ExperimentStatus.RUNNING,
            form="buurtpanel",
        )
        session.add(running)
        session.flush()
        experiment_id = running.id
    with pytest.raises(DomainError, match="geen vrije zetels"):
        commands.evaluate(
            commands.Evaluate(
                experiment_id, outcome="opnieuw", decision=commands.Decision.START_PROCEDURE
            )
        )
    assert experiment(experiment_id).status == ExperimentStatus.RUNNING
    assert audited(experiment_id) == []
    with db.session_scope() as session:
        assert session.scalars(select(Procedure.id)).all() == []
