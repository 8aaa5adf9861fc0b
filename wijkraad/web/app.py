"""The ASGI application of `wijkraad web`: create_app() builds it (uvicorn calls it as a
factory). One gate dependency on every route decides who may see and change what
(wijkraad/web/gate.py); middleware checks every request before a route sees it
(wijkraad/web/guard.py) and puts the security headers on every answer. Whatever goes wrong is
said in Dutch: the framework's own (English) messages never reach a visitor."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from commands import followup
from models.errors import DomainError, NotFound
from wijkraad.web import (
    accounts,
    actions,
    advice,
    auth,
    committee,
    council,
    council_public,
    gate,
    guard,
    health,
    lottery,
    mail,
    pages,
    panel_page,
    privacy,
    public,
    rendering,
)
from wijkraad.web.security import SecurityHeaders

STATIC = Path(__file__).parent / "static"


def _error_page(request: Request, status_code: int, heading: str, message: str) -> Response:
    return rendering.page(
        request,
        "error.html",
        {"title": heading, "heading": heading, "message": message},
        status_code=status_code,
    )


# The framework's messages (Starlette's form parser, FastAPI) in Dutch, by their first words.
FRAMEWORK_WORDS = (
    ("Too many fields", 413, "Te veel velden", "Dit formulier heeft te veel velden; er is "
     "niets vastgelegd."),
    ("Too many files", 413, "Te veel bestanden", "Dit formulier heeft te veel bestanden; er is "
     "niets vastgelegd."),
    ("Field exceeded maximum size", 413, "Te veel tekst", guard.TOO_LARGE),
    ("Part exceeded maximum size", 413, "Te veel tekst", guard.TOO_LARGE),
)  # fmt: skip
UNREADABLE = (
    "Dit formulier kwam niet goed aan en is niet gelezen; er is niets vastgelegd. Laad de "
    "pagina opnieuw en probeer het nog eens."
)
STATUS_WORDS = {
    404: ("Niet gevonden", "Deze pagina bestaat niet."),
    405: ("Niet toegestaan", "Dit kan op deze pagina niet."),
    408: ("Te langzaam", guard.TOO_SLOW),
    413: ("Te veel tekst", guard.TOO_LARGE),
}


def http_words(exc: StarletteHTTPException) -> tuple[int, str, str]:
    """Status, heading and message of an HTTP error, in Dutch whatever the framework said."""
    detail = str(exc.detail)
    for start, status, heading, message in FRAMEWORK_WORDS:
        if detail.startswith(start):
            return status, heading, message
    if exc.status_code in STATUS_WORDS:
        return exc.status_code, *STATUS_WORDS[exc.status_code]
    if exc.status_code == 400:
        return 400, "Onjuist verzoek", UNREADABLE
    return exc.status_code, "Niet gelukt", "Dit verzoek kon niet worden afgehandeld."


def _import_prefect() -> None:
    import prefect  # noqa: F401
    from prefect.settings import get_current_settings

    get_current_settings()


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """With a Prefect server configured (`wijkraad web` finds or starts one), Prefect is
    imported once, before the first request: two actions that run a flow at the same moment
    would otherwise import it in two threads at once, which Prefect's circular imports break."""
    if os.environ.get("PREFECT_API_URL"):
        from starlette.concurrency import run_in_threadpool

        await run_in_threadpool(_import_prefect)
    yield


async def _hand_over() -> None:
    """A request never waits for a flow: what it records is handed over to the workers."""
    followup.use(followup.Mode.HAND_OVER)


def _load_lazy_commands() -> None:
    """The CLI binds its command modules lazily (wijkraad/cli/lazy.py); in a process that
    imported the CLI first (`wijkraad web`), a page's first use would run such a module's
    code in a worker thread, and two requests at once would race (Python 3.11's LazyLoader has
    no lock: one of them saw a half-loaded module). Load them all here, in one thread."""
    import sys
    from importlib.util import LazyLoader

    for name, module in list(sys.modules.items()):
        spec = getattr(module, "__spec__", None)
        if name.startswith("commands.") and isinstance(getattr(spec, "loader", None), LazyLoader):
            getattr(module, "__name__")  # noqa: B009 - any attribute runs the module's code


def create_app() -> FastAPI:
    _load_lazy_commands()
    app = FastAPI(
        title="wijkraden",
        lifespan=_lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(gate.gate), Depends(_hand_over)],
        redirect_slashes=False,  # guard.HostGuard redirects, relatively
    )
    # the last added is the outermost: every answer of the guards has the security headers
    app.add_middleware(guard.BodyGuard)
    app.add_middleware(guard.PreLogin)
    app.add_middleware(guard.HostGuard)
    app.add_middleware(guard.ErrorPage)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(health.router)
    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(actions.router)
    app.include_router(advice.router)
    app.include_router(council.router)
    app.include_router(mail.router)
    app.include_router(privacy.router)
    app.include_router(accounts.router)
    app.include_router(public.router)
    app.include_router(lottery.router)
    app.include_router(panel_page.router)
    app.include_router(council_public.router)
    app.include_router(committee.router)

    @app.exception_handler(gate.NeedLogin)
    async def need_login(request: Request, exc: gate.NeedLogin) -> Response:
        return RedirectResponse(gate.login_url(exc.next_path), status_code=303)

    @app.exception_handler(gate.Forbidden)
    async def forbidden(request: Request, exc: gate.Forbidden) -> Response:
        return _error_page(request, 403, "Niet toegestaan", exc.message)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error_page(request, 404, "Niet gevonden", exc.message)

    @app.exception_handler(DomainError)
    async def refused(request: Request, exc: DomainError) -> Response:
        return _error_page(request, 400, "Niet gelukt", exc.message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return _error_page(
            request, 400, "Onjuist verzoek", "Deze pagina begrijpt het verzoek niet."
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        status, heading, message = http_words(exc)
        response = _error_page(request, status, heading, message)
        if status in (408, 413):
            response.headers["connection"] = "close"
        return response

    return app
