"""/login and /logout."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from commands import logins
from wijkraad.web import rendering
from wijkraad.web.security import (
    cookie_options,
    csrf_cookie,
    read_form,
    session_cookie,
    session_token,
)

router = APIRouter()


def _safe_next(value: str | None) -> str:
    """Only a path on this site: never another host (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _form(
    request: Request,
    *,
    email: str = "",
    next_path: str = "",
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    return rendering.page(  # the form's CSRF token is the pre-login session's (guard.PreLogin)
        request,
        "login.html",
        {"title": "Inloggen", "email": email, "volgende": _safe_next(next_path), "error": error},
        status_code=status_code,
    )


@router.get("/login")
def login_form(request: Request, volgende: str = "") -> Response:
    return _form(request, next_path=volgende)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


@router.post("/login")
async def login(request: Request) -> Response:
    form = await read_form(request)
    email, password = _text(form, "email"), _text(form, "password")
    return await run_in_threadpool(_log_in, request, email, password, _text(form, "volgende"))


def _log_in(request: Request, email: str, password: str, volgende: str) -> Response:
    address = request.client.host if request.client else "unknown"
    try:
        done = logins.log_in(
            logins.LogIn(email=email[:320], password=password[:1024], client_address=address)
        )
    except logins.LoginThrottled as exc:
        response = _form(
            request, email=email, next_path=volgende, error=exc.message, status_code=429
        )
        response.headers["retry-after"] = str(exc.retry_after)
        return response
    except logins.LoginRefused as exc:
        return _form(request, email=email, next_path=volgende, error=exc.message, status_code=401)
    response = RedirectResponse(_safe_next(volgende), status_code=303)
    response.set_cookie(session_cookie(), done.token, **cookie_options())
    response.delete_cookie(csrf_cookie(), **cookie_options())  # a new pre-login session next
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    logins.log_out(session_token(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(session_cookie(), **cookie_options())
    return response
