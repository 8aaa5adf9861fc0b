"""The coördinator's page of a burgerpanel by lot (`/experiments/{id}/panel`): the pool, the
quotas against the panel, the draws and the drawn with their answers; forms to draw (or draw
replacements), to publish the record and to invite the drawn. Each form calls the CLI's
command. A draw is recorded and handed over to a worker (the request never waits for it): the
page shows it as `bezig` with a link to refresh it (no meta refresh: axe counts a timed reload
as a WCAG 2.2.1 failure) until its result is there."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from commands import panels
from models.errors import DomainError, InvalidInput
from tasks.adapters.settings import get_settings
from tasks.queries import panels as views
from tasks.queries.reading import reading
from wijkraad.web import rendering
from wijkraad.web.actions import read_upload, refusal_status

router = APIRouter()

DONE = {
    "geloot": "De loting is uitgevoerd en vastgelegd.",
    "gepubliceerd": "Het verslag van de loting is gepubliceerd.",
    "uitgenodigd": "De uitnodigingen staan in de wachtrij.",
    "ingelezen": "De pool is ingelezen.",
}


def _page(request: Request, experiment_id: int, error: str = "", status: int = 200) -> Response:
    with reading() as session:
        view = views.panel(session, experiment_id)
        quotas = views.quotas_against_panel(session, experiment_id)
    done = DONE.get(request.query_params.get("klaar", ""), "")
    return rendering.page(
        request,
        "panel.html",
        {
            "title": f"Burgerpanel {view['area_name']}",
            "view": view,
            "quotas": quotas,
            "done": done,
            "error": error,
        },
        status_code=status,
    )


@router.get("/experiments/{experiment_id}/panel")
def page(request: Request, experiment_id: int) -> Response:
    return _page(request, experiment_id)


async def _act(request: Request, experiment_id: int, action: str) -> Response:
    form = await request.form()
    try:
        if action == "geloot":
            seed_text = form.get("seed")
            seed_text = seed_text.strip() if isinstance(seed_text, str) else ""
            if seed_text and not seed_text.isdigit():
                raise InvalidInput("seed: een geheel getal van 1 tot 2147483648.")
            seed = int(seed_text) if seed_text else None
            started = await run_in_threadpool(panels.draw, experiment_id, seed)
            if started.drawn is None:  # a worker performs it: the page shows it as `bezig`
                return RedirectResponse(f"/experiments/{experiment_id}/panel", 303)
        elif action == "ingelezen":
            data = await read_upload(form)
            await run_in_threadpool(_import_pool, experiment_id, data)
        elif action == "gepubliceerd":
            output = get_settings().home / "publish"
            await run_in_threadpool(panels.publish, experiment_id, output)
        else:
            await run_in_threadpool(panels.invite, experiment_id)
    except DomainError as exc:
        return _page(request, experiment_id, exc.message, refusal_status(exc))
    return RedirectResponse(f"/experiments/{experiment_id}/panel?klaar={action}", 303)


def _import_pool(experiment_id: int, data: bytes) -> int:
    with tempfile.TemporaryDirectory(prefix="wijkraad-upload-") as folder:
        path = Path(folder) / "pool.csv"
        path.write_bytes(data)
        return panels.import_pool(experiment_id, path)


@router.post("/experiments/{experiment_id}/panel/inlezen")
async def import_pool(request: Request, experiment_id: int) -> Response:
    return await _act(request, experiment_id, "ingelezen")


@router.post("/experiments/{experiment_id}/panel/loten")
async def draw(request: Request, experiment_id: int) -> Response:
    return await _act(request, experiment_id, "geloot")


@router.post("/experiments/{experiment_id}/panel/publiceren")
async def publish(request: Request, experiment_id: int) -> Response:
    return await _act(request, experiment_id, "gepubliceerd")


@router.post("/experiments/{experiment_id}/panel/uitnodigen")
async def invite(request: Request, experiment_id: int) -> Response:
    return await _act(request, experiment_id, "uitgenodigd")
