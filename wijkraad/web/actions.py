"""The actions of the coördinator's page: each form calls one command of commands/, with
the logged-in account as the actor. Bad input: the page again, with what was typed and the Dutch
message next to the field it concerns (the command's `field`), status 400, nothing written.
An action already taken (another door or a second click was first) answers 409 the same way."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from commands import (
    candidates,
    committee,
    decision,
    followup,
    nomination,
    onboarding,
    opening,
    pausing,
    recruitment,
    screening,
)
from models.enums import FollowUp
from models.errors import AlreadyDone, DomainError, InvalidInput, NotFound
from models.fields import label
from tasks.adapters.clock import today
from tasks.queries import opening_check, procedure_page
from tasks.queries.reading import reading
from wijkraad.web import pages, rendering
from wijkraad.web.forms import field_names
from wijkraad.web.security import UPLOAD_FILE
from wijkraad.web.words import HINTS, plain

router = APIRouter()
Handler = Callable[[int, FormData, str], object]
MAX_UPLOAD = UPLOAD_FILE


def explain(exc: DomainError) -> str:
    """The message in the page's words: the hint (what to do next) as the page says it."""
    hint = HINTS.get(exc.hint or "")
    message = exc.message
    return f"{message.rstrip('.')} ({hint})." if hint else message


def field_errors(exc: DomainError, names: set[str]) -> dict[str, str]:
    """Each message next to the field it concerns ("" for the top of the form). A list of
    problems (all fields checked at once) names each problem's field by its Dutch label."""
    if exc.field:
        return {exc.field if exc.field in names else "": plain(exc.field, explain(exc))}
    problems = exc.problems if isinstance(exc, InvalidInput) else []
    if len(problems) < 2 and not any(p.partition(": ")[0] in _labels(names) for p in problems):
        return {"": explain(exc)}
    found: dict[str, str] = {}
    for problem in problems:
        prefix, sep, rest = problem.partition(": ")
        where = _labels(names).get(prefix, "") if sep else ""
        text = plain(where, rest) if where else problem
        found[where] = " ".join(filter(None, [found.get(where), text]))
    return found


def refusal_status(exc: DomainError) -> int:
    """409 Conflict for what was already done, 400 for input or a rule."""
    return 409 if isinstance(exc, AlreadyDone) else 400


def _labels(names: set[str]) -> dict[str, str]:
    return {label(name): name for name in sorted(names)}


