"""The coördinator's pages: every area at a glance, one procedure, what is stalled, experiments,
meetings, members, the outbox and the procedure's state diagram. Reads only."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response

from commands import followup
from models.enums import FollowUp, Stage
from models.stages import TRANSITIONS
from tasks.adapters.clock import now, today
from tasks.adapters.settings import get_settings
from tasks.queries import advice, charts, listings, lookup, procedure_page, stalled, timeline
from tasks.queries import procedures as procedure_views
from tasks.queries.reading import reading
from wijkraad.web import diagram, rendering, words
from wijkraad.web.forms import actions_for, summary_of, targets

router = APIRouter()
LINK_FORM = "commissielink"  # a button per committee member, in the committee's section


@router.get("/")
def overview(request: Request) -> Response:
    return show_overview(request)


def show_overview(
    request: Request,
    *,
    values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    day = today()
    with reading() as session:
        rows, late = procedure_views.overview_and_stalled(session, day)
        term_rows = timeline.running_term(session, day)
    return rendering.page(
        request,
        "overview.html",
        {
            "title": "Overzicht",
            "rows": rows,
            "day": day,
            "late": late,
            "lead_chart": charts.lead_time_chart(term_rows),
            "timeline_chart": charts.timeline_chart(term_rows),
            "term_rows": term_rows,
            "values": values or {},
            "errors": errors or {},
            "summary": [
                ({"area": "#start-area", "kind": "#start-kind-renewal"}.get(k, "#actie-starten"), m)
                for k, m in (errors or {}).items()
            ],
        },
        status_code=status_code,
    )


@router.get("/procedures/{procedure_id}")
def procedure(request: Request, procedure_id: int) -> Response:
    return show_procedure(request, procedure_id)


@router.get("/procedures/{procedure_id}/documenten/{document_id}")
def procedure_document(procedure_id: int, document_id: int) -> Response:
    """A letter of the procedure (collegevoorstel, benoemingsbrief) as the PDF that was sent."""
    with reading() as session:
        filename, data = procedure_page.document(session, procedure_id, document_id)
    safe = "".join(c for c in filename if c.isalnum() or c in "-_.") or "brief.pdf"
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{safe}"'},
    )


def show_procedure(
    request: Request,
    procedure_id: int,
    *,
    form: str | None = None,
    values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The page of one procedure; after a refused action, with the form as it was typed and
    the messages next to their fields."""
    with reading() as session:
        view = procedure_page.page(session, procedure_id)
    actions = actions_for(view)
    errors = dict(errors or {})
    shown = next((a for a in actions if a.name == form), None)
    summary: list[tuple[str, str]] = []
    link_of = str((values or {}).get("member_id", "")) if form == LINK_FORM else ""
    if link_of not in {str(member) for member in view.get("links", {})}:
        link_of = ""  # no member of this committee: the message stands above the members
    if form == LINK_FORM and errors:  # next to that member's link in the committee section
        target = f"#link-{link_of}" if link_of else "#commissie-fout"
        summary = [(target, message) for message in errors.values()]
    elif shown is not None:  # a message for a field the form does not show goes on top of it
        names = targets(shown)
        for key in [k for k in errors if k and k not in names]:
            errors[""] = " ".join(filter(None, [errors.get(""), errors.pop(key)]))
    elif form is not None and errors:  # the form is gone (the stage moved on): say so on top
        view["refused"] = " ".join(errors.values())
    pending = view.get("pending_step")
    return rendering.page(
        request,
        "procedure.html",
        {
            "title": f"Procedure {procedure_id}",
            "p": view,
            "actions": actions,
            "open_form": form,
            "values": values or {},
            "errors": errors,
            "summary": summary or (summary_of(shown, errors, form) if shown is not None else []),
            "link_error": (link_of, " ".join(errors.values())) if form == LINK_FORM else None,
            "notice": words.DONE.get(request.query_params.get("gedaan") or ""),
            "pending": followup.LABELS.get(FollowUp(pending)) if pending else None,
            "busy": bool(pending) and _recent(view.get("pending_since")),
        },
        status_code=status_code,
    )


def _recent(since: object) -> bool:
    """A step recorded within the follow-up grace is still being run by a worker (`bezig`);
    an older one did not finish and the page offers to run it again."""
    grace = timedelta(minutes=get_settings().followup_grace_minutes)
    return isinstance(since, datetime) and since > now() - grace


@router.get("/stalled")
def stalled_page(request: Request) -> Response:
    day = today()
    with reading() as session:
        rows = stalled.stalled(session, day)
        paused = stalled.suspended(session, day)
        late_advice = advice.overdue(session, day)
        councils = lookup.council_names(session)
    return rendering.page(
        request,
        "stalled.html",
        {
            "title": "Vertraagd",
            "councils": councils,
            "rows": rows,
            "paused": paused,
            "day": day,
            "late_advice": late_advice,
        },
    )


@router.get("/experiments")
def experiments(request: Request) -> Response:
    with reading() as session:
        rows = listings.experiments(session)
    return rendering.page(request, "experiments.html", {"title": "Experimenten", "rows": rows})


@router.get("/meetings")
def meetings(request: Request, jaar: int | None = None) -> Response:
    with reading() as session:
        years = listings.meeting_years(session)
        year = jaar or (years[0] if years else today().year)
        rows = listings.meetings(session, year)
    return rendering.page(
        request,
        "meetings.html",
        {"title": "Vergaderingen", "rows": rows, "year": year, "years": years},
    )


@router.get("/members")
def members(request: Request) -> Response:
    day = today()
    with reading() as session:
        areas = listings.members_per_area(session, day)
    return rendering.page(request, "members.html", {"title": "Leden", "areas": areas, "day": day})


@router.get("/proces")
def process(request: Request) -> Response:
    return rendering.page(
        request,
        "process.html",
        {
            "title": "Het proces",
            "svg": diagram.svg(TRANSITIONS),
            # each transition's sources in the order of the stages, as the diagram reads
            "transitions": [
                (t, [stage for stage in Stage if stage in t.sources]) for t in TRANSITIONS.values()
            ],
        },
    )
