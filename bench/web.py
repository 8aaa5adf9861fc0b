"""The web page under load: 20 concurrent clients against 1,000 procedures of history, in one
run, against a route of the same app that only runs `SELECT 1` (same middleware, same login
gate): p50 and p95 of `/`, `/procedures/{id}`, the council's page `/raden/{slug}`, its public
page `/wijkraden/{slug}` (with four years of meetings, minutes, decisions and advice) and of one
action that runs a flow (screening a procedure again, the `screen_candidates` flow). Targets on
a 2-core machine: pages p95 <= 150 ms, the council pages p95 within 1.5x the baseline's, the
flow-running action p95 <= 1 s. The action hands its step to `wijkraad worker` processes (two
by default); the time from the action to the step done on a worker is measured too.

    .venv/bin/python bench/web.py [--requests 25] [--clients 20] [--flows 3]
    .venv/bin/python bench/web.py --pages council,public --flows 0   # a short run: some pages
    .venv/bin/python bench/web.py --postgres   # the production topology: PostgreSQL for both

`--pages` picks the pages (overview, procedure, council, public; the baseline always runs);
`--flows 0` leaves out the flow-running action and starts no worker.

The app runs in its own uvicorn process on 127.0.0.1 with a local Prefect server, both under a
temporary WIJKRAAD_HOME, stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NOW = "2026-11-28T09:00"
PASSWORD = "een lang wachtwoord"
POLL_SECONDS = 0.05  # how often a client asks whether its step is done


def bench_app():  # type: ignore[no-untyped-def]
    """The app with one extra route for the baseline: behind the same gate, only SELECT 1."""
    from sqlalchemy import text

    from tasks.adapters import db
    from wijkraad.web.app import create_app

    app = create_app()

    @app.get("/bench/select1")
    def select1() -> dict[str, int]:
        with db.engine().connect() as connection:
            return {"one": int(connection.execute(text("SELECT 1")).scalar_one())}

    return app


def seed(procedures: int, screening: int, *, first: bool = True) -> tuple[int, list[int]]:
    """History: `procedures` closed procedures with candidates, findings, audit events and
    mail; and `screening` open ones in screening with a candidate awaiting a human check.
    Returns a rich closed procedure's id and the ids of the ones in screening. Also used by
    tests/web/test_page_queries.py: `first=False` adds more history to a database that has the
    bench's account and council record already."""
    import models
    from commands import users
    from models.enums import (
        CandidateStatus,
        FindingResult,
        MessageStatus,
        ProcedureKind,
        Rule,
        Stage,
    )
    from models.terms import TermDates
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    if first:
        users.add_user(users.AddUser(email="bench@oss.nl", name="Bench", role="coordinator",
                                     password=PASSWORD))  # fmt: skip
    start = datetime(2020, 1, 1, 9)
    with session_scope() as session:
        areas = list(session.query(models.Area).order_by(models.Area.id))
        terms = [lookup.term(session, TermDates.of(y)) for y in (2026, 2030, 2034, 2038, 2042)]
        councils = [lookup.council(session, a, t) for t in terms for a in areas]
        person_no = session.query(models.Person).count()  # more history: new people

        def person(postcode: str) -> models.Person:
            nonlocal person_no
            person_no += 1
            return models.Person(name=f"Bewoner {person_no}", email=f"b{person_no}@example.nl",
                                 postcode=postcode, house_number=str(person_no % 200 + 1),
                                 created_at=start)  # fmt: skip

        def procedure(council: models.Council, stage: Stage, at: datetime) -> models.Procedure:
            return models.Procedure(
                area_id=council.area_id, council_id=council.id, term_id=council.term_id,
                kind=ProcedureKind.RENEWAL, stage=stage, seats=7, opened_at=at,
                stage_entered_at=at, suspended_days=0,
                closed_at=at + timedelta(days=200) if stage == Stage.COMPLETED else None,
            )  # fmt: skip

        rich = 0
        for n in range(procedures):
            at = start + timedelta(days=n)
            p = procedure(councils[n % len(councils)], Stage.COMPLETED, at)
            session.add(p)
            session.flush()
            rich = p.id
            for k, (source, target) in enumerate(
                [(None, Stage.COMMITTEE_FORMING), (Stage.COMMITTEE_FORMING, Stage.RECRUITING),
                 (Stage.RECRUITING, Stage.SCREENING), (Stage.SCREENING, Stage.NOMINATING),
                 (Stage.NOMINATING, Stage.AWAITING_DECISION),
                 (Stage.AWAITING_DECISION, Stage.ONBOARDING), (Stage.ONBOARDING, Stage.COMPLETED)]
            ):  # fmt: skip
                session.add(models.AuditEvent(procedure_id=p.id, at=at + timedelta(days=20 * k),
                                              actor="bench@oss.nl", action=f"step_{k}",
                                              from_stage=source, to_stage=target))  # fmt: skip
            for c in range(5):
                who = person("5343AB")
                session.add(who)
                session.flush()
                candidate = models.Candidate(procedure_id=p.id, person_id=who.id, applied_at=at,
                                             status=CandidateStatus.NOT_APPOINTED)  # fmt: skip
                session.add(candidate)
                session.flush()
                for rule in Rule:
                    session.add(models.Finding(candidate_id=candidate.id, rule=rule,
                                               result=FindingResult.PASS, reason="voldoet",
                                               decided_at=at))  # fmt: skip
                session.add(models.OutboxMessage(
                    idempotency_key=f"bench:{p.id}:{c}", template="aanmelding_ontvangen",
                    recipient_person_id=who.id, procedure_id=p.id, context={},
                    status=MessageStatus.DELIVERED, attempts=1, created_at=at, sent_at=at,
                ))  # fmt: skip
        open_ids = []
        busy = {p.council_id for p in session.query(models.Procedure).filter(
            models.Procedure.is_open_clause())}  # fmt: skip
        for council in councils[len(areas) :]:  # later terms: no history procedure stays open
            if len(open_ids) == screening:
                break
            if council.id in busy:  # one open procedure per council
                continue
            p = procedure(council, Stage.SCREENING, start + timedelta(days=2000))
            session.add(p)
            session.flush()
            who = person("1011AB")  # a postcode in no area: a human check is needed
            session.add(who)
            session.flush()
            candidate = models.Candidate(procedure_id=p.id, person_id=who.id,
                                         applied_at=p.opened_at,
                                         status=CandidateStatus.NEEDS_CHECK)  # fmt: skip
            session.add(candidate)
            session.flush()
            session.add(models.Finding(candidate_id=candidate.id, rule=Rule.RESIDENCE,
                                       result=FindingResult.NEEDS_CHECK, reason="onbekend",
                                       decided_at=p.opened_at))  # fmt: skip
            open_ids.append(p.id)
        if first:
            council_history(session, areas[0], councils[0], start)
    return rich, open_ids


