"""Delivery over a real SMTP server (aiosmtpd on 127.0.0.1): exactly once, retries with
backoff, permanent failures with the server's answer, STARTTLS with a login, pickup files."""

from __future__ import annotations

from datetime import datetime, timedelta
from email import message_from_bytes, policy

from sqlalchemy import select

from models import OutboxMessage
from models.enums import MessageStatus
from tasks.adapters.db import session_scope
from tasks.mail.delivery import deliver_due
from tests.fixtures_smtp import MailWorld, SmtpServer, enqueue_many


def statuses() -> dict[int, MessageStatus]:
    with session_scope() as session:
        return dict(session.execute(select(OutboxMessage.id, OutboxMessage.status)).all())


def rows() -> dict[int, OutboxMessage]:
    with session_scope() as session:
        return {m.id: m for m in session.scalars(select(OutboxMessage))}


def test_500_messages_are_delivered_exactly_once(
    mail_world: MailWorld, smtp_server: SmtpServer, monkeypatch
) -> None:
    monkeypatch.setenv("WIJKRAAD_MAIL_CONCURRENCY", "8")
    ids = enqueue_many(mail_world.procedure_id, 500)

    report = deliver_due()

    assert report.delivered == 500 and report.claimed == 500
    assert set(statuses().values()) == {MessageStatus.DELIVERED}
    counts = smtp_server.handler.per_message_id()
    assert len(counts) == 500 and set(counts.values()) == {1}
    stored = rows()
    assert {stored[i].message_id for i in ids} == set(counts)
    assert all(stored[i].attempts == 1 and stored[i].sent_at is not None for i in ids)
    assert deliver_due().claimed == 0  # a second run finds nothing to send
    assert smtp_server.handler.count() == 500


def jump(monkeypatch, to: datetime) -> None:
    monkeypatch.setenv("WIJKRAAD_NOW", to.isoformat(timespec="seconds"))


def test_temporary_faults_are_retried_with_backoff_and_none_is_sent_twice(
    mail_world: MailWorld, smtp_server: SmtpServer, monkeypatch, now: str
) -> None:
    monkeypatch.setenv("WIJKRAAD_MAIL_CONCURRENCY", "1")  # the faults hit known messages
    ids = enqueue_many(mail_world.procedure_id, 10)
    start = datetime.fromisoformat(now)
    smtp_server.handler.answer_temporarily(3, "421 4.3.2 Dienst tijdelijk niet beschikbaar")

    first = deliver_due()

    assert (first.temporary_failure, first.delivered) == (3, 7)
    failed = [m for m in rows().values() if m.status == MessageStatus.TEMPORARY_FAILURE]
    assert {m.next_attempt_at for m in failed} == {start + timedelta(minutes=5)}
    assert all(m.last_error.startswith("421 4.3.2") for m in failed)
    assert deliver_due().claimed == 0  # not due before the backoff has passed

    # Second try at +5 min: 451 for two, and the connection drops for the third.
    jump(monkeypatch, start + timedelta(minutes=5))
    smtp_server.handler.answer_temporarily(2, "451 4.7.1 Greylisted, probeer later")
    smtp_server.handler.drop_connection(1)
    second = deliver_due()
    assert second.claimed == 3 and second.temporary_failure == 3
    again = [m for m in rows().values() if m.status == MessageStatus.TEMPORARY_FAILURE]
    assert {m.attempts for m in again} == {2}
    assert {m.next_attempt_at for m in again} == {start + timedelta(minutes=5 + 10)}

    # Third try: nothing wrong any more.
    jump(monkeypatch, start + timedelta(minutes=15))
    assert deliver_due().delivered == 3
    assert set(statuses().values()) == {MessageStatus.DELIVERED}
    counts = smtp_server.handler.per_message_id()
    assert len(counts) == len(ids) and set(counts.values()) == {1}


def test_backoff_gives_up_after_the_retry_window(
    mail_world: MailWorld, smtp_server: SmtpServer, monkeypatch, now: str
) -> None:
    monkeypatch.setenv("WIJKRAAD_MAIL_RETRY_HOURS", "1")  # 5 + 10 + 20 + 40 min > 1 hour
    [message] = enqueue_many(mail_world.procedure_id, 1)
    moment = datetime.fromisoformat(now)
    smtp_server.handler.answer_temporarily(100)
    waits = []
    for _ in range(4):
        deliver_due()
        row = rows()[message]
        if row.status != MessageStatus.TEMPORARY_FAILURE:
            break
        waits.append(row.next_attempt_at - moment)
        moment = row.next_attempt_at
        jump(monkeypatch, moment)
    assert waits == [timedelta(minutes=m) for m in (5, 10, 20)]
    row = rows()[message]
    assert row.status == MessageStatus.PERMANENT_FAILURE and row.attempts == 4
    assert "opgegeven na 4 pogingen" in row.last_error and "451 4.3.0" in row.last_error


