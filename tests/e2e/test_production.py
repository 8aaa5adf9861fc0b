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
import os
import signal
import time
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


ACTIONS = 50
WORKERS = ("worker-1", "worker-2")
WEB = ("web-1", "web-2")
PASSWORD = "een lang wachtwoord"


def seed_screening(count: int) -> list[int]:
    """`count` procedures in screening (councils of five terms), each with one candidate whose
    address needs a human check, and a coördinator's account."""
    import models
    from commands import users
    from models.enums import CandidateStatus, FindingResult, ProcedureKind, Rule, Stage
    from models.terms import TermDates
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    users.add_user(
        users.AddUser(email="coordinator@oss.nl", name="C", role="coordinator", password=PASSWORD)
    )
    moment = now()
    ids: list[int] = []
    with session_scope() as session:
        areas = list(session.scalars(select(models.Area).order_by(models.Area.id)))
        terms = [lookup.term(session, TermDates.of(y)) for y in (2030, 2034, 2038, 2042, 2046)]
        councils = [lookup.council(session, area, term) for term in terms for area in areas]
        assert len(councils) >= count
        for number, council in enumerate(councils[:count]):
            procedure = models.Procedure(
                area_id=council.area_id, council_id=council.id, term_id=council.term_id,
                kind=ProcedureKind.RENEWAL, stage=Stage.SCREENING, seats=7,
                opened_at=moment, stage_entered_at=moment, suspended_days=0,
            )  # fmt: skip
            person = models.Person(
                name=f"Bewoner {number}", email=f"b{number}@example.nl", postcode="1011AB",
                house_number=str(number + 1), created_at=moment,
            )  # fmt: skip
            session.add_all([procedure, person])
            session.flush()
            candidate = models.Candidate(
                procedure_id=procedure.id, person_id=person.id, applied_at=moment,
                status=CandidateStatus.NEEDS_CHECK,
            )  # fmt: skip
            session.add(candidate)
            session.flush()
            session.add(
                models.Finding(
                    candidate_id=candidate.id, rule=Rule.RESIDENCE,
                    result=FindingResult.NEEDS_CHECK, reason="onbekend", decided_at=moment,
                )
            )  # fmt: skip
            ids.append(procedure.id)
    return ids


def pending_steps(ids: list[int]) -> dict[int, str | None]:
    import models
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        rows = session.execute(
            select(models.Procedure.id, models.Procedure.pending_step).where(
                models.Procedure.id.in_(ids)
            )
        )
        return {pid: (step.value if step else None) for pid, step in rows}


def stuck(running: topology.Processes, ids: list[int]) -> str:
    """Why steps are still pending: which ones, whether a worker holds them, and where each
    worker's threads are (`wijkraad worker` writes its stacks on SIGUSR1)."""
    import models
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        rows = session.execute(
            select(models.Procedure.id, models.Procedure.pending_claimed_at).where(
                models.Procedure.id.in_(ids), models.Procedure.pending_step.is_not(None)
            )
        ).all()
    for name, process in running.started:
        if name in WORKERS and process.poll() is None:
            os.kill(process.pid, signal.SIGUSR1)
    time.sleep(2)
    pending = ", ".join(
        f"{pid} (claimed {'at ' + str(at) if at else 'by none'})" for pid, at in rows
    )
    logs = "\n".join(f"== {name}\n{running.log(name, 400)}" for name in WORKERS)
    return f"still pending: {pending}\n{logs}"


def web_without_worker(
    running: topology.Processes, name: str, env: dict[str, str], cwd: Path
) -> str:
    port = free_port()
    command = [str(BIN / "wijkraad"), "web", "--no-worker", "--host", "127.0.0.1"]
    running.start(name, [*command, "--port", str(port)], env, cwd)
    return f"http://127.0.0.1:{port}"


def task_workers(api: str) -> int:
    """How many task workers serve the follow-ups on the server."""
    import urllib.request

    request = urllib.request.Request(
        f"{api}/task_workers/filter", data=b"{}", method="POST",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=5) as reply:
        found = json.loads(reply.read())
    return sum(any(k.startswith("run_followups-") for k in w["task_keys"]) for w in found)


def test_two_workers_behind_two_web_processes_finish_each_action_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two `wijkraad web --no-worker` and two `wijkraad worker` on the PostgreSQL-backed Prefect
    server: 50 actions that each hand a step over (screening a procedure again), spread over
    both web processes, each finish once, and both workers do part of the work."""
    import re
    from concurrent.futures import ThreadPoolExecutor

    from tasks.adapters import db
    from tests.e2e.test_web_and_cli_at_once import logged_in, wait_for_web

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
        }
        try:
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
            ids = seed_screening(ACTIONS)
            topology.wait_until_healthy(running, api)
            watch.lap("databases, seed, prefect server start")

            env = topology.prefect_environment(prefect_home, api) | application
            for name in WORKERS:
                running.start(name, [str(BIN / "wijkraad"), "worker"], env, tmp_path)
            bases = [web_without_worker(running, name, env, tmp_path) for name in WEB]
            for name, base in zip(WEB, bases, strict=True):
                wait_for_web(running, name, base)
            deadline = time.monotonic() + 120
            while task_workers(api) < len(WORKERS):
                assert time.monotonic() < deadline, running.log("worker-1")
                time.sleep(0.2)
            watch.lap("two workers, two web processes")
            threads = 10  # each with its own session on one of the two web processes

            def act(thread: int) -> list[int]:
                client = logged_in(bases[thread % len(bases)])
                statuses = []
                for proc in ids[thread::threads]:
                    page = client.get(f"/procedures/{proc}").text
                    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
                    assert token, page[-500:]
                    answer = client.post(
                        f"/procedures/{proc}/opnieuw-toetsen",
                        data={"csrf_token": token.group(1)},
                    )
                    statuses.append(answer.status_code)
                client.close()
                return statuses

            assert ids
            try:
                with ThreadPoolExecutor(max_workers=threads) as pool:
                    statuses = [code for codes in pool.map(act, range(threads)) for code in codes]
            except Exception:
                print(running.log("web-1") + running.log("web-2"))
                raise
            assert statuses == [303] * ACTIONS
            watch.lap("50 actions")
            deadline = time.monotonic() + 180
            while any(pending_steps(ids).values()):
                if time.monotonic() > deadline:
                    raise AssertionError(stuck(running, ids))
                time.sleep(0.2)
            watch.lap("every step done")

            def done_by() -> dict[str, list[str]]:
                """Each worker's finished steps, from its log (written after the flow ended)."""
                return {
                    name: re.findall(
                        r"follow-up screen_candidates of procedure (\d+) done",
                        running.log(name, 100_000),
                    )
                    for name in WORKERS
                }

            deadline = time.monotonic() + 60
            while sum(map(len, done_by().values())) < ACTIONS and time.monotonic() < deadline:
                time.sleep(0.2)
            done = done_by()
            finished = sorted(int(pid) for pids in done.values() for pid in pids)
            assert finished == sorted(ids), done  # each once, none twice
            assert all(done[name] for name in WORKERS), done  # spread over both workers
        finally:
            db.engine_for(url).dispose()
            running.stop_all()
            watch.lap("stop")
            print(f"\ntwo workers: {watch.report()}")
