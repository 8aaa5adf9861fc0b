"""Mail delivery through `deliver_mail` against a plain aiosmtplib loop, in one run.

All send the same number of messages to the same local aiosmtpd sink (`python -m aiosmtpd`,
its own process) with the same concurrency (one connection per worker):

- plain loop: for each message, an email.message.EmailMessage (text + HTML alternatives,
  texts rendered once beforehand) sent with `send_message`: the loop one would write by hand.
  No templates, no database. This is the baseline of the target.
- bytes loop (stricter, for reference): the same loop sending one pre-serialised message, so
  nothing but SMTP is measured.
- deliver_mail: the real flow on a local Prefect server (started once and warmed up before
  timing) that claims, renders (three Jinja2 templates), builds and records every message in
  the database (SQLite under a temporary home), with a commit per message outcome.

Target: deliver_mail reaches >= 0.8 x the plain loop.

    .venv/bin/python bench/mail.py [--messages 2000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOME = tempfile.mkdtemp(prefix="wijkraad-bench-mail-")
os.environ.update(
    WIJKRAAD_HOME=HOME,
    WIJKRAAD_NOW="2026-11-28T09:00",
    WIJKRAAD_SMTP_SECURITY="none",
    PREFECT_HOME=str(Path(HOME) / "prefect"),
    PREFECT_LOGGING_LEVEL="WARNING",
    PREFECT_SERVER_ANALYTICS_ENABLED="false",
)
os.environ.pop("WIJKRAAD_DATABASE_URL", None)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SINK = ("-c", "aiosmtpd.handlers.Sink")


def start_sink(port: int) -> subprocess.Popen[bytes]:
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", *SINK]
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return sink
        time.sleep(0.05)
    sink.kill()
    raise SystemExit("the aiosmtpd sink did not start")


def world() -> int:
    """A procedure in recruiting (Ruwaard) whose reminders are sent; returns its id."""
    from datetime import date

    import models
    from models.enums import ProcedureKind, Stage
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup
    from tasks.steps import seed

    seed.initialise()
    with session_scope() as session:
        area = lookup.area(session, "ruwaard")
        term = lookup.term_covering(session, now().date())
        procedure = models.Procedure(
            area=area,
            council=lookup.council(session, area, term),
            term=term,
            kind=ProcedureKind.VACANCY,
            stage=Stage.RECRUITING,
            seats=2,
            opened_at=now(),
            stage_entered_at=now(),
            stage_deadline=date(2026, 12, 21),
            application_deadline=date(2026, 12, 4),
            suspended_days=0,
        )
        session.add(procedure)
        session.flush()
        return procedure.id


def enqueue(procedure_id: int, count: int, round_: int) -> None:
    import models
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope
    from tasks.mail.outbox import enqueue as add

    with session_scope() as session:
        people = [
            models.Person(
                name=f"Bewoner {round_}-{i}",
                email=f"bewoner{round_}.{i}@example.nl",
                postcode="5345AB",
                created_at=now(),
            )
            for i in range(count)
        ]
        session.add_all(people)
        session.flush()
        for person in people:
            add(
                session,
                template="herinnering_aanmeldtermijn",
                subject=f"procedure:{procedure_id}",
                occasion=f"bench:{round_}",
                person_id=person.id,
                procedure_id=procedure_id,
                context={"procedure_id": procedure_id},
            )


def rendered_bytes(procedure_id: int, count: int) -> list[tuple[str, bytes]]:
    """The same kind of message as the flow sends, rendered before the plain loop's clock."""
    from sqlalchemy import select

    from models import OutboxMessage
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope
    from tasks.mail.message import build
    from tasks.mail.render import as_sent

    with session_scope() as session:
        row = session.scalars(select(OutboxMessage).limit(1)).one()
        mail = as_sent(session, row)
    data = build(
        mail, sender="wijkraden@oss.nl", sender_name="Gemeente Oss", msgid="<b@oss.nl>", at=now()
    )
    return [(f"ontvanger{i}@example.nl", data) for i in range(count)]


