"""The residents' pages: the call of each recruiting area, the application form, and the
confirmation from the mail. No login; every POST carries the pre-login session's CSRF token (the
gate checks it), a honeypot field, and passes a size limit per field here and per request in
guard.BodyGuard. Rate limits are the command's (commands/applications.py): too many attempts
get 429 with a Dutch "try again later". The page never says why an application is refused at
confirmation, nor whether an address applied before: whoever typed it may be someone else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from commands import applications
from models.application import CONFIRMATION_VALID, Throttled
from models.errors import DomainError, InvalidInput, NotFound
from models.fields import label
from tasks.adapters.clock import now
from tasks.adapters.settings import get_settings
from tasks.queries import calls
from wijkraad.web import rendering
from wijkraad.web.actions import field_errors
from wijkraad.web.security import FORM_BODY

T = TypeVar("T")

router = APIRouter()

TRAP = "website"  # the honeypot: hidden from people, filled in by robots
FIELD_LIMITS = {
    "name": 200,
    "email": 320,
    "postcode": 16,
    "house_number": 16,
    "motivation": 5000,
    "politically_active": 8,
    "municipal_employee": 8,
    TRAP: 200,
}
FIELDS = set(FIELD_LIMITS) - {TRAP}
ORDER = ("", "name", "email", "postcode", "house_number", "motivation", "politically_active",
         "municipal_employee")  # fmt: skip
# An empty field, in the words of a form for residents (say what to do, with an example).
EMPTY = {
    "name": "Vul uw naam in.",
    "email": "Vul uw e-mailadres in, zoals naam@voorbeeld.nl.",
    "postcode": "Vul een postcode in, zoals 5345 AB.",
    "house_number": "Vul uw huisnummer in, zoals 12 of 12a.",
}
# A postcode or house number that is no such thing: what to type instead.
MISTYPED = {
    "postcode": "Vul een postcode in zoals 5345 AB: vier cijfers en twee letters.",
    "house_number": "Vul een huisnummer in zoals 12 of 12a.",
}
MAX_BODY = FORM_BODY  # a whole form (guard.BodyGuard): the motivation percent-encoded
LATER = "U heeft dit te vaak geprobeerd. Probeer het later opnieuw."


def resident_errors(exc: InvalidInput, fields: set[str], values: dict[str, str]) -> dict[str, str]:
    """The messages of a refused form for residents: per field, an empty name, e-mail, postcode
    or house number says what to fill in (with an example), a mistyped postcode or house number
    what to type instead; a field that is too long says so."""
    errors = field_errors(exc, fields)
    for key in [k for k in errors if k in EMPTY]:
        empty = not values.get(key, "").strip()
        if empty or "te lang" not in errors[key]:
            errors[key] = EMPTY[key] if empty else MISTYPED.get(key, errors[key])
    return errors


def _client(request: Request) -> str:
    return request.client.host if request.client else "onbekend"


def _page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """A public page; a form on it gets the pre-login session's CSRF token (guard.PreLogin)."""
    return rendering.page(request, f"public/{name}", _common(context), status_code=status_code)


def _common(context: dict[str, Any]) -> dict[str, Any]:
    return {"coordinator_email": get_settings().coordinator_email} | context


def _later(request: Request, exc: Throttled) -> Response:
    response = _page(
        request,
        "message.html",
        {"title": "Even geduld", "heading": "Even geduld", "message": LATER},
        status_code=429,
    )
    response.headers["retry-after"] = str(exc.retry_after)
    return response


def _link_problem(request: Request, exc: DomainError) -> Response:
    heading = "Link verlopen" if exc.code == "expired" else "Link ongeldig"
    return _page(
        request,
        "message.html",
        {"title": heading, "heading": heading, "message": exc.message, "failed": True},
        status_code=410 if exc.code == "expired" else 404,
    )


async def by_link(request: Request, command: Callable[..., T], *args: Any) -> T | Response:
    """Run the command behind a single-use link from a mail (confirm an application or a
    volunteer, answer an invitation; show the page first): too many tries from one address is
    429 with Retry-After, an unknown or expired link 404 or 410, each a Dutch page."""
    try:
        return await run_in_threadpool(command, *args)
    except Throttled as exc:
        return _later(request, exc)
    except NotFound as exc:
        return _link_problem(request, exc)


def _unknown(request: Request) -> Response:
    return _page(
        request,
        "message.html",
        {
            "title": "Niet gevonden",
            "heading": "Niet gevonden",
            "message": "Deze wijk- of dorpsraad kennen wij niet. Kies een raad uit de lijst.",
        },
        status_code=404,
    )