def council_history(session, area, council, start: datetime) -> None:  # type: ignore[no-untyped-def]
    """One council's public record: 7 members, four years of public meetings (10 a year) with
    minutes, three decisions each (a subsidy to a resident, one to an organisation, an advice
    to B&W, half of them answered)."""
    import models
    from models.enums import AdviceOutcome, DecisionKind, Role

    for n in range(7):
        who = models.Person(name=f"Raadslid {n}", email=f"raad{n}@example.nl", postcode="5343AB",
                            house_number=str(n + 1), created_at=start)  # fmt: skip
        session.add(who)
        session.flush()
        session.add(models.Membership(council_id=council.id, person_id=who.id,
                                      role=list(Role)[min(n, 3)], start_date=date(2026, 4, 1),
                                      end_date=date(2030, 4, 2)))  # fmt: skip
    minutes = "Aanwezig: zeven leden. " * 80
    for n in range(40):
        day = date(2022, 12, 1) + timedelta(days=36 * n)  # up to the bench's clock
        meeting = models.Meeting(area_id=area.id, council_id=council.id, held_on=day, public=True,
                                 minutes=minutes, minutes_published_on=day)  # fmt: skip
        session.add(meeting)
        session.flush()
        for kind, applicant, organisation in ((DecisionKind.SUBSIDIE, f"Bewoner {n}", False),
                                              (DecisionKind.SUBSIDIE, "Stichting Sport", True),
                                              (DecisionKind.ADVIES, None, False)):  # fmt: skip
            decision = models.CouncilDecision(
                meeting_id=meeting.id, kind=kind, summary=f"Besluit {n} over de buurt",
                amount_cents=25_000 if kind == DecisionKind.SUBSIDIE else None,
                applicant=applicant, organisation=organisation,
            )  # fmt: skip
            session.add(decision)
            session.flush()
            if kind == DecisionKind.ADVIES:
                answered = n % 2 == 0
                session.add(models.Advice(
                    decision_id=decision.id, area_id=area.id, subject=f"Advies {n}",
                    text="De raad adviseert. " * 20, sent_on=day,
                    answer_due_on=day + timedelta(weeks=6),
                    answered_on=day + timedelta(weeks=5) if answered else None,
                    outcome=AdviceOutcome.ADOPTED if answered else None,
                    answer_text="Het college neemt het advies over." if answered else None,
                ))  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def client_run(base: str, paths: list[str], flow_path: str | None, flows: int,
                     requests: int, results: dict[str, list[float]]) -> None:  # fmt: skip
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=120, follow_redirects=True) as client:
        page = await client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        answer = await client.post("/login", data={"email": "bench@oss.nl", "password": PASSWORD,
                                                   "csrf_token": token})  # fmt: skip
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', answer.text).group(1)  # type: ignore[union-attr]
        for _ in range(requests):
            for path in paths:
                started = time.perf_counter()
                reply = await client.get(path)
                results.setdefault(path, []).append(time.perf_counter() - started)
                assert reply.status_code == 200, (path, reply.status_code)
        for _ in range(flows if flow_path else 0):
            started = time.perf_counter()
            reply = await client.post(flow_path, data={"csrf_token": csrf})  # type: ignore[arg-type]
            results.setdefault("flow", []).append(time.perf_counter() - started)
            assert reply.status_code == 200 and "opnieuw getoetst" in reply.text, reply.text[-500:]
            procedure_id = int(flow_path.split("/")[2])  # type: ignore[union-attr]
            while step_pending(procedure_id):  # a worker runs it: until it is done
                await asyncio.sleep(POLL_SECONDS)
            results.setdefault("step", []).append(time.perf_counter() - started)


