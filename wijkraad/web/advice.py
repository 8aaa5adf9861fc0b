"""The councils' advice to B&W on the coördinator's page: the list, one advice, and the form
for B&W's answer (the same command as `wijkraad advice answer`). A lezer sees, changes nothing
(the gate refuses the POST)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from commands import advice as commands
from models.advice import OUTCOME_LABELS
from models.errors import DomainError, NotFound
from tasks.adapters.clock import today
from tasks.adapters.settings import get_settings
from tasks.queries import advice as views
from tasks.queries.reading import reading
from wijkraad.web import rendering
from wijkraad.web.actions import field_errors, refusal_status

router = APIRouter()

ANSWER_FIELDS = {"answered_on", "outcome", "answer_text", "reference"}
OUTCOMES = [(code.value, label) for code, label in OUTCOME_LABELS.items()]


@router.get("/adviezen")
def advice_list(request: Request, open: str | None = None) -> Response:
    open_only = open == "1"
    day = today()
    with reading() as session:
        rows = views.advice_list(
            session, day, open_only=open_only, soon=get_settings().advice_reminder_days
        )
    return rendering.page(
        request,
        "advice.html",
        {
            "title": "Adviezen aan B&W",
            "rows": rows,
            "open_only": open_only,
            "states": views.STATE_LABELS,
            "day": day,
        },
    )


def show_advice(
    request: Request,
    advice_id: int,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    day = today()
    with reading() as session:
        row = views.one(session, advice_id, day, get_settings().advice_reminder_days)
    errors = errors or {}
    return rendering.page(
        request,
        "advice_one.html",
        {
            "title": f"Advies {row.id}",
            "summary": _summary(errors) if row.answered_on is None else [],
            "a": row,
            "states": views.STATE_LABELS,
            "outcomes": OUTCOMES,
            "values": values or {"answered_on": day.isoformat()},
            "errors": errors,
            "done": request.query_params.get("gedaan") == "antwoord",
        },
        status_code=status_code,
    )


def _summary(errors: dict[str, str]) -> list[tuple[str, str]]:
    """The error summary on top of the page (base.html): each message linked to its field, in
    the form's order (the outcome's link goes to its first choice)."""
    order = ["", "answered_on", "outcome", "reference", "answer_text"]
    anchors = {"": "#antwoord", "outcome": f"#antwoord-outcome-{OUTCOMES[0][0]}"}
    keys = sorted(errors, key=lambda k: order.index(k) if k in order else len(order))
    return [(anchors.get(key, f"#antwoord-{key}"), errors[key]) for key in keys]


@router.get("/adviezen/{advice_id}")
def advice_page(request: Request, advice_id: int) -> Response:
    return show_advice(request, advice_id)


@router.post("/adviezen/{advice_id}/antwoord")
async def answer(request: Request, advice_id: int) -> Response:
    form = await request.form()
    values = {k: v for k, v in form.items() if k in ANSWER_FIELDS and isinstance(v, str)}
    command = commands.AnswerAdvice(
        advice_id,
        answered_on=values.get("answered_on", ""),
        outcome=values.get("outcome", ""),
        text=values.get("answer_text") or None,
        reference=values.get("reference") or None,
        actor=str(request.state.user.email),
    )
    try:
        await run_in_threadpool(commands.answer, command)
    except DomainError as exc:
        if isinstance(exc, NotFound) and exc.field == "advice":
            raise
        errors, status = field_errors(exc, ANSWER_FIELDS), refusal_status(exc)
        return await run_in_threadpool(
            lambda: show_advice(
                request, advice_id, values=values, errors=errors, status_code=status
            )
        )
    return RedirectResponse(f"/adviezen/{advice_id}?gedaan=antwoord", status_code=303)
