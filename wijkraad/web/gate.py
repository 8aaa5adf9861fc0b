"""The door: who may see a page and who may change something.

One dependency on every route of the app (so a new page is closed unless it is listed here):
- public paths (login, health, the residents' and the committee's pages) need no session;
- every other page needs an active session: a GET without one is sent to /login (303), a POST
  without one changes nothing and is sent there as well;
- every POST carries a CSRF token: without a valid one the answer is 403 and nothing is written;
- a `lezer` sees every page and may POST nothing but logout (403 with a Dutch page).
Static files are mounted outside the routes and are public.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from commands import logins
from wijkraad.web.security import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE, same_token

PUBLIC_PATHS = frozenset({"/login", "/health"})
PUBLIC_PREFIXES = ("/aanmelden", "/commissie/", "/wijkraden", "/loting/")
ALWAYS_ALLOWED_POSTS = frozenset({"/logout"})


class NeedLogin(Exception):
    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class Forbidden(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


CSRF_REFUSED = (
    "Dit formulier is verlopen of kwam niet van deze pagina; er is niets vastgelegd. "
    "Laad de pagina opnieuw en probeer het nog eens."
)
READ_ONLY = (
    "U bent ingelogd als lezer: u kunt alles bekijken, maar niets wijzigen. Er is niets vastgelegd."
)


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _next(request: Request) -> str:
    path = request.url.path
    if request.method == "GET" and request.url.query:
        path += "?" + request.url.query
    return path


async def gate(request: Request) -> None:
    path = request.url.path
    posted = request.method == "POST"
    sent = (await request.form()).get(CSRF_FIELD) if posted else None
    request.state.user = None
    if is_public(path):
        if posted and not same_token(sent, request.cookies.get(CSRF_COOKIE)):
            raise Forbidden(CSRF_REFUSED)
        return
    user = await run_in_threadpool(logins.current, request.cookies.get(SESSION_COOKIE))
    if user is None:
        raise NeedLogin("/" if posted else _next(request))  # a POST is no page to go back to
    request.state.user = user
    if posted:
        if not same_token(sent, user.csrf_token):
            raise Forbidden(CSRF_REFUSED)
        if not user.can_change and path not in ALWAYS_ALLOWED_POSTS:
            raise Forbidden(READ_ONLY)


def login_url(next_path: str) -> str:
    if next_path in ("/", "") or not next_path.startswith("/") or next_path.startswith("//"):
        return "/login"
    return "/login?volgende=" + quote(next_path, safe="/")
