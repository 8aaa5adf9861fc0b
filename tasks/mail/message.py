"""Turning a rendered mail into the bytes sent over SMTP, with headers nobody can inject into.

Every header value passes through `header_text`, which turns CR, LF and every other control
character into a space: a name like "Jan\\r\\nBcc: x@y" stays one display name and can never
start a header of its own. Addresses are checked as a single addr-spec. The Message-ID is
derived from the outbox row, so every attempt (and a duplicate after a crash) carries the same
one and a receiving server or mail client can recognise it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from datetime import datetime
from email.header import Header
from email.utils import format_datetime, formataddr

from models.errors import InvalidInput
from tasks.adapters.clock import TIMEZONE
from tasks.mail.ics import Attachment
from tasks.mail.render import RenderedMail

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


def _mailbox(name: str, address: str) -> str:
    """'Name <addr>', the name quoted or RFC 2047-encoded as needed, never spanning lines."""
    return formataddr((header_text(name), checked_address(address)), charset="utf-8")


def _header(name: str, value: str) -> str:
    """A header line, folded with CRLF + space when long and encoded when not ASCII."""
    text = header_text(value)
    if not text.isascii():
        return f"{name}: " + Header(text, "utf-8", header_name=name).encode(linesep="\r\n")
    lines, line = [], f"{name}:"
    for word in text.split(" "):
        if len(line) + 1 + len(word) > 76 and line != f"{name}:":
            lines.append(line)
            line = ""
        line += " " + word
    return "\r\n".join([*lines, line])


def _part(content_type: str, body: str) -> str:
    encoded = binascii.b2a_qp(body.replace("\r\n", "\n").encode("utf-8")).decode("ascii")
    return (
        f'Content-Type: {content_type}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + encoded.replace("\n", "\r\n")
    )


def _attachment(attachment: Attachment) -> str:
    """A base64 part (its alphabet has no '_', so no boundary can occur in it)."""
    name = header_text(attachment.filename).replace('"', "")
    encoded = base64.encodebytes(attachment.data).decode("ascii").replace("\n", "\r\n")
    return (
        f'Content-Type: {header_text(attachment.content_type)}; charset="utf-8";\r\n'
        f' name="{name}"\r\n'
        f'Content-Disposition: attachment; filename="{name}"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n" + encoded.rstrip("\r\n")
    )


def build(mail: RenderedMail, *, sender: str, sender_name: str, msgid: str, at: datetime) -> bytes:
    """The message as sent: multipart/alternative with a text and an HTML part; with
    attachments (an .ics invitation), that alternative is the first part of a
    multipart/mixed and each attachment follows it.

    Written directly rather than through email.message.EmailMessage, which spends ~10 ms per
    message parsing its own headers. Every header value goes through `header_text`; bodies
    are quoted-printable, so the boundary (which contains '=_') can never occur in them.
    """
    digest = hashlib.sha256(msgid.encode()).hexdigest()
    boundary = "=_wijkraad_" + digest[:24]
    alternative = [
        f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"',
        "",
        f"--{boundary}",
        _part("text/plain", mail.text),
        f"--{boundary}",
        _part("text/html", mail.html),
        f"--{boundary}--",
    ]
    body = alternative
    if mail.attachments:
        mixed = "=_wijkraad_mixed_" + digest[24:48]
        body = [f'Content-Type: multipart/mixed;\r\n boundary="{mixed}"', "", f"--{mixed}"]
        body += alternative
        for attachment in mail.attachments:
            body += [f"--{mixed}", _attachment(attachment)]
        body += [f"--{mixed}--"]
    lines = [
        f"From: {_mailbox(sender_name, sender)}",
        f"To: {_mailbox(mail.to.name, mail.to.email)}",
        _header("Subject", mail.subject),
        f"Date: {format_datetime(at.replace(tzinfo=TIMEZONE))}",
        f"Message-ID: {header_text(msgid)}",
        "Auto-Submitted: auto-generated",
        "MIME-Version: 1.0",
        *body,
        "",
    ]
    return "\r\n".join(lines).encode("ascii")
