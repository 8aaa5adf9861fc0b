"""The coördinator's mail pages: the outbox filtered by council, procedure, status and kind of
recipient, a page at a time; one message with its headers, text and attachments (downloads);
and a message that failed for good queued again (the command `wijkraad mail retry` calls)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from commands import mail as mail_commands
from models.errors import DomainError, NotFound
from tasks.adapters.clock import today
from tasks.queries import outbox as outbox_views
from tasks.queries import overview
from tasks.queries.reading import reading
from wijkraad.web import rendering
from wijkraad.web.actions import explain

router = APIRouter()

RECIPIENTS = {
    "coordinator": "wijkcoördinator",
    "kandidaat": "kandidaten",
    "commissielid": "commissieleden",
    "lid": "leden van de raad",
}


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@router.get("/mail")
def mail(request: Request) -> Response:
    query = request.query_params
    status = query.get("status") or ""
    area = query.get("raad") or ""
    recipient = query.get("ontvanger") or ""
    procedure = _number(query.get("procedure"))
    with reading() as session:
        areas = overview.areas(session, today())
        slugs = {a["slug"] for a in areas}
        found = outbox_views.page_of_messages(
            session,
            state=outbox_views.status(status) if status in outbox_views.STATUSES else None,
            area=area if area in slugs else None,
            procedure_id=procedure,
            recipient=recipient if recipient in RECIPIENTS else None,
            page=_number(query.get("pagina")) or 1,
        )
        failures = outbox_views.permanent_failures(session, limit=100)
    filters = {
        k: v
        for k, v in (
            ("raad", area),
            ("procedure", str(procedure) if procedure else ""),
            ("status", status),
            ("ontvanger", recipient),
        )
        if v
    }
    return rendering.page(
        request,
        "mail.html",
        {
            "title": "Post",
            "found": found,
            "rows": found["rows"],
            "failures": failures,
            "areas": areas,
            "recipients": RECIPIENTS,
            "status": status,
            "area": area,
            "procedure": procedure,
            "recipient": recipient,
            "filters": filters,
            "query": lambda page: urlencode(filters | {"pagina": page}),
        },
    )


@router.get("/mail/{message_id}")
def message(request: Request, message_id: int) -> Response:
    return show_message(request, message_id)


def show_message(
    request: Request, message_id: int, *, error: str | None = None, status_code: int = 200
) -> Response:
    with reading() as session:
        view = outbox_views.rendered(session, message_id)
        files = outbox_views.attachments(session, message_id)
    done = request.query_params.get("gedaan") == "opnieuw"
    return rendering.page(
        request,
        "mail_one.html",
        {
            "title": f"Bericht {message_id}",
            "m": view,
            "files": [(n, name, kind, len(data)) for n, (name, kind, data) in enumerate(files, 1)],
            "notice": "Het bericht staat opnieuw klaar om te versturen." if done else None,
            "error": error,
            "summary": [("#opnieuw", error)] if error else [],
        },
        status_code=status_code,
    )


def _download(data: bytes, name: str, content_type: str) -> Response:
    safe = "".join(c for c in name if c.isalnum() or c in "._-") or "bijlage"
    return Response(
        data,
        media_type=content_type,
        headers={"content-disposition": f'attachment; filename="{safe}"'},
    )


@router.get("/mail/{message_id}/bijlage/{number}")
def attachment(message_id: int, number: int) -> Response:
    with reading() as session:
        files = outbox_views.attachments(session, message_id)
    if not 1 <= number <= len(files):
        raise NotFound(f"bericht {message_id} heeft geen bijlage {number}.")
    name, kind, data = files[number - 1]
    return _download(data, name, kind)


@router.get("/mail/{message_id}/html")
def html_part(message_id: int) -> Response:
    """The HTML part as a file: shown in the page it would run under the page's rules."""
    with reading() as session:
        view = outbox_views.rendered(session, message_id)
    return _download(view["html"].encode(), f"bericht-{message_id}.html", "text/html")


@router.post("/mail/{message_id}/opnieuw")
async def send_again(request: Request, message_id: int) -> Response:
    actor = str(request.state.user.email)
    try:
        await run_in_threadpool(
            mail_commands.send_again, mail_commands.SendAgain(message_id, actor=actor)
        )
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        text = explain(exc)
        text = text[:1].upper() + text[1:]
        return await run_in_threadpool(
            lambda: show_message(request, message_id, error=text, status_code=400)
        )
    return RedirectResponse(f"/mail/{message_id}?gedaan=opnieuw", status_code=303)
