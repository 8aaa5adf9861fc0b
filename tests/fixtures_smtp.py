"""SMTP fixtures: a real aiosmtpd server on 127.0.0.1.

`smtp_server` starts a server whose handler can be told to answer 421/451 for the next N
messages, to drop the connection, or to refuse one recipient with 550, and points the
WIJKRAAD_SMTP_* settings at it. `smtp_tls_server` does the same with STARTTLS (a throwaway
certificate made with `cryptography`) and a required login.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

USERNAME, PASSWORD = "wijkraden", "geheim-wachtwoord"


@dataclass
class Received:
    recipients: list[str]
    message_id: str
    data: bytes

    def parsed(self) -> Message:
        return message_from_bytes(self.data)


@dataclass
class FaultyHandler:
    """An SMTP sink that records what it accepted and misbehaves on request."""

    received: list[Received] = field(default_factory=list)
    temporary_next: int = 0
    temporary_answer: str = "451 4.3.0 Tijdelijk probleem, probeer later opnieuw"
    drop_next: int = 0
    refused: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer_temporarily(self, count: int, answer: str | None = None) -> None:
        """The next `count` messages get a 4xx answer after DATA (421 or 451)."""
        with self.lock:
            self.temporary_next = count
            self.temporary_answer = answer or self.temporary_answer

    def drop_connection(self, count: int = 1) -> None:
        """The next `count` messages: the connection is closed without an answer."""
        with self.lock:
            self.drop_next = count

    def refuse(self, address: str, answer: str = "550 5.1.1 Mailbox bestaat niet") -> None:
        with self.lock:
            self.refused[address.lower()] = answer

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        with self.lock:
            answer = self.refused.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            import asyncio

            await asyncio.sleep(self.delay)
        with self.lock:
            if self.drop_next:
                self.drop_next -= 1
                server.transport.close()
                return "421 4.4.2 Verbinding verbroken"
            if self.temporary_next:
                self.temporary_next -= 1
                return self.temporary_answer
            data = bytes(envelope.original_content or envelope.content)
            msgid = str(message_from_bytes(data).get("Message-ID", ""))
            self.received.append(Received(list(envelope.rcpt_tos), msgid, data))
        return "250 2.0.0 Bericht aangenomen"

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def per_message_id(self) -> Counter[str]:
        with self.lock:
            return Counter(r.message_id for r in self.received)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SmtpServer:
    handler: FaultyHandler
    port: int


def _start(handler: FaultyHandler, **kwargs: Any) -> tuple[Any, int]:
    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller, port


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """A plain SMTP server on 127.0.0.1; the settings point at it."""
    handler = FaultyHandler()
    controller, port = _start(handler)
    monkeypatch.setenv("WIJKRAAD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WIJKRAAD_SMTP_PORT", str(port))
    monkeypatch.setenv("WIJKRAAD_SMTP_SECURITY", "none")
    try:
        yield SmtpServer(handler, port)
    finally:
        controller.stop()


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth: Any) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = (
        isinstance(auth, LoginPassword)
        and auth.login.decode() == USERNAME
        and auth.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_tls_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[SmtpServer]:
    """STARTTLS required, then a login; the settings trust the throwaway certificate."""
    import ssl

    cert_file, key_file = make_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    handler = FaultyHandler()
    controller, port = _start(
        handler,
        tls_context=context,
        require_starttls=True,
        authenticator=_authenticator,
        auth_required=True,
    )
    monkeypatch.setenv("WIJKRAAD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WIJKRAAD_SMTP_PORT", str(port))
    monkeypatch.setenv("WIJKRAAD_SMTP_SECURITY", "starttls")
    monkeypatch.setenv("WIJKRAAD_SMTP_USERNAME", USERNAME)
    monkeypatch.setenv("WIJKRAAD_SMTP_PASSWORD", PASSWORD)
    monkeypatch.setenv("WIJKRAAD_SMTP_CA_FILE", str(cert_file))
    try:
        yield SmtpServer(handler, port)
    finally:
        controller.stop()


def wait_until(condition: Any, timeout: float = 30.0) -> None:
    """Poll `condition()` until it is true (tests never assert timings, only outcomes)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the SMTP server")
        time.sleep(0.01)


@dataclass
class MailWorld:
    """Ids of a realistic procedure: Ruwaard, a vacancy in recruiting, a committee of two."""

    procedure_id: int
    committee_person_ids: list[int]
    candidate_id: int
    candidate_person_id: int


EVIL_NAME = "Jan <script>alert(1)</script> de Vries\r\nBcc: stiekem@example.org"
EVIL_MOTIVATION = '<script>alert("xss")</script> Ik wil <b>graag</b> meedoen & meedenken.'


@pytest.fixture
def mail_world(db: None) -> MailWorld:
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
        council = lookup.council(session, area, term)
        procedure = models.Procedure(
            area=area,
            council=council,
            term=term,
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
        people = [
            models.Person(name=n, email=e, postcode="5345AB", house_number=h, created_at=moment)
            for n, e, h in (
                ("Annelies van den Berg", "annelies.vandenberg@example.nl", "4"),
                ("Mehmet Yilmaz", "mehmet.yilmaz@example.nl", "17a"),
            )
        ]
        session.add_all([procedure, committee, *people])
        session.flush()
        for person in people:
            session.add(models.CommitteeMember(committee=committee, person=person, added_at=moment))
        evil = models.Person(
            name=EVIL_NAME, email="jan.devries@example.nl", postcode="5345AC", created_at=moment
        )
        session.add(evil)
        session.flush()
        candidate = models.Candidate(
            procedure=procedure, person=evil, applied_at=moment, motivation=EVIL_MOTIVATION
        )
        session.add(candidate)
        session.flush()
        return MailWorld(procedure.id, [p.id for p in people], candidate.id, evil.id)


def enqueue_many(procedure_id: int, count: int, *, domain: str = "example.nl") -> list[int]:
    """`count` residents, each with a reminder about the procedure in the outbox."""
    import models
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope
    from tasks.mail.outbox import enqueue

    with session_scope() as session:
        people = [
            models.Person(
                name=f"Bewoner {i}",
                email=f"bewoner{i}@{domain}",
                postcode="5345AB",
                created_at=now(),
            )
            for i in range(count)
        ]
        session.add_all(people)
        session.flush()
        messages = [
            enqueue(
                session,
                template="herinnering_aanmeldtermijn",
                subject=f"procedure:{procedure_id}",
                occasion="test",
                person_id=p.id,
                procedure_id=procedure_id,
                context={"procedure_id": procedure_id},
            )
            for p in people
        ]
        session.flush()
        return [m.id for m in messages]
