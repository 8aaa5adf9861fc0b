"""The public page of each council (Woo: open by default, no login): members by name and role,
the public meetings to come with a calendar feed, published minutes, decisions, the advice to
B&W with the answers, and the call for candidates when it is open. No e-mail address, postcode
or house number of anyone (tasks/queries/public_council.py). Cached briefly by browsers and
proxies: the page holds nothing personal and is the same for everyone."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from models.errors import NotFound
from tasks.adapters.clock import now, today
from tasks.adapters.settings import get_settings
from tasks.queries import panels as panel_views
from tasks.queries import public_council
from tasks.queries.reading import reading
from wijkraad.web import rendering, words

router = APIRouter()
CACHE = "public, max-age=60"  # a minute: fresh enough for a council's news, light under load


def _public(response: Response) -> Response:
    response.headers["cache-control"] = CACHE
    return response


def _unknown(request: Request) -> Response:
    return rendering.page(
        request,
        "public/message.html",
        {
            "title": "Niet gevonden",
            "heading": "Niet gevonden",
            "message": "Deze wijk- of dorpsraad kennen wij niet. Kies een raad uit de lijst.",
            "coordinator_email": get_settings().coordinator_email,
            "back": "/wijkraden",
        },
        status_code=404,
    )


@router.get("/wijkraden")
def councils(request: Request) -> Response:
    with reading() as session:
        areas = public_council.councils(session)
    return _public(
        rendering.page(
            request,
            "public/councils.html",
            {
                "title": "Wijk- en dorpsraden",
                "areas": areas,
                "coordinator_email": get_settings().coordinator_email,
            },
        )
    )


@router.get("/wijkraden/{slug}")
def council(request: Request, slug: str) -> Response:
    day = today()
    try:
        with reading() as session:
            view = public_council.page(session, slug, day)
            panel_record = panel_views.public_record(session, slug)
    except NotFound:
        return _unknown(request)
    return _public(
        rendering.page(
            request,
            "public/council.html",
            {
                "title": view.council_name,
                "c": view,
                "day": day,
                "roles": words.ROLE,
                "coordinator_email": get_settings().coordinator_email,
                "panel_record": panel_record,
            },
        )
    )


@router.get("/wijkraden/{slug}/vergaderingen.ics")
def meetings_feed(request: Request, slug: str) -> Response:
    try:
        with reading() as session:
            area, meetings = public_council.feed(session, slug, today())
            name = area.council_name
    except NotFound:
        return _unknown(request)
    body = public_council.calendar_feed(name, meetings, now())
    return _public(
        Response(
            body,
            media_type="text/calendar; charset=utf-8",
            headers={"content-disposition": f'inline; filename="vergaderingen-{slug}.ics"'},
        )
    )
