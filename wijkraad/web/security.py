"""What every answer carries, and the checks every POST passes.

- Headers: a Content-Security-Policy that allows no inline script (nor any script but our own
  files), nosniff, frame-ancestors 'none' (and X-Frame-Options for old browsers), no Referrer
  (links may carry tokens: the committee's), and no caching of pages with personal data.
- CSRF: a logged-in session has its own token (stored with the session); a form without a
  session (login, the public pages) uses a double-submit cookie: the form's token must equal
  the value of a cookie that only this site can set.
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tasks.adapters.settings import get_settings

SESSION_COOKIE = "wijkraad_sessie"
CSRF_COOKIE = "wijkraad_csrf"
CSRF_FIELD = "csrf_token"

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders:
    """Pure ASGI middleware: the headers on every answer, static files and errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = get_settings().web_https
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if not static and "cache-control" not in headers:  # a public page may be cached
                    headers["cache-control"] = "no-store"
                if https:
                    headers["strict-transport-security"] = "max-age=31536000"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cookie_options() -> dict[str, Any]:
    return {
        "httponly": True,
        "samesite": "lax",
        "secure": get_settings().web_https,
        "path": "/",
    }


def new_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(sent: object, expected: str | None) -> bool:
    return (
        isinstance(sent, str)
        and bool(sent)
        and bool(expected)
        and secrets.compare_digest(sent.encode(), (expected or "").encode())
    )
