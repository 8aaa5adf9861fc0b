"""The checks every request passes before a route sees it, as pure ASGI middleware, so that a
page added later is covered without doing anything (create_app adds them in this order, the
first outermost, inside SecurityHeaders so every answer of theirs has the headers):

- ErrorPage: any unexpected error is a Dutch 500 page; its traceback goes to
  `$WIJKRAAD_HOME/fouten.log`, never to the visitor.
- HostGuard: only the hosts of WIJKRAAD_WEB_HOSTS (and of WIJKRAAD_WEB_BASE_URL) are served,
  others get 400; a path with a trailing slash is sent to the same path without it, relatively
  (the Host header is never echoed into a Location).
- PreLogin: every browser has a pre-login session (a random id in a cookie); its forms carry
  the CSRF token signed for that id (security.prelogin_token). An answer a shared cache may
  keep (Cache-Control: public) sets no cookie.
- BodyGuard: a request with a body to a page behind the login has its session checked before
  one byte of the body is read (none: 303 to /login); then the body is capped while it arrives
  (64 KiB, 2 MiB for a coördinator's file upload; more: 413) and has to arrive within
  BODY_SECONDS (else 408): a slow body holds a connection only that long.
Ids and years in the path and the query are checked by the gate (gate.check_numbers)."""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request, cookie_parser
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from commands import logins
from tasks.adapters.settings import get_settings
from wijkraad.web import rendering, security

BODY_SECONDS = 60.0  # the whole body of a request, however it is sent
ERROR_LOG = "fouten.log"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

TOO_LARGE = (
    "Dit formulier bevat meer dan wij kunnen aannemen; er is niets vastgelegd. Maak uw tekst "
    "korter of het bestand kleiner en probeer het opnieuw."
)
TOO_SLOW = "Het versturen duurde te lang; er is niets vastgelegd. Probeer het opnieuw."
BAD_HOST = "Deze website is niet bereikbaar onder deze naam."
SERVER_ERROR = (
    "Er ging aan onze kant iets mis; wat u deed is misschien niet vastgelegd. Probeer het "
    "later opnieuw. Blijft het misgaan, meld het dan aan de wijkcoördinator."
)


class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=413, detail=TOO_LARGE)


class BodyTooSlow(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=408, detail=TOO_SLOW)


def error_page(scope: Scope, status: int, heading: str, message: str) -> Response:
    response = rendering.page(
        Request(scope),
        "error.html",
        {"title": heading, "heading": heading, "message": message},
        status_code=status,
    )
    if status in (400, 408, 413):
        response.headers["connection"] = "close"  # what the client still sends is not read
    return response


# -- unexpected errors ----------------------------------------------------------------------

_loggers: dict[Path, logging.Logger] = {}


def error_log() -> logging.Logger:
    path = get_settings().home / ERROR_LOG
    found = _loggers.get(path)
    if found is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        found = logging.getLogger(f"wijkraad.web.fouten.{len(_loggers)}")
        found.propagate = False
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        found.addHandler(handler)
        found.setLevel(logging.ERROR)
        _loggers[path] = found
    return found


class ErrorPage:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            # the path only (a query may carry personal data; a committee link's token is in
            # the path, so only the route's first part is kept)
            where = "/" + scope["path"].lstrip("/").split("/", 1)[0]
            error_log().error(
                "%s %s…\n%s",
                scope["method"],
                where,
                "".join(traceback.format_exception(exc)),
            )
            if not started:
                page = error_page(scope, 500, "Er ging iets mis", SERVER_ERROR)
                await page(scope, receive, send)


# -- hosts and trailing slashes -------------------------------------------------------------


def allowed_hosts() -> frozenset[str]:
    settings = get_settings()
    hosts = {h.strip().lower() for h in settings.web_hosts.split(",") if h.strip()}
    base = urlsplit(settings.web_base_url).hostname
    return frozenset(hosts | ({base.lower()} if base else set()))


def host_of(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):  # [::1]:8000
                return host[: host.find("]") + 1]
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return ""


def without_slash(path: str, query: bytes) -> str:
    """The relative Location for a path with a trailing slash: one leading slash, percent-
    encoded (no `//host` nor `/\\host` a browser would take for another site)."""
    location = "/" + quote(path.strip("/").lstrip("\\"), safe="/:@-._~!$&'()*+,;=")
    location = "/" + location.lstrip("/")
    return location + ("?" + query.decode("latin-1") if query else "")


class HostGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hosts = allowed_hosts()
        if "*" not in hosts and host_of(scope) not in hosts:
            await error_page(scope, 400, "Onbekende naam", BAD_HOST)(scope, receive, send)
            return
        path = scope["path"]
        if path != "/" and path.endswith("/"):
            target = without_slash(path, scope.get("query_string", b""))
            await RedirectResponse(target, status_code=307)(scope, receive, send)
            return
        await self.app(scope, receive, send)


# -- the pre-login session ------------------------------------------------------------------


class PreLogin:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(("/static/", "/health")):
            await self.app(scope, receive, send)
            return
        name = security.csrf_cookie()
        sent = cookie_parser(_header(scope, b"cookie")).get(name)
        fresh = not security.valid_session_id(sent)
        session_id = security.new_token() if fresh else str(sent)
        state: dict[str, Any] = scope.setdefault("state", {})
        state["csrf"] = security.prelogin_token(session_id)

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                shared = "public" in headers.get("cache-control", "")  # no cookie in a cache
                if not shared and not any(
                    v.startswith(name + "=") for v in headers.getlist("set-cookie")
                ):
                    headers.append("set-cookie", security.cookie_header(name, session_id))
            await send(message)

        await self.app(scope, receive, with_cookie if fresh else send)


def _header(scope: Scope, wanted: bytes) -> str:
    for name, value in scope["headers"]:
        if name == wanted:
            return str(value.decode("latin-1"))
    return ""


# -- request bodies -------------------------------------------------------------------------


class BodyGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        from wijkraad.web.gate import is_public

        limit = security.FORM_BODY
        if not is_public(scope["path"]):
            token = cookie_parser(_header(scope, b"cookie")).get(security.session_cookie())
            user = await run_in_threadpool(logins.current, token)
            if user is None:  # nothing of the body is read: to the login
                answer = RedirectResponse("/login", status_code=303)
                answer.headers["connection"] = "close"
                await answer(scope, receive, send)
                return
            scope.setdefault("state", {})["checked_user"] = user
            if _header(scope, b"content-type").lower().startswith("multipart/form-data"):
                limit = security.UPLOAD_BODY
        declared = _header(scope, b"content-length").strip()
        if declared and (not declared.isdigit() or int(declared) > limit):
            await error_page(scope, 413, "Te veel tekst", TOO_LARGE)(scope, receive, send)
            return
        deadline = time.monotonic() + BODY_SECONDS
        size = 0
        complete = started = False

        async def capped() -> Message:
            nonlocal size, complete
            if complete:  # after the body: waiting for a disconnect has no deadline
                return await receive()
            left = deadline - time.monotonic()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(left, 0.001))
            except TimeoutError:
                raise BodyTooSlow() from None
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > limit:
                    raise BodyTooLarge()
                complete = not message.get("more_body", False)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, capped, watched)
        except (BodyTooLarge, BodyTooSlow) as exc:  # read outside a route (no handler there)
            if started:
                raise
            heading = "Te veel tekst" if exc.status_code == 413 else "Te langzaam"
            await error_page(scope, exc.status_code, heading, str(exc.detail))(scope, receive, send)
