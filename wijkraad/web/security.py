"""What every answer carries, and the checks every request passes.

- Headers: a Content-Security-Policy that allows no inline script (nor any script but our own
  files), nosniff, frame-ancestors 'none' (and X-Frame-Options for old browsers), no Referrer
  (links may carry tokens: the committee's), and no caching of pages with personal data.
- CSRF: a logged-in session has its own token (stored with the session). Before login (the login
  form, the public pages) a browser has a pre-login session: a random id in a cookie that only
  this site can set (`__Host-` under https); its forms carry HMAC(server key, that id), so a
  client cannot pick a pair of its own.
- Cookies: HttpOnly, SameSite=Lax, Secure and `__Host-` prefixed behind https.
- Limits on what a request may be: body sizes, the number of form fields and parts, ids and
  years in a URL or form (wijkraad/web/guard.py applies them to every route).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from starlette.datastructures import FormData, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tasks.adapters import signing
from tasks.adapters.settings import get_settings

SESSION_COOKIE = "wijkraad_sessie"
CSRF_COOKIE = "wijkraad_csrf"  # holds the pre-login session's id
CSRF_FIELD = "csrf_token"
HOST_PREFIX = "__Host-"

# What a request may be.
FORM_BODY = 64 * 1024  # a whole form (the longest field is a motivation of 5,000 characters)
UPLOAD_FILE = 2 * 1024 * 1024  # a CSV a coördinator uploads
UPLOAD_BODY = UPLOAD_FILE + FORM_BODY  # that file and its form around it
MAX_FIELDS = 200
MAX_FILES = 2
MAX_ID = 2**31 - 1  # an id column (PostgreSQL integer)
YEARS = range(1900, 2201)

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


# -- cookies --------------------------------------------------------------------------------


def _named(name: str) -> str:
    return HOST_PREFIX + name if get_settings().web_https else name


def session_cookie() -> str:
    return _named(SESSION_COOKIE)


def csrf_cookie() -> str:
    return _named(CSRF_COOKIE)


def cookie_options() -> dict[str, Any]:
    """No Domain, Path=/ and Secure behind https: what the `__Host-` prefix requires."""
    return {
        "httponly": True,
        "samesite": "lax",
        "secure": get_settings().web_https,
        "path": "/",
    }


def cookie_header(name: str, value: str) -> str:
    """A Set-Cookie header's value with cookie_options()."""
    secure = "; Secure" if get_settings().web_https else ""
    return f"{name}={value}; HttpOnly; Path=/; SameSite=lax{secure}"


def session_token(request: Request) -> str | None:
    return request.cookies.get(session_cookie())


# -- CSRF -----------------------------------------------------------------------------------

_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def valid_session_id(value: str | None) -> bool:
    return bool(value) and bool(_SESSION_ID.match(value or ""))


def prelogin_token(session_id: str) -> str:
    """The CSRF token of a pre-login session: only this server can compute it for an id."""
    return signing.sign("csrf", session_id)


def same_token(sent: object, expected: str | None) -> bool:
    return (
        isinstance(sent, str)
        and bool(sent)
        and bool(expected)
        and secrets.compare_digest(sent.encode(), (expected or "").encode())
    )


# -- reading a request ----------------------------------------------------------------------


async def read_form(request: Request) -> FormData:
    """The request's form, parsed once, within the limits on fields, files and part sizes
    (the body itself is capped while it arrives: guard.BodyGuard)."""
    return await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=FORM_BODY)


def id_like(name: str) -> bool:
    return name == "id" or name.endswith(("_id", "_ids"))


def too_large_id(value: str) -> bool:
    """A number no id column can hold (it would overflow the database's integer)."""
    text = value.strip()
    return text.isdigit() and (len(text) > 10 or int(text) > MAX_ID)


def bad_year(value: str) -> bool:
    text = value.strip()
    return bool(text) and not (text.isdigit() and len(text) <= 4 and int(text) in YEARS)
