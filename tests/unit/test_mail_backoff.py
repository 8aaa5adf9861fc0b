"""Retry timing: exponential backoff from the settings, capped, up to the retry window."""

from __future__ import annotations

from datetime import datetime, timedelta

import aiosmtplib

from models.enums import MessageStatus
from tasks.adapters.settings import Settings
from tasks.mail.claims import retry_delay, retry_window_used, row_values
from tasks.mail.transport import Outcome, Verdict, classify

NOW = datetime(2026, 11, 28, 9, 0)


def settings(**values: object) -> Settings:
    return Settings(**values)  # type: ignore[arg-type]


def test_delays_double_from_the_base_up_to_the_cap() -> None:
    s = settings(mail_retry_base_minutes=5, mail_retry_max_minutes=60)
    assert [retry_delay(s, n) for n in range(1, 7)] == [
        timedelta(minutes=m) for m in (5, 10, 20, 40, 60, 60)
    ]
    assert retry_window_used(s, 3) == timedelta(minutes=35)


def test_a_temporary_failure_is_retried_until_the_window_is_used_up() -> None:
    s = settings(mail_retry_hours=72)
    temporary = Outcome(1, Verdict.TEMPORARY, "451 4.3.0 later")
    row = row_values(s, temporary, 1, "<m>", NOW)
    assert row["status"] == MessageStatus.TEMPORARY_FAILURE
    assert row["next_attempt_at"] == NOW + timedelta(minutes=5)
    attempts = 1
    while retry_window_used(s, attempts) < timedelta(hours=72):
        attempts += 1
    final = row_values(s, temporary, attempts, "<m>", NOW)
    assert final["status"] == MessageStatus.PERMANENT_FAILURE
    assert final["last_error"].startswith(f"opgegeven na {attempts} pogingen")
    assert 15 <= attempts <= 20  # 5 min doubling to 6 h, then every 6 h, for 72 h


def test_delivered_and_permanent_outcomes() -> None:
    s = settings()
    delivered = row_values(s, Outcome(1, Verdict.DELIVERED), 1, "<m>", NOW)
    assert (delivered["status"], delivered["sent_at"], delivered["last_error"]) == (
        MessageStatus.DELIVERED,
        NOW,
        None,
    )
    refused = row_values(s, Outcome(1, Verdict.PERMANENT, "550 5.1.1 onbekend"), 1, "<m>", NOW)
    assert refused["status"] == MessageStatus.PERMANENT_FAILURE
    assert refused["last_error"] == "550 5.1.1 onbekend" and refused["next_attempt_at"] is None


def test_server_answers_are_classified() -> None:
    assert classify(aiosmtplib.SMTPResponseException(451, "later")) == (
        Verdict.TEMPORARY,
        "451 later",
    )
    assert classify(aiosmtplib.SMTPResponseException(421, "bye"))[0] is Verdict.TEMPORARY
    assert classify(aiosmtplib.SMTPDataError(554, "spam")) == (Verdict.PERMANENT, "554 spam")
    refused = aiosmtplib.SMTPRecipientsRefused(
        [aiosmtplib.SMTPRecipientRefused(550, "5.1.1 onbekend", "x@example.nl")]
    )
    assert classify(refused) == (Verdict.PERMANENT, "550 5.1.1 onbekend")
    assert classify(aiosmtplib.SMTPServerDisconnected("weg"))[0] is Verdict.TEMPORARY
    assert classify(aiosmtplib.SMTPTimeoutError("traag"))[0] is Verdict.TEMPORARY
    assert classify(ConnectionRefusedError(111, "refused"))[0] is Verdict.TEMPORARY
    login = aiosmtplib.SMTPAuthenticationError(535, "bad credentials")
    assert classify(login)[0] is Verdict.TEMPORARY  # a configuration fault, not the message's
