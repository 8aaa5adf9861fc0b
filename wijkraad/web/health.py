"""/health for operators: is the database there, is the Prefect server there. No login, no
personal data: two words and a status code."""

from __future__ import annotations

import os
import sys

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from tasks.adapters import db, orchestrator

router = APIRouter()


def _prefect_url() -> str | None:
    """The Prefect server flows of this process use: the one configured in-process (tests,
    `serve`), PREFECT_API_URL, or the local server the project started."""
    if "prefect" in sys.modules:
        from prefect.settings import get_current_settings

        url = get_current_settings().api.url
        if url:
            return str(url)
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    state = orchestrator.recorded()
    return str(state["url"]) if state else None


def database_ok() -> bool:
    try:
        with db.engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


@router.get("/health")
def health() -> JSONResponse:
    url = _prefect_url()
    checks = {
        "database": "ok" if database_ok() else "onbereikbaar",
        "prefect": "ok" if url and orchestrator.healthy(url) else "onbereikbaar",
    }
    healthy = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if healthy else "gestoord", **checks}, status_code=200 if healthy else 503
    )
