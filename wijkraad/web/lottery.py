"""The public pages of a burgerpanel by lot: registering in the pool (`/loting/{slug}`), the
confirmation from the mail, the drawn's answer to their invitation, and the published record of
the draw. The same limits, honeypot and CSRF as the application form (wijkraad/web/public.py);
the page never says whether an address registered before."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from commands import panels
from models.application import Throttled
from models.errors import DomainError, InvalidInput, NotFound
from tasks.adapters.settings import get_settings
from tasks.queries import panels as views
from tasks.queries.reading import reading
from wijkraad.web.public import TRAP, _client, _later, _page, by_link, resident_errors

router = APIRouter()

BASE_LIMITS = {"name": 200, "email": 320, "postcode": 16, "house_number": 16, "birth_year": 8}
FEATURE_LIMIT = 60


def _unknown(request: Request, message: str) -> Response:
    return _page(
        request,
        "message.html",
        {"title": "Niet gevonden", "heading": "Geen loting", "message": message},
        status_code=404,
    )


def _form_page(
    request: Request,
    form: views.Form,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    settings = get_settings()
    errors = errors or {}
    order = ["", *BASE_LIMITS, *form.features]
    with reading() as session:
        record = views.public_record(session, form.slug)
    return _page(
        request,
        "lottery.html",
        {
            # the error summary on top: each message linked to its field, in the form's order
            "summary": [
                (_anchor(key, form), errors[key])
                for key in sorted(errors, key=lambda k: order.index(k) if k in order else 0)
            ],
            "title": f"Burgerpanel {form.area_name}: doe mee aan de loting",
            "form": form,
            "record": record,
            "values": values or {},
            "errors": errors or {},
            "limits": BASE_LIMITS,
            "unconfirmed_hours": settings.retention_unconfirmed_application_hours,
            "candidate_months": settings.retention_candidate_months,
        },
        status_code=status_code,
    )


def _anchor(key: str, form: views.Form) -> str:
    """Where a message's link in the summary goes: the field (a feature's first choice)."""
    if key == "":
        return "#aanmelden-fout"
    return f"#veld-{key}-1" if key in form.features else f"#veld-{key}"


def _form(slug: str) -> views.Form:
    with reading() as session:
        return views.form_for(session, slug)


@router.get("/loting/{slug}")
def page(request: Request, slug: str) -> Response:
    try:
        form = _form(slug)
    except NotFound as exc:
        return _unknown(request, exc.message)
    return _form_page(request, form)


@router.post("/loting/{slug}")
async def submit(request: Request, slug: str) -> Response:
    data = await request.form()
    try:
        form = await run_in_threadpool(_form, slug)
    except NotFound as exc:
        return _unknown(request, exc.message)
    names = [*BASE_LIMITS, *form.features]
    fields = {name: value for name in names if isinstance(value := data.get(name, ""), str)}
    too_long = [
        f"{name}: is te lang."
        for name, value in fields.items()
        if len(value) > BASE_LIMITS.get(name, FEATURE_LIMIT)
    ]
    values = {k: v[: BASE_LIMITS.get(k, FEATURE_LIMIT)] for k, v in fields.items()}
    trap = data.get(TRAP, "")
    try:
        if too_long:
            raise InvalidInput(too_long)
        await run_in_threadpool(
            panels.volunteer,
            panels.Volunteer(
                area=slug,
                fields=fields,
                client_address=_client(request),
                trap=trap if isinstance(trap, str) else "x",
            ),
        )
    except Throttled as exc:
        return _later(request, exc)
    except InvalidInput as exc:
        errors = resident_errors(exc, set(names), fields)
        return _form_page(request, form, values, errors, status_code=400)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        key = exc.field if exc.field in names else ""
        return _form_page(request, form, values, {key or "": exc.message}, status_code=400)
    return RedirectResponse(f"/loting/{form.slug}/verstuurd", status_code=303)


@router.get("/loting/{slug}/verstuurd")
def sent(request: Request, slug: str) -> Response:
    try:
        form = _form(slug)
    except NotFound as exc:
        return _unknown(request, exc.message)
    return _page(
        request,
        "message.html",
        {
            "title": "Controleer uw e-mail",
            "heading": "Controleer uw e-mail",
            "message": f"Wij hebben u een e-mail gestuurd met een link. Bevestig daarmee uw "
            f"aanmelding voor de loting van het burgerpanel in {form.area_name}; de link is 72 "
            "uur geldig.",
        },
    )


@router.get("/loting/bevestigen/{token}")
async def confirm_page(request: Request, token: str) -> Response:
    pending = await by_link(request, panels.check, token, _client(request))
    if isinstance(pending, Response):
        return pending
    return _page(
        request,
        "lottery_confirm.html",
        {"title": "Aanmelding voor de loting bevestigen", "pending": pending, "token": token},
    )


@router.post("/loting/bevestigen/{token}")
async def confirm(request: Request, token: str) -> Response:
    done = await by_link(request, panels.confirm, token, _client(request))
    if isinstance(done, Response):
        return done
    messages: dict[str, tuple[str, str]] = {
        "confirmed": (
            "Uw aanmelding is bevestigd",
            f"Dank u wel! U doet mee aan de loting van het burgerpanel in {done.area_name}. "
            "Wordt u geloot, dan krijgt u een uitnodiging per e-mail.",
        ),
        "already": ("Al bevestigd", "Deze aanmelding was al bevestigd. Er is niets veranderd."),
        "closed": ("Aanmelding gesloten", "De aanmelding voor deze loting is gesloten."),
        "refused": ("Al aangemeld", "Wij kunnen deze aanmelding niet verwerken."),
    }
    heading, message = messages[done.outcome]
    status = 200 if done.outcome in ("confirmed", "already") else 409
    return _page(
        request,
        "message.html",
        {"title": heading, "heading": heading, "message": message},
        status_code=status,
    )


@router.get("/loting/antwoord/{token}")
async def reply_page(request: Request, token: str) -> Response:
    pending = await by_link(request, panels.reply_check, token, _client(request))
    if isinstance(pending, Response):
        return pending
    return _page(
        request,
        "lottery_reply.html",
        {"title": "Uw antwoord op de uitnodiging", "pending": pending, "token": token},
    )


@router.post("/loting/antwoord/{token}")
async def reply(request: Request, token: str) -> Response:
    data = await request.form()
    accept = data.get("antwoord") == "ja"
    done = await by_link(request, panels.answer, token, accept, _client(request))
    if isinstance(done, Response):
        return done
    messages: dict[str, tuple[str, str]] = {
        "accepted": (
            "Welkom in het burgerpanel",
            f"Dank u wel! U zit in het burgerpanel van {done.area_name}. De wijkcoördinator "
            "nodigt u uit voor de eerste bijeenkomst.",
        ),
        "declined": (
            "Jammer dat u niet meedoet",
            "Dank u wel voor uw antwoord. Wij loten iemand anders; uw gegevens wissen wij na "
            "de evaluatie van het experiment.",
        ),
        "already": ("Al beantwoord", "U heeft deze uitnodiging al beantwoord."),
        "late": (
            "Antwoordtermijn verstreken",
            "De termijn om te antwoorden is verstreken; wij hebben iemand anders geloot.",
        ),
    }
    heading, message = messages[done.outcome]
    return _page(
        request,
        "message.html",
        {"title": heading, "heading": heading, "message": message},
        status_code=200 if done.outcome in ("accepted", "declined", "already") else 409,
    )


def record_context(slug: str) -> dict[str, Any] | None:
    with reading() as session:
        return views.public_record(session, slug)
