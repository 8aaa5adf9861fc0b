"""The committee member's page, /commissie/{token}: no login, the signed link is the key. It
shows the eligible candidates and records a gesprek (date, note, a score of 1-5 per competency
of the profile) per candidate: one per member, a second submission changes it, and a form sent
twice (its one-time key used) takes effect once; several members each record their own. Bad
input: the
command's Dutch message next to the field of that candidate's form, what was typed kept."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from commands import committee_page
from models import validation
from models.application import Throttled
from models.calendar import parse_time
from models.errors import DomainError, InvalidInput, NotFound
from wijkraad.web.actions import field_errors
from wijkraad.web.public import _client, _later, _link_problem, _page
from wijkraad.web.security import new_token

router = APIRouter()
NOTE_LIMIT = 5000


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _show(
    request: Request,
    page: committee_page.CommitteePage,
    token: str,
    *,
    form_of: int | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    saved: int | None = None,
    planned: int | None = None,
    status_code: int = 200,
) -> Response:
    return _page(
        request,
        "committee.html",
        {
            "summary": _summary(page, form_of, values or {}, errors or {}),
            "title": f"Gesprekken voor de {page.council_name}",
            "p": page,
            "token": token,
            "form_of": form_of,
            "values": values or {},
            "errors": errors or {},
            "saved": saved,
            "planned": planned,
            "new_key": new_token,  # each form its one-time key
        },
        status_code=status_code,
    )


def _summary(
    page: committee_page.CommitteePage,
    form_of: int | None,
    values: dict[str, str],
    errors: dict[str, str],
) -> list[tuple[str, str]]:
    """The error summary at the top: each message with a link to its field in the form of that
    candidate (the message of no field: the form's own)."""
    if form_of is None:
        return [("#commissie-fout", message) for message in errors.values()]
    first = next(iter(page.competencies), "")
    planning = "plan_day" in values

    def anchor(key: str) -> str:
        if key == "scores":
            return f"#k{form_of}-score-{first}"
        if key in ("", "candidate"):
            return f"#k{form_of}-plan-fout" if planning else f"#k{form_of}-{key or 'gesprek'}-fout"
        return f"#k{form_of}-{key}"

    return [(anchor(key), message) for key, message in errors.items()]


@router.get("/commissie/{token}")
async def show(
    request: Request, token: str, opgeslagen: int | None = None, gepland: int | None = None
) -> Response:
    command = committee_page.OpenPage(token=token, client_address=_client(request))
    try:
        page = await run_in_threadpool(committee_page.open_page, command)
    except Throttled as exc:
        return _later(request, exc)
    except NotFound as exc:
        return _link_problem(request, exc)
    return _show(request, page, token, saved=opgeslagen, planned=gepland)


def _parse(token: str, form: FormData, client: str) -> committee_page.RecordByMember:
    note = _text(form, "note")
    if len(note) > NOTE_LIMIT:
        raise InvalidInput(f"is langer dan {NOTE_LIMIT} tekens.", field="note")
    held_on = _text(form, "held_on").strip()
    try:
        candidate_id = int(_text(form, "candidate_id"))
    except ValueError:
        raise InvalidInput("onbekende kandidaat.", field="candidate") from None
    scores = [
        f"{key[len('score_') :]}={value}"
        for key, value in form.multi_items()
        if key.startswith("score_") and isinstance(value, str) and value.strip()
    ]
    return committee_page.RecordByMember(
        token=token,
        candidate_id=candidate_id,
        held_on=validation.day(held_on, "held_on") if held_on else None,
        note=note or None,
        scores=scores,
        client_address=client,
        form_key=_text(form, "form_key")[:100] or None,
    )


async def _refused(
    request: Request,
    token: str,
    client: str,
    exc: DomainError,
    values: dict[str, Any],
    names: set[str],
) -> Response:
    """The page again with the command's message next to the field of that candidate's form."""
    if isinstance(exc, NotFound) and exc.field is None:
        return _link_problem(request, exc)
    try:
        page = await run_in_threadpool(
            committee_page.open_page,
            committee_page.OpenPage(token=token, client_address=client),
        )
    except Throttled as later:
        return _later(request, later)
    except NotFound as gone:
        return _link_problem(request, gone)
    errors = field_errors(exc, names | {f"score_{k}" for k in page.competencies})
    if "" in errors and "score" in errors[""]:
        errors["scores"] = errors.pop("")
    form_of = int(values["candidate_id"]) if values.get("candidate_id", "").isdigit() else None
    if form_of not in {c.id for c in page.candidates}:  # no form of its own: on top
        errors, form_of = {"top": " ".join(errors.values())}, None
    return _show(
        request, page, token, form_of=form_of, values=values, errors=errors, status_code=400
    )


@router.post("/commissie/{token}/gesprek")
async def record(request: Request, token: str) -> Response:
    form = await request.form()
    client = _client(request)
    values: dict[str, Any] = {
        k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"
    }
    try:
        command = _parse(token, form, client)
        done = await run_in_threadpool(committee_page.record, command)
    except Throttled as exc:
        return _later(request, exc)
    except DomainError as exc:
        return await _refused(request, token, client, exc, values, {"held_on", "note", "candidate"})
    return RedirectResponse(
        f"/commissie/{token}?opgeslagen={done.candidate_id}#kandidaat-{done.candidate_id}",
        status_code=303,
    )


def _parse_plan(token: str, form: FormData, client: str) -> committee_page.PlanByMember:
    try:
        candidate_id = int(_text(form, "candidate_id"))
    except ValueError:
        raise InvalidInput("onbekende kandidaat.", field="candidate") from None
    day = _text(form, "plan_day").strip()
    start = _text(form, "plan_time").strip()
    place = _text(form, "plan_location").strip()
    if not day:
        raise InvalidInput("vul de datum van het gesprek in.", field="plan_day")
    if not start:
        raise InvalidInput("vul de tijd van het gesprek in (UU:MM).", field="plan_time")
    if not place:
        raise InvalidInput(
            "vul de plaats van het gesprek in (een adres, of 'telefonisch').",
            field="plan_location",
        )
    return committee_page.PlanByMember(
        token=token,
        candidate_id=candidate_id,
        day=validation.day(day, "plan_day"),
        start=parse_time(start, "plan_time"),
        location=place,
        client_address=client,
    )


@router.post("/commissie/{token}/plannen")
async def plan(request: Request, token: str) -> Response:
    """Plan (or move) a gesprek: the candidate and the member get an invitation with an .ics."""
    form = await request.form()
    client = _client(request)
    values: dict[str, Any] = {
        k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"
    }
    try:
        done = await run_in_threadpool(committee_page.plan, _parse_plan(token, form, client))
    except Throttled as exc:
        return _later(request, exc)
    except DomainError as exc:
        return await _refused(
            request,
            token,
            client,
            exc,
            values,
            {"plan_day", "plan_time", "plan_location", "candidate"},
        )
    return RedirectResponse(
        f"/commissie/{token}?gepland={done.candidate_id}#kandidaat-{done.candidate_id}",
        status_code=303,
    )