def test_a_refused_recipient_fails_permanently_with_the_servers_answer(
    mail_world: MailWorld, smtp_server: SmtpServer
) -> None:
    ids = enqueue_many(mail_world.procedure_id, 20)
    smtp_server.handler.refuse("bewoner7@example.nl", "550 5.1.1 <bewoner7@example.nl>: onbekend")

    report = deliver_due()

    assert (report.delivered, report.permanent_failure) == (19, 1)
    failed = [m for m in rows().values() if m.status == MessageStatus.PERMANENT_FAILURE]
    assert len(failed) == 1 and failed[0].id == ids[7]
    assert failed[0].last_error == "550 5.1.1 <bewoner7@example.nl>: onbekend"
    assert failed[0].next_attempt_at is None
    assert smtp_server.handler.count() == 19
    assert deliver_due().claimed == 0  # a permanent failure is never tried again


def test_starttls_with_a_throwaway_certificate_and_a_login(
    mail_world: MailWorld, smtp_tls_server: SmtpServer
) -> None:
    enqueue_many(mail_world.procedure_id, 5)
    assert deliver_due().delivered == 5
    assert smtp_tls_server.handler.count() == 5


def test_a_wrong_password_is_a_temporary_failure(
    mail_world: MailWorld, smtp_tls_server: SmtpServer, monkeypatch
) -> None:
    monkeypatch.setenv("WIJKRAAD_SMTP_PASSWORD", "fout")
    enqueue_many(mail_world.procedure_id, 2)
    report = deliver_due()
    assert report.temporary_failure == 2 and smtp_tls_server.handler.count() == 0
    assert {m.last_error[:3] for m in rows().values()} == {"535"}


def test_without_an_smtp_host_messages_become_eml_files(
    mail_world: MailWorld, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("WIJKRAAD_HOME", str(tmp_path))
    monkeypatch.delenv("WIJKRAAD_SMTP_HOST", raising=False)
    ids = enqueue_many(mail_world.procedure_id, 3)

    report = deliver_due()

    assert report.delivered == 3
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert [f.name for f in files] == [f"{i:08d}-herinnering_aanmeldtermijn.eml" for i in ids]
    stored = rows()
    for path, pk in zip(files, ids, strict=True):
        parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert parsed["Message-ID"] == stored[pk].message_id
        assert parsed["To"].addresses[0].addr_spec.endswith("@example.nl")
        assert "Ruwaard" in parsed.get_body(("plain",)).get_content()
    assert set(statuses().values()) == {MessageStatus.DELIVERED}
    assert deliver_due().claimed == 0


def test_implicit_tls_with_a_throwaway_certificate(
    mail_world: MailWorld, monkeypatch, tmp_path
) -> None:
    import ssl

    from aiosmtpd.controller import Controller

    from tests.fixtures_smtp import FaultyHandler, free_port, make_certificate

    cert_file, key_file = make_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    handler, port = FaultyHandler(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=context)
    controller.start()
    try:
        for name, value in {
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "SECURITY": "tls",
            "CA_FILE": str(cert_file),
        }.items():
            monkeypatch.setenv(f"WIJKRAAD_SMTP_{name}", value)
        enqueue_many(mail_world.procedure_id, 3)
        assert deliver_due().delivered == 3
        assert handler.count() == 3
    finally:
        controller.stop()


def test_an_untrusted_certificate_is_a_temporary_failure(
    mail_world: MailWorld, smtp_tls_server: SmtpServer, monkeypatch
) -> None:
    monkeypatch.delenv("WIJKRAAD_SMTP_CA_FILE")  # the system's CAs do not know it
    enqueue_many(mail_world.procedure_id, 1)
    report = deliver_due()
    assert report.temporary_failure == 1 and smtp_tls_server.handler.count() == 0
    assert "CERTIFICATE_VERIFY_FAILED" in next(iter(rows().values())).last_error
