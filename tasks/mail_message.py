"""Turning a rendered mail into the bytes sent over SMTP, with headers nobody can inject into.

Every header value passes through `header_text`, which turns CR, LF and every other control
character into a space: a name like "Jan\\r\\nBcc: x@y" stays one display name and can never
start a header of its own. Addresses are checked as a single addr-spec. The Message-ID is
derived from the outbox row, so every attempt (and a duplicate after a crash) carries the same
one and a receiving server or mail client can recognise it.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from models.clock import TIMEZONE
from models.errors import InvalidInput
from tasks.mail_render import RenderedMail

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")
_ADDRESS = re.compile(r"^[^\s<>()\[\],;:\"@]+@[^\s<>()\[\],;:\"@]+$")


def header_text(value: str) -> str:
    """One line of header text: control characters become spaces, runs collapse."""
    return " ".join(_CONTROL.sub(" ", value).split())


def checked_address(value: str) -> str:
    """A bare address, refused when it could carry anything but one mailbox."""
    address = value.strip()
    if not _ADDRESS.match(address):
        raise InvalidInput(f"e-mailadres: '{header_text(value)}' is geen geldig adres.")
    return address


def message_id(message_pk: int, idempotency_key: str, sender: str) -> str:
    """The stable Message-ID of an outbox row: the same for every attempt."""
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]
    domain = checked_address(sender).rsplit("@", 1)[1]
    return f"<wijkraad.{message_pk}.{digest}@{domain}>"


def build(
    mail: RenderedMail, *, sender: str, sender_name: str, msgid: str, at: datetime
) -> EmailMessage:
    """The MIME message: text and HTML alternatives, safe headers."""
    to_user, to_domain = checked_address(mail.to.email).rsplit("@", 1)
    from_user, from_domain = checked_address(sender).rsplit("@", 1)
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(header_text(sender_name), from_user, from_domain)
    message["To"] = Address(header_text(mail.to.name), to_user, to_domain)
    message["Subject"] = header_text(mail.subject)
    message["Date"] = format_datetime(at.replace(tzinfo=TIMEZONE))
    message["Message-ID"] = msgid
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    return message


def as_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=SMTP)
