"""The door: who may see a page and who may change something.

One dependency on every route of the app (so a new page is closed unless it is listed here):
- public paths (login, health, the residents' and the committee's pages) need no session;
- every other page needs an active session: a GET without one is sent to /login (303), a POST
  without one changes nothing and is sent there as well, before its body is read
  (guard.BodyGuard checks the session first and hands it on);
- every POST carries a CSRF token: the session's own, or before login the one signed for the
  pre-login session (guard.PreLogin); without a valid one the answer is 403 and nothing is
  written;
- a `lezer` sees every page and may POST nothing but logout (403 with a Dutch page);
- an id in the path, the query or a form that no id column can hold is 404 (path) or 400, a
  year outside 1900-2200 is 400: never a database error.
Static files are mounted outside the routes and are public.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from commands import logins
from models.errors import InvalidInput, NotFound
from wijkraad.web.security import (
    CSRF_FIELD,
    bad_year,
    id_like,
    read_form,
    same_token,
    session_token,
    too_large_id,
)

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


def check_numbers(request: Request, form: object = None) -> None:
    """Ids and years that no table holds: a Dutch 404 or 400, never a database overflow."""
    for value in request.path_params.values():
        if isinstance(value, str) and too_large_id(value):
            raise NotFound("Deze pagina bestaat niet.")
    pairs = list(request.query_params.multi_items())
    if form is not None:
        pairs += [(k, v) for k, v in form.multi_items() if isinstance(v, str)]  # type: ignore[attr-defined]
    for name, value in pairs:
        if id_like(name) and too_large_id(value):
            raise InvalidInput("Dit nummer bestaat niet; er is niets vastgelegd.", field=name)
        if name in YEAR_FIELDS and bad_year(value):
            raise InvalidInput("Kies een jaar tussen 1900 en 2200.", field=name)


YEAR_FIELDS = frozenset({"jaar", "year"})


async def gate(request: Request) -> None:
    path = request.url.path
    posted = request.method == "POST"
    request.state.user = None
    check_numbers(request)
    if is_public(path):
        form = await read_form(request) if posted else None
        check_numbers(request, form)
        if form is not None and not same_token(
            form.get(CSRF_FIELD), getattr(request.state, "csrf", None)
        ):
            raise Forbidden(CSRF_REFUSED)
        return
    user = getattr(request.state, "checked_user", None)  # a POST's, checked before its body
    if user is None:
        user = await run_in_threadpool(logins.current, session_token(request))
    if user is None:
        raise NeedLogin("/" if posted else _next(request))  # a POST is no page to go back to
    request.state.user = user
    if posted:
        form = await read_form(request)  # only now is the body read
        check_numbers(request, form)
        if not same_token(form.get(CSRF_FIELD), user.csrf_token):
            raise Forbidden(CSRF_REFUSED)
        if not user.can_change and path not in ALWAYS_ALLOWED_POSTS:
            raise Forbidden(READ_ONLY)


def login_url(next_path: str) -> str:
    if next_path in ("/", "") or not next_path.startswith("/") or next_path.startswith("//"):
        return "/login"
    return "/login?volgende=" + quote(next_path, safe="/")