def command(cls: type[Any], **values: Any) -> Any:
    """The command's input from the form's values; `actor` only where the input has one."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in values.items() if k in names})


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _optional(form: FormData, name: str) -> str | None:
    return _text(form, name).strip() or None


def _int(form: FormData, name: str, what: str) -> int:
    try:
        return int(_text(form, name))
    except ValueError:
        raise InvalidInput(f"kies een {what}.", field=name) from None


def _ints(form: FormData, name: str) -> list[int]:
    try:
        return [int(v) for v in form.getlist(name) if isinstance(v, str) and v]
    except ValueError:
        raise InvalidInput("onbekende keuze.", field=name) from None


def _checked(form: FormData, name: str) -> bool:
    return _text(form, name) == "ja"


# -- the handlers, one per form -------------------------------------------------------------


def _committee_member(pid: int, form: FormData, actor: str) -> object:
    return committee.add_member(
        command(
            committee.AddCommitteeMember,
            procedure_id=pid,
            name=_text(form, "name"),
            email=_text(form, "email"),
            postcode=_optional(form, "postcode"),
            house_number=_optional(form, "house_number"),
            appointed_by=_ints(form, "appointed_by"),
            actor=actor,
        )
    )


def _send_link(pid: int, form: FormData, actor: str) -> object:
    return committee.send_link(
        command(
            committee.SendLink,
            procedure_id=pid,
            member_id=_int(form, "member_id", "commissielid"),
            actor=actor,
        )
    )


def _confirm(pid: int, form: FormData, actor: str) -> object:
    return committee.confirm(command(committee.ConfirmCommittee, procedure_id=pid, actor=actor))


def _candidate(pid: int, form: FormData, actor: str) -> object:
    return candidates.add(
        command(
            candidates.AddCandidate,
            procedure_id=pid,
            name=_text(form, "name"),
            email=_text(form, "email"),
            postcode=_text(form, "postcode"),
            house_number=_text(form, "house_number"),
            motivation=_optional(form, "motivation"),
            politically_active=_checked(form, "politically_active"),
            municipal_employee=_checked(form, "municipal_employee"),
            actor=actor,
        )
    )


async def read_upload(form: FormData) -> bytes:
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInput("kies een CSV-bestand.", field="file")
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInput("het bestand is groter dan 2 MB.", field="file")
    return data


def _import(pid: int, form: FormData, actor: str) -> object:
    data = form.get("_upload_bytes")
    with tempfile.TemporaryDirectory(prefix="wijkraad-upload-") as folder:
        path = Path(folder) / "aanmeldingen.csv"
        path.write_bytes(data if isinstance(data, bytes) else b"")
        return candidates.import_file(
            command(candidates.ImportCandidates, procedure_id=pid, path=path, actor=actor)
        )


def _screen(pid: int, form: FormData, actor: str) -> object:
    return screening.screen(
        command(
            screening.Screen,
            procedure_id=pid,
            close_early=_checked(form, "close_early"),
            actor=actor,
        )
    )


def _rescreen(pid: int, form: FormData, actor: str) -> object:
    return screening.screen(command(screening.Screen, procedure_id=pid, actor=actor))


def _resolve(pid: int, form: FormData, actor: str) -> object:
    verdict = _text(form, "eligible")
    candidate_id = _int(form, "candidate_id", "kandidaat")
    if verdict not in ("ja", "nee"):
        raise InvalidInput("kies 'voldoet' of 'voldoet niet'.", field="eligible")
    return screening.resolve(
        command(
            screening.ResolveCheck,
            procedure_id=pid,
            candidate_id=candidate_id,
            eligible=verdict == "ja",
            reason=_text(form, "reason"),
            actor=actor,
        )
    )


def _overturn(pid: int, form: FormData, actor: str) -> object:
    verdict = _text(form, "passed")
    candidate_id = _int(form, "candidate_id", "kandidaat")
    if verdict not in ("ja", "nee"):
        raise InvalidInput("kies 'voldoet' of 'voldoet niet'.", field="passed")
    return screening.overturn(
        command(
            screening.OverturnFinding,
            procedure_id=pid,
            candidate_id=candidate_id,
            rule=_text(form, "rule"),
            passed=verdict == "ja",
            reason=_text(form, "reason"),
            by=_optional(form, "by"),
            actor=actor,
        )
    )


def _interview(pid: int, form: FormData, actor: str) -> object:
    scores = [
        f"{key.removeprefix('score_')}={value}"
        for key, value in form.multi_items()
        if key.startswith("score_") and isinstance(value, str) and value
    ]
    return nomination.interview(
        command(
            nomination.RecordInterview,
            procedure_id=pid,
            candidate_id=_int(form, "candidate_id", "kandidaat"),
            note=_optional(form, "note"),
            scores=scores,
            actor=actor,
        )
    )


def _nominate(pid: int, form: FormData, actor: str) -> object:
    chosen = _ints(form, "candidate_ids")
    if not chosen:
        raise InvalidInput("kies ten minste één kandidaat.", field="candidate_ids")
    return nomination.nominate(
        command(
            nomination.Nominate,
            procedure_id=pid,
            candidate_ids=chosen,
            motivation=_optional(form, "motivation"),
            actor=actor,
        )
    )


def _decide(pid: int, form: FormData, actor: str) -> object:
    chosen = _ints(form, "candidate_ids")
    if not chosen:
        raise InvalidInput("kies ten minste één benoemde kandidaat.", field="candidate_ids")
    return decision.decide(
        command(
            decision.Decide,
            procedure_id=pid,
            candidate_ids=chosen,
            number=_text(form, "number"),
            decided_on=_text(form, "decided_on"),
            reason=_optional(form, "reason"),
            actor=actor,
        )
    )


def _tasks_done(pid: int, form: FormData, actor: str) -> object:
    chosen = _ints(form, "task_ids")
    if not chosen:
        raise InvalidInput("vink ten minste één taak aan die klaar is.", field="task_ids")
    first, *more = chosen
    return onboarding.done(
        command(
            onboarding.CompleteTask,
            task_id=first,
            more=tuple(more),
            procedure_id=pid,
            actor=actor,
        )
    )


def _followup(pid: int, form: FormData, actor: str) -> object:
    with reading() as session:
        step = procedure_page.pending_step(session, pid)
    if step is None:
        return None  # nothing pending (any more): the page shows where it stands
    return followup.run(pid, FollowUp(step))


def _extend(pid: int, form: FormData, actor: str) -> object:
    return recruitment.extend(
        command(
            recruitment.ExtendRecruitment,
            procedure_id=pid,
            until=_text(form, "until"),
            reason=_text(form, "reason"),
            actor=actor,
        )
    )


def _suspend(pid: int, form: FormData, actor: str) -> object:
    return pausing.suspend(
        command(pausing.Suspend, procedure_id=pid, reason=_text(form, "reason"), actor=actor)
    )


def _resume(pid: int, form: FormData, actor: str) -> object:
    return pausing.resume(command(pausing.Resume, procedure_id=pid, actor=actor))


def _cancel(pid: int, form: FormData, actor: str) -> object:
    return pausing.cancel(
        command(pausing.Cancel, procedure_id=pid, reason=_text(form, "reason"), actor=actor)
    )


HANDLERS: dict[str, Handler] = {
    "commissielid": _committee_member,
    "commissie-bevestigen": _confirm,
    "commissielink": _send_link,
    "kandidaat": _candidate,
    "kandidaten-inlezen": _import,
    "toetsen": _screen,
    "termijn-verlengen": _extend,
    "opnieuw-toetsen": _rescreen,
    "beoordelen": _resolve,
    "herzien": _overturn,
    "gesprek": _interview,
    "voordracht": _nominate,
    "besluit": _decide,
    "inwerktaak": _tasks_done,
    "vervolgstap": _followup,
    "opschorten": _suspend,
    "hervatten": _resume,
    "annuleren": _cancel,
}


def _typed(form: FormData) -> dict[str, object]:
    """What was typed, to fill the form in again (never a password or a file)."""
    values: dict[str, Any] = {}
    for key, value in form.multi_items():
        if key == "csrf_token" or not isinstance(value, str):
            continue
        if key in ("appointed_by", "candidate_ids", "task_ids"):
            values.setdefault(key, []).append(value)
        else:
            values[key] = value
    return values


def _actor(request: Request) -> str:
    return str(request.state.user.email)


@router.post("/procedures/{procedure_id}/{action}")
async def act(request: Request, procedure_id: int, action: str) -> Response:
    if action not in HANDLERS:
        raise NotFound(f"actie '{action}' bestaat niet.")
    handler = HANDLERS[action]
    form = await request.form()
    if action == "annuleren":
        return await _cancel_checked(request, procedure_id, form)
    try:
        if action == "kandidaten-inlezen":
            data = await read_upload(form)
            form = FormData([*form.multi_items(), ("_upload_bytes", data)])  # type: ignore[list-item]
        result = await run_in_threadpool(handler, procedure_id, form, _actor(request))
    except DomainError as exc:
        if isinstance(exc, NotFound) and exc.field is None:
            raise  # an unknown procedure: the 404 page
        errors, status = field_errors(exc, field_names(action)), refusal_status(exc)
        return await run_in_threadpool(
            lambda: pages.show_procedure(
                request,
                procedure_id,
                form=action,
                values=_typed(form),
                errors=errors,
                status_code=status,
            )
        )
    done = f"{action}-al" if getattr(result, "already", False) else action
    anchor = "#commissie" if action == "commissielink" else ""
    return RedirectResponse(f"/procedures/{procedure_id}?gedaan={done}{anchor}", status_code=303)


def _start(area: str, kind: str, actor: str) -> int:
    if not area:
        raise InvalidInput("kies een gebied.", field="area")
    if kind == "renewal":
        opened = opening.renew(command(opening.Renew, area=area, actor=actor))
        return opened[0].procedure_id
    if kind == "vacancy":
        return opening.open_vacancy(
            command(opening.OpenVacancy, area=area, actor=actor)
        ).procedure_id
    raise InvalidInput("kies vernieuwing of tussentijdse procedure.", field="kind")


def _show_cancel(
    request: Request,
    procedure_id: int,
    reason: str = "",
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    with reading() as session:
        view = procedure_page.page(session, procedure_id)
    errors = errors or {}
    return rendering.page(
        request,
        "procedure_cancel.html",
        {
            "title": f"Controleer: procedure {procedure_id} annuleren",
            "p": view,
            "reason": reason,
            "errors": errors,
            "summary": [
                ("#annuleren-reason" if k == "reason" else "#actie-annuleren", m)
                for k, m in errors.items()
            ],
        },
        status_code=status_code,
    )


async def _cancel_checked(request: Request, procedure_id: int, form: FormData) -> Response:
    """Cancelling asks first, on a page of its own: what is cancelled, and the reason."""
    reason = _text(form, "reason")
    if _text(form, "bevestigd") != "1":
        return await run_in_threadpool(lambda: _show_cancel(request, procedure_id, reason))
    try:
        await run_in_threadpool(_cancel, procedure_id, form, _actor(request))
    except DomainError as exc:
        if isinstance(exc, NotFound) and exc.field is None:
            raise
        errors, status = field_errors(exc, {"reason"}), refusal_status(exc)
        return await run_in_threadpool(
            lambda: _show_cancel(request, procedure_id, reason, errors, status)
        )
    return RedirectResponse(f"/procedures/{procedure_id}?gedaan=annuleren", status_code=303)


def _check(area: str, kind: str) -> opening_check.OpeningCheck:
    with reading() as session:
        return opening_check.check(session, area, kind, today())


@router.post("/procedures")
async def start(request: Request) -> Response:
    """Open a renewal or a vacancy procedure for an area (the overview's form). Without
    `bevestigd=1` nothing is opened: the check page says what would happen and asks again."""
    form = await request.form()
    area, kind = _text(form, "area"), _text(form, "kind")
    try:
        if _text(form, "bevestigd") != "1":
            found = await run_in_threadpool(_check, area, kind)
            return rendering.page(
                request,
                "procedure_start.html",
                {"title": f"Controleer: procedure starten voor {found.council}", "c": found},
            )
        procedure_id = await run_in_threadpool(_start, area, kind, _actor(request))
    except DomainError as exc:
        errors, status = field_errors(exc, {"area", "kind"}), refusal_status(exc)
        return await run_in_threadpool(
            lambda: pages.show_overview(
                request,
                values={"area": area, "kind": kind},
                errors=errors,
                status_code=status,
            )
        )
    return RedirectResponse(f"/procedures/{procedure_id}?gedaan=geopend", status_code=303)
