"""Tokens for links in mail: derived from a server key, stored only as a digest.

A link's token is HMAC-SHA256(key, purpose:id:nonce): the mail is rendered at delivery time
from ids in the database, so the token must be derivable then, yet the database alone (a
backup, a leak) must not give it away. The key comes from WIJKRAAD_SECRET_KEY or, without it,
from a file in WIJKRAAD_HOME created on first use (readable by its owner only).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

from tasks.adapters.settings import get_settings

KEY_FILE = "secret.key"


def _key_file() -> Path:
    return get_settings().home / KEY_FILE


def key() -> bytes:
    configured = os.environ.get("WIJKRAAD_SECRET_KEY")
    if configured:
        return configured.encode()
    path = _key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # written completely under another name, then linked: no process reads half a key
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
        try:
            os.write(handle, secrets.token_hex(32).encode())
            os.close(handle)
            os.chmod(temporary, 0o600)
            with contextlib.suppress(FileExistsError):  # another process was first: use its key
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return path.read_bytes().strip()


def new_nonce() -> str:
    return secrets.token_hex(16)


def token(purpose: str, pk: int, nonce: str) -> str:
    mac = hmac.new(key(), f"{purpose}:{pk}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def sign(purpose: str, value: str) -> str:
    """HMAC-SHA256(key, purpose:value): a value only this installation can compute."""
    mac = hmac.new(key(), f"{purpose}:{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def committee_token(member_id: int, procedure_id: int) -> str:
    """A committee member's link: signed for one member and one procedure; it is valid while
    that procedure is nominating (checked where it is used), so it needs no row of its own."""
    return token("commissie", member_id, f"procedure-{procedure_id}")
