"""/login and /logout."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from commands import logins
from wijkraad.web import rendering
from wijkraad.web.security import CSRF_COOKIE, SESSION_COOKIE, cookie_options, new_token

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
    token = request.cookies.get(CSRF_COOKIE) or new_token()
    request.state.csrf = token
    response = rendering.page(
        request,
        "login.html",
        {"title": "Inloggen", "email": email, "volgende": _safe_next(next_path), "error": error},
        status_code=status_code,
    )
    response.set_cookie(CSRF_COOKIE, token, **cookie_options())
    return response


@router.get("/login")
def login_form(request: Request, volgende: str = "") -> Response:
    return _form(request, next_path=volgende)


@router.post("/login")
def login(
    request: Request,
    email: str = Form(""),
    password: str = Form(""),
    volgende: str = Form(""),
) -> Response:
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
    response.set_cookie(SESSION_COOKIE, done.token, **cookie_options())
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    logins.log_out(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