def plain_texts(procedure_id: int) -> tuple[str, str, str]:
    """Subject, text and HTML of one real message, for the plain loop to compose."""
    from sqlalchemy import select

    from models import OutboxMessage
    from tasks.adapters.db import session_scope
    from tasks.mail.render import as_sent

    with session_scope() as session:
        row = session.scalars(select(OutboxMessage).limit(1)).one()
        mail = as_sent(session, row)
    return mail.subject, mail.text, mail.html


async def plain_loop(port: int, texts: tuple[str, str, str], count: int, concurrency: int) -> float:
    """The hand-written loop: compose an EmailMessage, send it; one connection per worker."""
    from email.message import EmailMessage

    import aiosmtplib

    subject, text, html = texts
    queue = list(range(count))

    async def worker() -> None:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False)
        await client.connect()
        while queue:
            n = queue.pop()
            message = EmailMessage()
            message["From"] = "Gemeente Oss <wijkraden@oss.nl>"
            message["To"] = f"Bewoner {n} <ontvanger{n}@example.nl>"
            message["Subject"] = subject
            message["Message-ID"] = f"<plain.{n}@oss.nl>"
            message.set_content(text)
            message.add_alternative(html, subtype="html")
            await client.send_message(message)
        await client.quit()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start


async def bytes_loop(port: int, messages: list[tuple[str, bytes]], concurrency: int) -> float:
    import aiosmtplib

    queue = list(reversed(messages))

    async def worker() -> None:
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False)
        await client.connect()
        while queue:
            recipient, data = queue.pop()
            await client.sendmail("wijkraden@oss.nl", [recipient], data)
        await client.quit()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start


def through_flow(procedure_id: int, count: int, round_: int) -> float:
    from flows.deliver_mail import deliver_mail
    from tasks.adapters.orchestrator import quick_flows

    enqueue(procedure_id, count, round_)
    with quick_flows():
        start = time.perf_counter()
        report = deliver_mail()
        elapsed = time.perf_counter() - start
    if report["delivered"] != count:
        raise SystemExit(f"deliver_mail delivered {report['delivered']} of {count}: {report}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    os.environ.update(WIJKRAAD_SMTP_HOST="127.0.0.1", WIJKRAAD_SMTP_PORT=str(port))
    sink = start_sink(port)
    try:
        from prefect.testing.utilities import prefect_test_harness

        from tasks.adapters.settings import get_settings

        concurrency = get_settings().mail_concurrency
        procedure_id = world()
        with prefect_test_harness(server_startup_timeout=60):
            through_flow(procedure_id, 10, 0)  # warm-up: imports, server, first flow run
            texts = plain_texts(procedure_id)
            serialised = rendered_bytes(procedure_id, args.messages)
            plain, raw, flow = [], [], []
            for round_ in range(1, args.rounds + 1):  # interleaved: a busy machine hurts all
                plain.append(asyncio.run(plain_loop(port, texts, args.messages, concurrency)))
                raw.append(asyncio.run(bytes_loop(port, serialised, concurrency)))
                flow.append(through_flow(procedure_id, args.messages, round_))
    finally:
        sink.terminate()
        sink.wait()
    plain_rate = args.messages / statistics.median(plain)
    raw_rate = args.messages / statistics.median(raw)
    flow_rate = args.messages / statistics.median(flow)
    print(f"messages: {args.messages}, concurrency: {concurrency}, rounds: {args.rounds}")
    print(f"plain aiosmtplib loop     : {plain_rate:8.1f} messages/s")
    print(f"bytes loop (SMTP only)    : {raw_rate:8.1f} messages/s")
    print(f"deliver_mail flow         : {flow_rate:8.1f} messages/s")
    print(f"ratio to the plain loop   : {flow_rate / plain_rate:8.2f} (target >= 0.80)")
    print(f"ratio to the bytes loop   : {flow_rate / raw_rate:8.2f}")


if __name__ == "__main__":
    main()
