"""The council page (`/raden/{slug}`): one area's council with its members, procedures,
experiments, meetings and decisions, and the forms that change them. Each form calls the command
the CLI calls, with the logged-in account as the actor; a refused form comes back with what was
typed and the messages next to their fields (status 400), nothing written."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from commands import experiments, meetings, members, roles
from models import validation
from models.calendar import parse_time
from models.errors import DomainError, InvalidInput, NotFound
from tasks.adapters.clock import today
from tasks.adapters.csvfile import rows_of_text
from tasks.queries import council_page
from tasks.queries.reading import reading
from wijkraad.web import rendering
from wijkraad.web.actions import command, field_errors, read_upload, refusal_status
from wijkraad.web.council_forms import (
    DECISION_FORMS,
    EXPERIMENT_FORMS,
    MEETING_FORMS,
    MEMBER_FORMS,
    field_names,
    offered,
)
from wijkraad.web.forms import summary_of
from wijkraad.web.words import COUNCIL_DONE

router = APIRouter()
Handler = Callable[[str, FormData, str], object]


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _optional(form: FormData, name: str) -> str | None:
    return _text(form, name).strip() or None


def _id(form: FormData, name: str, what: str) -> int:
    try:
        return int(_text(form, name))
    except ValueError:
        raise InvalidInput(f"kies {what}.", field=name) from None


def _day(form: FormData, name: str, *, required: bool = False) -> Any:
    value = _optional(form, name)
    if value is None:
        if required:
            raise InvalidInput("vul een datum in.", field=name)
        return None
    return validation.day(value, name)


def _time(form: FormData, name: str) -> Any:
    value = _optional(form, name)
    return parse_time(value, name) if value else None


# -- the handlers, one per form -------------------------------------------------------------


def _add_member(slug: str, form: FormData, actor: str) -> object:
    return members.add(
        command(
            members.AddMember,
            area=slug,
            name=_text(form, "name"),
            email=_text(form, "email"),
            postcode=_text(form, "postcode"),
            house_number=_text(form, "house_number"),
            role=_text(form, "role") or "lid",
            since=_optional(form, "since"),
            residence_confirmed_by=_optional(form, "residence_confirmed_by"),
            actor=actor,
        )
    )


def _role(slug: str, form: FormData, actor: str) -> object:
    return roles.set_role(
        command(
            roles.SetRole,
            membership_id=_id(form, "member", "een lid"),
            role=_text(form, "role"),
            on=_optional(form, "date"),
            actor=actor,
        )
    )


def _move(slug: str, form: FormData, actor: str) -> object:
    return members.move(
        command(
            members.Move,
            membership_id=_id(form, "member", "een lid"),
            postcode=_text(form, "postcode"),
            house_number=_text(form, "house_number"),
            on=_optional(form, "date"),
            residence_confirmed_by=_optional(form, "confirmed_by"),
            actor=actor,
        )
    )


def _leave(slug: str, form: FormData, actor: str) -> object:
    member = _id(form, "member", "een lid")
    return members.leave(
        command(
            members.Leave,
            membership_id=member,
            reason=_text(form, "reason"),
            on=_day(form, "date"),
            actor=actor,
        )
    )


def _start_experiment(slug: str, form: FormData, actor: str) -> object:
    return experiments.start(
        command(
            experiments.Start,
            area=slug,
            form=_text(form, "form"),
            decided_with_college_on=_text(form, "decided_with_college_on"),
            reason=_text(form, "reason"),
            evaluate_on=_optional(form, "evaluate_on"),
            description=_optional(form, "description"),
            actor=actor,
            panel=_panel(form),
        )
    )


def _panel(form: FormData) -> experiments.RawPanel | None:
    """The panel by lot's fields, when any is filled in."""
    size, until, quotas = (_optional(form, k) for k in ("size", "until", "quotas"))
    if not (size or until or quotas):
        return None
    if size and not size.strip().isdigit():
        raise InvalidInput("geef het aantal leden als een getal.", field="size")
    rows = rows_of_text(quotas, "quota", ("feature", "value", "min", "max")) if quotas else None
    return experiments.RawPanel(int(size) if size else None, until, rows)


def _dismiss(slug: str, form: FormData, actor: str) -> object:
    return experiments.dismiss(
        command(
            experiments.Dismiss,
            experiment_id=_id(form, "experiment", "een voorstel"),
            reason=_text(form, "reason"),
            actor=actor,
        )
    )


def _evaluate(slug: str, form: FormData, actor: str) -> object:
    experiment = _id(form, "experiment", "een experiment")
    decision = _text(form, "decision")
    if decision not in (
        experiments.Decision.CONTINUE,
        experiments.Decision.STOP,
        experiments.Decision.START_PROCEDURE,
    ):
        raise InvalidInput("kies wat er met het experiment gebeurt.", field="decision")
    return experiments.evaluate(
        command(
            experiments.Evaluate,
            experiment_id=experiment,
            outcome=_text(form, "outcome"),
            decision=decision,
            evaluate_on=_day(form, "evaluate_on"),
            actor=actor,
        )
    )


def _plan(slug: str, form: FormData, actor: str) -> object:
    return meetings.add(
        command(
            meetings.AddMeeting,
            area=slug,
            day=_day(form, "date", required=True),
            public=_text(form, "closed") != "ja",
            start=_time(form, "time"),
            agenda_text=_optional(form, "agenda"),
            actor=actor,
        )
    )


def _move_meeting(slug: str, form: FormData, actor: str) -> object:
    return meetings.move(
        command(
            meetings.MoveMeeting,
            meeting_id=_id(form, "meeting", "een vergadering"),
            day=_day(form, "date", required=True),
            start=_time(form, "time"),
            actor=actor,
        )
    )


