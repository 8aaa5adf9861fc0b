"""Getting one prepared message out: over SMTP (one connection per worker) or as a pickup file.

Both transports answer with an `Outcome`: delivered, temporary (4xx, connection lost, timeout:
try again later) or permanent (5xx: the server's answer is kept). Nothing here touches the
database; tasks.delivery decides what an outcome means for the outbox row.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import aiosmtplib

from tasks.adapters.settings import Settings


@dataclass(frozen=True)
class Outgoing:
    """A message ready to send: the outbox id, the envelope and the serialised message."""

    pk: int
    template: str
    sender: str
    recipient: str
    msgid: str
    data: bytes


class Verdict(StrEnum):
    DELIVERED = "delivered"
    TEMPORARY = "temporary"
    PERMANENT = "permanent"


@dataclass(frozen=True)
class Outcome:
    pk: int
    verdict: Verdict
    detail: str | None = None


def classify(error: BaseException) -> tuple[Verdict, str]:
    """5xx from the server is permanent; 4xx, a lost connection or a timeout is temporary."""
    code = getattr(error, "code", None)
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused) and error.recipients:
        first = error.recipients[0]
        code, text = first.code, f"{first.code} {first.message}"
    elif isinstance(code, int) and code > 0:
        text = f"{code} {getattr(error, 'message', '')}".strip()
    else:
        text = f"{type(error).__name__}: {error}".strip()
    if isinstance(code, int) and 500 <= code < 600 and not _is_login_error(error):
        return Verdict.PERMANENT, text[:2000]
    return Verdict.TEMPORARY, text[:2000]


def _is_login_error(error: BaseException) -> bool:
    """A refused login says nothing about the message: keep it for after the fix."""
    return isinstance(error, aiosmtplib.SMTPAuthenticationError | aiosmtplib.SMTPNotSupported)


def tls_context(settings: Settings) -> ssl.SSLContext | None:
    if settings.smtp_ca_file is None:
        return None
    return ssl.create_default_context(cafile=str(settings.smtp_ca_file))


class SmtpWorker:
    """One SMTP connection, opened on first use and again after it was lost."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client: aiosmtplib.SMTP | None = None

    def _new_client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username or None,
            password=s.smtp_password or None,
            use_tls=s.smtp_security == "tls",
            start_tls=s.smtp_security == "starttls",
            tls_context=tls_context(s),
            timeout=s.mail_timeout_seconds,
        )

    async def _connected(self) -> aiosmtplib.SMTP:
        if self.client is None or not self.client.is_connected:
            await self.close()
            self.client = self._new_client()
            await self.client.connect()
        return self.client

    async def send(self, item: Outgoing) -> Outcome:
        try:
            client = await self._connected()
            await client.sendmail(item.sender, [item.recipient], item.data)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            verdict, detail = classify(error)
            if verdict is Verdict.TEMPORARY:
                await self.close()
            return Outcome(item.pk, verdict, detail)
        return Outcome(item.pk, Verdict.DELIVERED)

    async def close(self) -> None:
        client, self.client = self.client, None
        if client is None or not client.is_connected:
            return
        try:
            await client.quit()
        except (aiosmtplib.SMTPException, OSError, TimeoutError):
            client.close()


class PickupWorker:
    """The embedded default: each message becomes $WIJKRAAD_HOME/mail/NNNNNNNN-template.eml."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def send(self, item: Outgoing) -> Outcome:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            final = self.directory / f"{item.pk:08d}-{item.template}.eml"
            partial = final.with_suffix(".eml.part")
            partial.write_bytes(item.data)
            os.replace(partial, final)
        except OSError as error:
            return Outcome(item.pk, Verdict.TEMPORARY, f"{type(error).__name__}: {error}")
        return Outcome(item.pk, Verdict.DELIVERED)

    async def close(self) -> None:
        return None