@router.get("/aanmelden")
def index(request: Request) -> Response:
    found = calls.open_calls()
    return _page(request, "index.html", {"title": "Aanmelden voor een wijk- of dorpsraad",
                                         "calls": found})  # fmt: skip


def _call_page(
    request: Request,
    call: calls.Call,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    settings = get_settings()
    errors = errors or {}
    return _page(
        request,
        "call.html",
        {
            "summary": [
                ("#aanmelden-fout" if key == "" else f"#veld-{key}", errors[key])
                for key in sorted(errors, key=lambda k: ORDER.index(k) if k in ORDER else 0)
            ],
            "title": f"{call.council_name} zoekt leden",
            "call": call,
            "competencies": calls.COMPETENCIES,
            "requirements": calls.REQUIREMENTS,
            "values": values or {},
            "errors": errors or {},
            "limits": FIELD_LIMITS,
            "unconfirmed_hours": settings.retention_unconfirmed_application_hours,
            "candidate_months": settings.retention_candidate_months,
            "member_years": settings.retention_member_years,
        },
        status_code=status_code,
    )


@router.get("/aanmelden/{slug}")
def call_page(request: Request, slug: str) -> Response:
    try:
        call = calls.call_for(slug)
    except NotFound:
        return _unknown(request)
    return _call_page(request, call)


def _typed(form: FormData) -> dict[str, str]:
    """What was typed, to show again (each field cut at its limit; never the trap)."""
    return {
        key: value[: FIELD_LIMITS[key]]
        for key, value in form.items()
        if key in FIELDS and isinstance(value, str)
    }


def _too_long(form: FormData) -> InvalidInput | None:
    problems = [
        f"{label(key)}: is te lang (ten hoogste {limit} tekens)."
        for key, limit in FIELD_LIMITS.items()
        for value in form.getlist(key)
        if not isinstance(value, str) or len(value) > limit
    ]
    return InvalidInput(problems) if problems else None


@router.post("/aanmelden/{slug}")
async def submit(request: Request, slug: str) -> Response:
    form = await request.form()
    try:
        call = await run_in_threadpool(calls.call_for, slug)
    except NotFound:
        return _unknown(request)
    values = _typed(form)

    def text(name: str) -> str:
        value = form.get(name)
        return value if isinstance(value, str) else ""

    try:
        problem = _too_long(form)
        if problem is not None:
            raise problem
        await run_in_threadpool(
            applications.apply,
            applications.Apply(
                area=slug,
                name=text("name"),
                email=text("email"),
                postcode=text("postcode"),
                house_number=text("house_number"),
                motivation=text("motivation") or None,
                politically_active=text("politically_active") == "ja",
                municipal_employee=text("municipal_employee") == "ja",
                client_address=_client(request),
                trap=text(TRAP),
            ),
        )
    except Throttled as exc:
        return _later(request, exc)
    except InvalidInput as exc:
        errors = resident_errors(exc, FIELDS, {k: text(k) for k in EMPTY})
        return _call_page(request, call, values, errors, status_code=400)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        return _call_page(request, call, values, {"": exc.message}, status_code=400)
    return RedirectResponse(f"/aanmelden/{call.slug}/verstuurd", status_code=303)


@router.get("/aanmelden/{slug}/verstuurd")
def sent(request: Request, slug: str) -> Response:
    try:
        call = calls.call_for(slug)
    except NotFound:
        return _unknown(request)
    context = {
        "title": "Controleer uw e-mail",
        "call": call,
        "confirm_before": now() + CONFIRMATION_VALID,
    }
    return _page(request, "sent.html", context)


@router.get("/aanmelden/bevestigen/{token}")
async def confirm_page(request: Request, token: str) -> Response:
    command = applications.Confirm(token=token, client_address=_client(request))
    pending = await by_link(request, applications.check, command)
    if isinstance(pending, Response):
        return pending
    return _page(
        request,
        "confirm.html",
        {"title": "Aanmelding bevestigen", "pending": pending, "token": token},
    )


@router.post("/aanmelden/bevestigen/{token}")
async def confirm(request: Request, token: str) -> Response:
    command = applications.Confirm(token=token, client_address=_client(request))
    done = await by_link(request, applications.confirm, command)
    if isinstance(done, Response):
        return done
    failed = done.outcome not in ("confirmed", "already")
    return _page(
        request,
        "confirmed.html",
        {"title": "Aanmelding", "done": done, "failed": failed},
        status_code=409 if failed else 200,
    )
