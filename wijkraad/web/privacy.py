"""The privacy page (`/privacy`): a person's data as a download (inzageverzoek), erasing a person
on request, and the purge of what is past its retention period, first as a dry run. Each form
calls the command `wijkraad privacy` calls, with the logged-in account as the actor."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from commands import privacy
from models.errors import DomainError
from wijkraad.web import rendering
from wijkraad.web.actions import field_errors

router = APIRouter()

PURGED = {
    "candidates": "aanmeldingen (motivatie, verklaringen, toetsing, gesprekken)",
    "procedures": "voordrachten en adviezen aan B&W",
    "persons": "personen (naam en adres vervangen door een pseudoniem)",
    "decisions": "namen van particuliere aanvragers",
    "deliveries": "bezorggegevens van mail",
    "mail_files": "mailbestanden",
    "other_files": "andere bestanden die een gewiste persoon noemen",
}
FIELDS = {"export": ("email",), "wissen": ("email", "reason"), "opschonen": ()}


def show(
    request: Request,
    *,
    form: str | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    purge: dict[str, Any] | None = None,
    notice: str | None = None,
    status_code: int = 200,
) -> Response:
    errors = errors or {}
    summary = [
        (f"#{form}-{key}" if key else f"#actie-{form}", message)
        for key, message in sorted(errors.items(), key=lambda kv: kv[0] != "")
    ]
    return rendering.page(
        request,
        "privacy.html",
        {
            "title": "Privacy",
            "form": form,
            "values": values or {},
            "errors": errors,
            "summary": summary,
            "purge": purge,
            "labels": PURGED,
            "notice": notice,
        },
        status_code=status_code,
    )


@router.get("/privacy")
def page(request: Request) -> Response:
    return show(request)


def _serialise(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


async def _refused(request: Request, form: str, values: dict[str, str], exc: DomainError):  # type: ignore[no-untyped-def]
    errors = field_errors(exc, set(FIELDS[form]))
    return await run_in_threadpool(
        lambda: show(request, form=form, values=values, errors=errors, status_code=400)
    )


@router.post("/privacy/export")
async def export(request: Request) -> Response:
    form = await request.form()
    email = str(form.get("email") or "")
    actor = str(request.state.user.email)
    try:
        result = await run_in_threadpool(
            privacy.export, privacy.ExportInput(email=email, actor=actor)
        )
    except DomainError as exc:
        return await _refused(request, "export", {"email": email}, exc)
    body = json.dumps(result.data, default=_serialise, ensure_ascii=False, indent=2)
    return Response(
        body.encode(),
        media_type="application/json",
        headers={
            "content-disposition": f'attachment; filename="persoon-{result.person_id}.json"',
            "cache-control": "no-store",
        },
    )


@router.post("/privacy/wissen")
async def erase(request: Request) -> Response:
    form = await request.form()
    values = {"email": str(form.get("email") or ""), "reason": str(form.get("reason") or "")}
    actor = str(request.state.user.email)
    try:
        done = await run_in_threadpool(
            privacy.erase, privacy.EraseInput(values["email"], values["reason"], actor=actor)
        )
    except DomainError as exc:
        return await _refused(request, "wissen", values, exc)
    notice = (
        f"Persoon {done.person_id} is gewist: {done.applications} aanmelding(en), "
        f"{done.texts} vermelding(en) in vrije tekst, {done.files} bestand(en)."
    )
    return await run_in_threadpool(lambda: show(request, notice=notice))


@router.post("/privacy/opschonen")
async def purge(request: Request) -> Response:
    form = await request.form()
    dry_run = form.get("proef") == "ja"
    actor = str(request.state.user.email)
    try:
        result = await run_in_threadpool(
            privacy.purge, privacy.PurgeInput(dry_run=dry_run, actor=actor)
        )
    except DomainError as exc:
        return await _refused(request, "opschonen", {}, exc)
    counts = result.as_dict()
    return await run_in_threadpool(lambda: show(request, purge=counts))
