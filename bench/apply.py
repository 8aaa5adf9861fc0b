"""Residents applying at once: 200 residents, 50 concurrent clients, each from its own address
(127.0.x.y: the rate limit per address counts each apart), against a route of the same app
that inserts one row (same middleware, same gate, same CSRF check), in the same run: p50 and p95
of the application POST and of the baseline, and a count afterwards: every application exactly
once (a row, a confirmation mail in the outbox), none lost. Target on a 2-core machine:
p95 <= 300 ms.

    .venv/bin/python bench/apply.py [--residents 200] [--clients 50]
    WIJKRAAD_DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/apply.py

The app runs in its own uvicorn process on 127.0.0.1 under a temporary WIJKRAAD_HOME (SQLite
unless WIJKRAAD_DATABASE_URL is set), stopped at the end. No Prefect server is needed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NOW = "2026-11-28T09:00"
BASELINE = "/aanmelden/bench/insert"  # under the public prefix: the same gate as the form


def bench_app():  # type: ignore[no-untyped-def]
    """The app with one extra route for the baseline: it inserts one row, nothing else."""
    from datetime import datetime

    from models import PublicThrottle
    from tasks.adapters import db
    from wijkraad.web.app import create_app

    app = create_app()

    @app.post(BASELINE)
    def insert_one() -> dict[str, bool]:
        with db.session_scope() as session:
            session.add(
                PublicThrottle(
                    key_digest=secrets.token_hex(32), window_started_at=datetime(2026, 1, 1), hits=0
                )
            )
        return {"ok": True}

    return app


def seed() -> None:
    """Ruwaard recruiting, its call out until 4 December, a committee of two."""
    from datetime import date, timedelta

    import models
    from models.enums import ProcedureKind, Stage
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    moment = now()
    with session_scope() as session:
        area = lookup.area(session, "ruwaard")
        term = lookup.term_covering(session, moment.date())
        procedure = models.Procedure(
            area=area, council=lookup.council(session, area, term), term=term,
            kind=ProcedureKind.VACANCY, stage=Stage.RECRUITING, seats=2,
            opened_at=moment - timedelta(days=30), stage_entered_at=moment - timedelta(days=10),
            application_deadline=date(2026, 12, 4), suspended_days=0,
            call_text="De wijkraad Ruwaard zoekt nieuwe leden.",
        )  # fmt: skip
        committee = models.NominationCommittee(procedure=procedure, confirmed_at=moment)
        session.add_all([procedure, committee])
        for number in range(2):
            person = models.Person(
                name=f"Commissielid {number}",
                email=f"c{number}@example.nl",
                postcode="5345AB",
                house_number="1",
                created_at=moment,
            )
            session.add(models.CommitteeMember(committee=committee, person=person, added_at=moment))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def address(number: int) -> str:
    return f"127.0.{number // 250}.{number % 250 + 2}"


async def resident(base: str, number: int, results: dict[str, list[float]]) -> None:
    import httpx

    transport = httpx.AsyncHTTPTransport(local_address=address(number))
    async with httpx.AsyncClient(base_url=base, timeout=120, transport=transport) as client:
        page = await client.get("/aanmelden/ruwaard")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        started = time.perf_counter()
        reply = await client.post(BASELINE, data={"csrf_token": token})
        results["baseline"].append(time.perf_counter() - started)
        assert reply.status_code == 200, reply.status_code
        form = {"csrf_token": token, "name": f"Bewoner {number}",
                "email": f"bewoner{number}@example.nl", "postcode": "5345 AB",
                "house_number": str(number % 150 + 1), "motivation": "Ik wil meedoen."}  # fmt: skip
        started = time.perf_counter()
        reply = await client.post("/aanmelden/ruwaard", data=form)
        results["apply"].append(time.perf_counter() - started)
        assert reply.status_code == 303, (reply.status_code, reply.text[-300:])


def quantiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def counts(residents: int) -> str:
    from sqlalchemy import func, select

    from models import Application, OutboxMessage
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        rows = session.scalar(select(func.count()).select_from(Application))
        emails = session.scalar(select(func.count(func.distinct(Application.email))))
        mails = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.template == "aanmelding_bevestigen")
        )
    verdict = "every one exactly once" if rows == emails == mails == residents else "MISMATCH"
    return (
        f"{rows} applications, {emails} distinct addresses, {mails} confirmation mails "
        f"queued for {residents} residents: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="wijkraad-bench-apply-")
    os.environ.update(WIJKRAAD_HOME=home, WIJKRAAD_NOW=NOW)
    from tasks.adapters import db
    from tasks.steps import seed as seeding

    if os.environ.get("WIJKRAAD_DATABASE_URL"):
        db.drop_everything()
    seeding.initialise()
    seed()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.apply:bench_app", "--factory", "--host",
         "0.0.0.0", "--port", str(port), "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, env=os.environ.copy(), start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    results: dict[str, list[float]] = {"apply": [], "baseline": []}
    try:
        import httpx

        for _ in range(200):
            try:
                httpx.get(base + "/aanmelden", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        gate = asyncio.Semaphore(args.clients)

        async def one(number: int) -> None:
            async with gate:
                await resident(base, number, results)

        async def everyone() -> None:
            await asyncio.gather(*(one(n) for n in range(args.residents)))

        started = time.perf_counter()
        asyncio.run(everyone())
        wall = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"{args.residents} residents, {args.clients} at once, each from its own address, "
          f"{wall:.1f} s in all ({db.engine().dialect.name})")  # fmt: skip
    _base_p50, base_p95 = quantiles(results["baseline"])
    for name, label in (("baseline", "insert one row (baseline)"), ("apply", "apply (POST form)")):
        p50, p95 = quantiles(results[name])
        print(f"  {label:28s} p50 {p50 * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
              f"({p95 / base_p95:.1f}x the baseline's p95)")  # fmt: skip
    print("  " + counts(args.residents))


if __name__ == "__main__":
    main()