def step_pending(procedure_id: int) -> bool:
    """A read of one column (Core, no write lock, 0.2 ms). The instrument must not load what
    it measures: 20 clients asking every 20 ms through the ORM took a third of a core on this
    process's one thread, which also runs the clients' requests."""
    from sqlalchemy import select

    from models import Procedure
    from tasks.adapters import db

    with db.engine().connect() as connection:
        pending = connection.execute(
            select(Procedure.pending_step).where(Procedure.id == procedure_id)
        ).scalar()
        connection.rollback()
    return pending is not None


def start_workers(count: int) -> list[subprocess.Popen[bytes]]:
    """`wijkraad worker` processes beside the app (it runs with --no-worker's behaviour: the
    requests hand their steps over)."""
    from flows import launch

    started = [
        subprocess.Popen([sys.executable, "-m", "wijkraad", "worker"], cwd=ROOT,
                         env=os.environ.copy(), stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(count)
    ]  # fmt: skip
    for _ in range(1200):
        if launch.worker_running():
            break
        time.sleep(0.1)
    time.sleep(3)  # the others subscribe too
    return started


PG = "postgres@127.0.0.1:5432"
DATABASES = (f"wijkraad_bench_web_{os.getpid()}", f"wijkraad_bench_web_{os.getpid()}_prefect")


def psql(statement: str) -> None:
    done = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                           statement], capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"--postgres needs PostgreSQL on {PG}: {done.stderr.strip()}")


