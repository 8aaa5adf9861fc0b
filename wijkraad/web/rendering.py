"""Jinja2 for the web pages: templates/web/, autoescaped everywhere, Dutch dates."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse

from tasks.adapters.templating import TEMPLATES, bedrag, datum, fase
from wijkraad.web import words


def tijd(value: datetime | date | None) -> str:
    """A moment in Dutch: '3 april 2030 14:05' (a date alone: '3 april 2030')."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{datum(value)} {value:%H:%M}"
    return datum(value)


def getal(value: float | int | None) -> str:
    """A number in Dutch: a decimal comma (3,5), at most two decimals."""
    if value is None:
        return ""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").replace(".", ",")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES / "web"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters |= {"datum": datum, "bedrag": bedrag, "fase": fase, "tijd": tijd, "getal": getal}
    env.globals["w"] = words
    return env


def page(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    user = getattr(request.state, "user", None)
    values: dict[str, Any] = {
        "request": request,
        "user": user,
        "csrf_token": user.csrf_token if user else getattr(request.state, "csrf", ""),
        "path": request.url.path,
        "title": "",
        "summary": [],  # the error summary on top of the page: (link, message) pairs
    } | (context or {})
    html = environment().get_template(name).render(**values)
    response = HTMLResponse(html, status_code=status_code)
    return response
