"""The production topology of the README, end to end: PostgreSQL for the application and for
Prefect, `prefect server start`, a process work pool, `prefect deploy --all` with the project's
prefect.yaml, `prefect worker start`, and a run of each deployment triggered through Prefect.

A procedure whose application deadline is six days ahead makes the monitor enqueue two
reminders for its committee; the mail deployment delivers them to aiosmtpd. Then `wijkraad
doctor` looks at the whole chain. Every process is stopped and both databases are dropped at
the end, also when the test fails. `pytest -s` prints how long each step took.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.e2e import topology
from tests.e2e.topology import BIN, REPOSITORY, run
from tests.fixtures_smtp import SmtpServer, free_port

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(not topology.postgres_answers(), reason=topology.SKIP_REASON),
]

NOW = "2026-11-28T07:00"  # the application deadline (4 December) is six days ahead
COMMITTEE = (
    ("Annelies van den Berg", "annelies.vandenberg@example.nl"),
    ("Mehmet Yilmaz", "mehmet.yilmaz@example.nl"),
)


def seed_recruitment() -> int:
    """Ruwaard recruiting for two free seats, a committee of two (the reminder's recipients)."""
    import models
    from models.enums import ProcedureKind, Stage
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    moment = now()
    with session_scope() as session:
        area = lookup.area(session, "ruwaard")
        council = lookup.council(session, area, lookup.term_covering(session, moment.date()))
        procedure = models.Procedure(
            area=area,
            council=council,
            term=council.term,
            kind=ProcedureKind.VACANCY,
            stage=Stage.RECRUITING,
            seats=2,
            opened_at=moment - timedelta(days=30),
            stage_entered_at=moment - timedelta(days=10),
            stage_target=date(2026, 12, 14),
            stage_deadline=date(2026, 12, 21),
            application_deadline=date(2026, 12, 4),
            suspended_days=0,
        )
        committee = models.NominationCommittee(procedure=procedure, confirmed_at=moment)
        session.add_all([procedure, committee])
        for number, (name, email) in enumerate(COMMITTEE, start=1):
            person = models.Person(
                name=name,
                email=email,
                postcode="5345AB",
                house_number=str(number),
                created_at=moment,
            )
            session.add(models.CommitteeMember(committee=committee, person=person, added_at=moment))
        session.flush()
        return procedure.id


def outbox() -> list[tuple[str, str, str | None]]:
    """(template, status, Message-ID) of every message, in order."""
    import models
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        rows = session.scalars(select(models.OutboxMessage).order_by(models.OutboxMessage.id))
        return [(m.template, m.status.value, m.message_id) for m in rows]


def monitor_runs() -> list[tuple[date, datetime, int]]:
    import models
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        return [(r.day, r.last_at, r.runs) for r in session.scalars(select(models.MonitorRun))]


def ok(result, what: str, *logs: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == 0, f"{what} failed:\n{result.stdout}\n{result.stderr}\n" + (
        "\n".join(logs)
    )


def test_the_production_topology_runs_the_monitor_and_delivers_its_mail(
    tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tasks.adapters import db

    watch = topology.Stopwatch()
    prefect_home, home = tmp_path / "prefect", tmp_path / "wijkraad"
    prefect_home.mkdir()
    with (
        topology.throwaway_databases("app", "prefect") as databases,
        topology.processes(tmp_path) as running,
    ):
        url = topology.app_url(databases["app"])
        application = {
            "WIJKRAAD_HOME": str(home),
            "WIJKRAAD_DATABASE_URL": url,
            "WIJKRAAD_NOW": NOW,
            "WIJKRAAD_SMTP_HOST": "127.0.0.1",
            "WIJKRAAD_SMTP_PORT": str(smtp_server.port),
            "WIJKRAAD_SMTP_SECURITY": "none",
        }
        try:
            # 1. the Prefect server on PostgreSQL starts while the application's database is
            #    made (migrations and seed) and a procedure is put in it
            api = topology.launch_prefect_server(
                running, prefect_home, databases["prefect"], free_port()
            )
            init = run(
                [str(BIN / "wijkraad"), "init"],
                topology.clean_environment() | application,
                tmp_path,
            )
            ok(init, "wijkraad init")
            for name, value in application.items():
                monkeypatch.setenv(name, value)
            seed_recruitment()
            watch.lap("databases, wijkraad init")
            topology.wait_until_healthy(running, api)
            watch.lap("prefect server start")

            # 2. the work pool; the worker (on "the machine that reaches the database and the
            #    SMTP server") starts while the deployments of prefect.yaml are made
            client = topology.prefect_environment(prefect_home, api)
            prefect = str(BIN / "prefect")
            pool = run(
                [prefect, "work-pool", "create", "wijkraden", "--type", "process"], client, tmp_path
            )
            ok(pool, "prefect work-pool create")
            worker_env = (
                client
                | application
                | {"WIJKRAAD_CHECKOUT": str(REPOSITORY), "PREFECT_WORKER_QUERY_SECONDS": "1"}
            )
            running.start(
                "worker", [prefect, "worker", "start", "--pool", "wijkraden"], worker_env, tmp_path
            )
            deploy = run(
                [prefect, "--no-prompt", "deploy", "--all"],
                client | {"WIJKRAAD_CHECKOUT": str(REPOSITORY)},
                REPOSITORY,
            )
            ok(deploy, "prefect deploy --all")
            watch.lap("work pool, worker start, deploy")

            # 4. the monitor through Prefect: two reminders for the committee
            monitor = topology.run_deployment(api, "monitor/monitor-daily")
            assert monitor == "COMPLETED", running.log("worker")
            watch.lap("monitor run")
            assert outbox() == [("herinnering_aanmeldtermijn", "pending", None)] * 2
            assert monitor_runs() == [(date(2026, 11, 28), datetime(2026, 11, 28, 7, 0), 1)]

            # 5. the mail deployment through Prefect: both delivered to aiosmtpd
            mail = topology.run_deployment(api, "deliver-mail/deliver-mail-every-minute")
            assert mail == "COMPLETED", running.log("worker")
            watch.lap("mail run")
            rows = outbox()
            assert [status for _, status, _ in rows] == ["delivered", "delivered"]
            received = smtp_server.handler.received
            assert sorted(r.recipients[0] for r in received) == sorted(e for _, e in COMMITTEE)
            assert sorted(r.message_id for r in received) == sorted(str(m) for _, _, m in rows)
            assert all(r.parsed()["Subject"] for r in received)

            # 6. the doctor sees the whole chain well (the postcode table is still shipped)
            doctor = run(
                [str(BIN / "wijkraad"), "doctor", "--json"],
                topology.clean_environment() | application | {"PREFECT_API_URL": api},
                tmp_path,
            )
            watch.lap("wijkraad doctor")
            report = json.loads(doctor.stdout)
            statuses = {c["key"]: c["status"] for c in report["checks"]}
            assert statuses == {
                "database": "ok",
                "postcodes": "warning",
                "smtp": "ok",
                "prefect": "ok",
                "monitor": "ok",
                "mail": "ok",
            }, report
            assert doctor.returncode == 0

            # no personal data reached Prefect's logs
            logs = running.log("worker", 10_000) + running.log("prefect-server", 10_000)
            for name, email in COMMITTEE:
                assert name not in logs and email not in logs
        finally:
            db.engine_for(url).dispose()
            running.stop_all()
            watch.lap("stop")
            print(f"\nproduction topology: {watch.report()}")