def postgres_topology(home: str) -> subprocess.Popen[bytes]:
    """The app's database and a Prefect server, both on PostgreSQL (as in production, with
    every Prefect service on, the task-run recorder too); returns the server's process."""
    for name in DATABASES:
        psql(f"CREATE DATABASE {name}")
    os.environ["WIJKRAAD_DATABASE_URL"] = f"postgresql+psycopg://{PG}/{DATABASES[0]}"
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_SERVER_DATABASE_CONNECTION_URL":
           f"postgresql+asyncpg://{PG}/{DATABASES[1]}",
           "PREFECT_SERVER_UI_ENABLED": "false"}  # fmt: skip
    Path(home, "prefect").mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("prefect")), "server", "start", "--host",
         "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    import urllib.request

    for _ in range(600):
        try:
            with urllib.request.urlopen(api + "/health", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        os.killpg(server.pid, signal.SIGTERM)
        drop_databases()
        sys.exit("the Prefect server on PostgreSQL did not start within 2 minutes")
    os.environ["PREFECT_API_URL"] = api
    return server


def drop_databases() -> None:
    for name in DATABASES:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def quantiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


PAGES = ("overview", "procedure", "council", "public")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25)
    parser.add_argument("--flows", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn processes")
    parser.add_argument("--step-workers", type=int, default=2, help="wijkraad worker processes")
    parser.add_argument("--postgres", action="store_true",
                        help="the app's database and the Prefect server's on PostgreSQL "
                             "at 127.0.0.1:5432 (throwaway databases)")  # fmt: skip
    parser.add_argument("--pages", default=",".join(PAGES),
                        help=f"comma-separated, of {', '.join(PAGES)} (default: all)")  # fmt: skip
    args = parser.parse_args()
    chosen = [name.strip() for name in args.pages.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(PAGES))
    if unknown:
        parser.error(f"unknown pages {', '.join(unknown)}; choose from {', '.join(PAGES)}")

    home = tempfile.mkdtemp(prefix="wijkraad-bench-web-")
    os.environ.update(WIJKRAAD_HOME=home, WIJKRAAD_NOW=NOW, PREFECT_HOME=f"{home}/prefect",
                      PREFECT_SERVER_ANALYTICS_ENABLED="false")  # fmt: skip
    os.environ.pop("WIJKRAAD_DATABASE_URL", None)
    prefect_server = postgres_topology(home) if args.postgres else None
    try:
        run(args, chosen, home)
    finally:
        if prefect_server is not None:
            os.killpg(prefect_server.pid, signal.SIGTERM)
            prefect_server.wait(timeout=30)
            drop_databases()


def run(args: argparse.Namespace, chosen: list[str], home: str) -> None:
    from tasks.adapters import orchestrator
    from tasks.steps import seed as seeding

    seeding.initialise()
    started = time.perf_counter()
    rich, screening = seed(args.procedures, args.clients)
    print(f"history: {args.procedures} procedures in {time.perf_counter() - started:.1f} s; "
          f"{len(screening)} procedures in screening")  # fmt: skip
    orchestrator.ensure_server()  # sets PREFECT_API_URL for the app's process
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.web:bench_app", "--factory", "--host",
         "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
         "--workers", str(args.workers)],
        cwd=ROOT, env=os.environ.copy(), start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    workers = start_workers(args.step_workers) if args.flows else []
    try:
        import httpx

        for _ in range(200):
            try:
                if httpx.get(base + "/health", timeout=1).status_code in (200, 503):
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        results: dict[str, list[float]] = {}
        slug = "berghem"  # the council with a public record (council_history)
        by_name = {"overview": "/", "procedure": f"/procedures/{rich}",
                   "council": f"/raden/{slug}", "public": f"/wijkraden/{slug}"}  # fmt: skip
        paths = ["/bench/select1", *(by_name[name] for name in chosen)]

        async def everyone() -> None:
            await asyncio.gather(*(
                client_run(base, paths,
                           f"/procedures/{screening[i % len(screening)]}/opnieuw-toetsen",
                           args.flows, args.requests, results)
                for i in range(args.clients)
            ))  # fmt: skip

        asyncio.run(everyone())
    finally:
        for process in [server, *workers]:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        orchestrator.stop()
    where = "PostgreSQL" if args.postgres else "SQLite (the embedded default)"
    print(f"databases (the app's and the Prefect server's): {where}")
    _base_p50, base_p95 = quantiles(results["/bench/select1"])
    print(f"{args.clients} clients, {args.requests} requests per page each, "
          f"{args.flows} flow-running actions each, {args.workers} uvicorn worker(s), "
          f"{len(workers)} wijkraad worker(s); load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
    for name, label in (("/bench/select1", "SELECT 1 (baseline)"), ("/", "/ (overview)"),
                        (f"/procedures/{rich}", "/procedures/{id}"),
                        (f"/raden/{slug}", "/raden/{slug} (council page)"),
                        (f"/wijkraden/{slug}", "/wijkraden/{slug} (public page)"),
                        ("flow", "action with a flow (screen again)"),
                        ("step", "action to step done (on a worker)")):  # fmt: skip
        if name not in results:  # not chosen
            continue
        p50, p95 = quantiles(results[name])
        print(f"  {label:36s} p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
              f"({p95 / base_p95:.1f}x the baseline's p95)")  # fmt: skip


if __name__ == "__main__":
    main()
