"""The local SMTP server the simulation delivers to: aiosmtpd on 127.0.0.1, counting, and the
residents' inbox: what was delivered to them, read as they would (a link in a mail)."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

_running: list[Sink] = []  # the sink of the local server while it runs


@dataclass
class Sink:
    """Accepts every message and remembers its Message-ID and its plain text."""

    message_ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        message = message_from_bytes(raw, policy=policy.default)
        self.message_ids.append(str(message.get("Message-ID", "")))
        self.texts.append(_plain_text(message))
        return "250 OK"


def _plain_text(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    return str(body.get_content()) if body is not None else ""


def delivered_texts(pickup: Path) -> list[str]:
    """The plain text of every delivered message, in the order of delivery: from the local
    server while it runs, else the pickup folder's .eml files (`--smtp pickup`)."""
    if _running:
        return list(_running[-1].texts)
    files = sorted(pickup.rglob("*.eml")) if pickup.is_dir() else []
    return [_plain_text(message_from_bytes(f.read_bytes(), policy=policy.default)) for f in files]


def links(texts: list[str], path: str) -> list[str]:
    """The tokens of every link to `path` ('/loting/antwoord/') in these texts, in order."""
    pattern = re.compile(re.escape(path) + r"([A-Za-z0-9_-]+)")
    return [m.group(1) for text in texts for m in pattern.finditer(text)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def local_smtp() -> Iterator[tuple[int, Sink]]:
    from aiosmtpd.controller import Controller

    sink = Sink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    _running.append(sink)
    try:
        yield port, sink
    finally:
        _running.remove(sink)
        controller.stop()