def _minutes(slug: str, form: FormData, actor: str) -> object:
    return meetings.record_minutes(
        command(
            meetings.RecordMinutes,
            meeting_id=_id(form, "meeting", "een vergadering"),
            text=_text(form, "minutes"),
            actor=actor,
        )
    )


def _decision(slug: str, form: FormData, actor: str) -> object:
    return meetings.add_decision(
        command(
            meetings.AddDecision,
            meeting_id=_id(form, "meeting", "een vergadering"),
            kind=_text(form, "kind"),
            summary=_text(form, "summary"),
            text=_optional(form, "text"),
            amount=_optional(form, "amount"),
            applicant=_optional(form, "applicant"),
            organisation=_text(form, "organisation") == "ja",
            actor=actor,
        )
    )


def _publish(slug: str, form: FormData, actor: str) -> object:
    try:
        year = int(_text(form, "year"))
    except ValueError:
        raise InvalidInput("kies een jaar.", field="year") from None
    return meetings.publish_decisions(
        command(meetings.PublishDecisions, area=slug, year=year, actor=actor)
    )


def _import_members(slug: str, form: FormData, actor: str) -> object:
    data = form.get("_upload_bytes")
    with tempfile.TemporaryDirectory(prefix="wijkraad-upload-") as folder:
        path = Path(folder) / "leden.csv"
        path.write_bytes(data if isinstance(data, bytes) else b"")
        return members.import_file(command(members.ImportMembers, path=path, actor=actor))


def _publish_appointments(slug: str, form: FormData, actor: str) -> object:
    try:
        term = int(_text(form, "term"))
    except ValueError:
        raise InvalidInput("kies een zittingsperiode.", field="term") from None
    return meetings.publish_appointments(command(meetings.PublishAppointmentsInput, term=term))


HANDLERS: dict[str, Handler] = {
    "lid": _add_member,
    "functie": _role,
    "verhuizing": _move,
    "vertrek": _leave,
    "experiment": _start_experiment,
    "experiment-afwijzen": _dismiss,
    "experiment-evalueren": _evaluate,
    "vergadering": _plan,
    "verplaatsen": _move_meeting,
    "notulen": _minutes,
    "besluit": _decision,
    "besluiten-publiceren": _publish,
    "leden-inlezen": _import_members,
    "benoemingen-publiceren": _publish_appointments,
}
SECTION = {
    **{name: "leden" for name in MEMBER_FORMS},
    **{name: "experimenten" for name in EXPERIMENT_FORMS},
    **{name: "vergaderingen" for name in MEETING_FORMS},
    **{name: "besluiten" for name in DECISION_FORMS},
}


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or "1"))
    except ValueError:
        return 1


def _year(value: str | None) -> int | None:
    """The year whose meetings and decisions the page shows (the gate refused a wild one)."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


def show(
    request: Request,
    slug: str,
    *,
    form: str | None = None,
    values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    day = today()
    with reading() as session:
        view = council_page.page(
            session,
            slug,
            day,
            _page_number(request.query_params.get("pagina")),
            _year(request.query_params.get("jaar")),
        )
    forms = offered(view)
    errors = dict(errors or {})
    shown = forms.get(form or "")
    if shown is not None:  # a message for a field the form does not show goes on top of it
        names = {f.name for f in shown.fields}
        for key in [k for k in errors if k and k not in names]:
            errors[""] = " ".join(filter(None, [errors.get(""), errors.pop(key)]))
    elif form is not None and errors:
        errors = {"": " ".join(errors.values())}
    done = request.query_params.get("gedaan") or ""
    return rendering.page(
        request,
        "council.html",
        {
            "title": view["council"],
            "c": view,
            "forms": forms,
            "member_forms": [forms[n] for n in MEMBER_FORMS if n in forms],
            "experiment_forms": [forms[n] for n in EXPERIMENT_FORMS if n in forms],
            "meeting_forms": [forms[n] for n in MEETING_FORMS if n in forms],
            "decision_forms": [forms[n] for n in DECISION_FORMS if n in forms],
            "open_form": form,
            "values": values or {},
            "errors": errors,
            "summary": summary_of(shown, errors, form) if errors else [],
            "notice": COUNCIL_DONE.get(done),
            "base": f"/raden/{view['slug']}",
        },
        status_code=status_code,
    )


@router.get("/raden/{slug}")
def council(request: Request, slug: str) -> Response:
    return show(request, slug)


def _typed(form: FormData) -> dict[str, object]:
    return {k: v for k, v in form.multi_items() if k != "csrf_token" and isinstance(v, str)}


@router.post("/raden/{slug}/{action}")
async def act(request: Request, slug: str, action: str) -> Response:
    if action not in HANDLERS:
        raise NotFound(f"actie '{action}' bestaat niet.")
    with reading() as session:  # an unknown council: the 404 page
        from tasks.queries import lookup

        try:
            slug = lookup.area(session, slug).slug
        except NotFound as exc:
            raise NotFound(exc.message) from None
    form = await request.form()
    actor = str(request.state.user.email)
    try:
        if action == "leden-inlezen":
            data = await read_upload(form)
            form = FormData([*form.multi_items(), ("_upload_bytes", data)])  # type: ignore[list-item]
        await run_in_threadpool(HANDLERS[action], slug, form, actor)
    except DomainError as exc:
        errors, status = field_errors(exc, field_names(action)), refusal_status(exc)
        return await run_in_threadpool(
            lambda: show(
                request, slug, form=action, values=_typed(form), errors=errors, status_code=status
            )
        )
    return RedirectResponse(f"/raden/{slug}?gedaan={action}#{SECTION[action]}", status_code=303)
