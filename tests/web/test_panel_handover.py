"""The draw of a burgerpanel is handed over like a procedure's step: the web request records it
and returns at once (the page shows it as `bezig` with a link to refresh it); a worker
performs it. A draw handed over twice runs once; a worker that died leaves a claim that goes
stale and is taken over."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.integration.test_panel_draw import write_pool, write_quotas
from tests.web.conftest import COORDINATOR, log_in
from tests.web.test_panel_browser import QUOTAS

pytestmark = pytest.mark.prefect


def _panel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    from commands import experiments, panels
    from tasks.adapters.csvfile import read_rows

    rows = read_rows(write_quotas(tmp_path / "q.csv", QUOTAS), ("feature", "value", "min", "max"))
    started = experiments.start(
        experiments.Start(
            "lith", "loting", "2026-11-20", "niemand meldde zich aan",
            panel=experiments.RawPanel(6, "2026-12-15", rows),
        )
    )  # fmt: skip
    assert panels.import_pool(started.experiment_id, write_pool(tmp_path / "pool.csv", 30)) == 30
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-16T10:00")
    return started.experiment_id


def _draws() -> list[tuple[int, bool]]:
    from models.panel import Draw
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        return [(d.number, d.record is not None) for d in session.scalars(select(Draw))]


def _audited(action: str) -> int:
    from models import AuditEvent
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
            )
            or 0
        )


def test_the_web_hands_the_draw_over_and_a_worker_performs_it_once(  # type: ignore[no-untyped-def]
    coordinator, prefect, tmp_path, monkeypatch
) -> None:
    from commands import followup

    client, _ = coordinator
    experiment = _panel(tmp_path, monkeypatch)
    token = log_in(client, COORDINATOR)  # the clock moved past the registration deadline
    url = f"/experiments/{experiment}/panel"

    posted = client.post(f"{url}/loten", data={"csrf_token": token, "seed": "77"})
    assert posted.status_code == 200, posted.text
    assert "bezig" in posted.text and "Vernieuw de pagina" in posted.text
    assert _draws() == [(1, False)]  # recorded, not performed: the request did not wait
    # the pool per quota is known once the draw derived its age bands: until then "–", not 0
    assert "<td>–</td>" in posted.text and "<td>0</td><td>0</td>" not in posted.text
    again = client.post(f"{url}/loten", data={"csrf_token": token, "seed": "77"})
    assert again.status_code == 200 and "bezig" in again.text
    assert _draws() == [(1, False)]  # handed over twice: still one draw

    assert followup.drain() == 1  # the worker (`wijkraad worker --once` does this)
    assert followup.drain() == 0
    assert _draws() == [(1, True)]
    assert _audited("panel_drawn") == 1
    shown = client.get(url)
    assert "bezig" not in shown.text
    assert "In het panel: 6 van 6" in shown.text


def test_a_draw_claimed_twice_runs_once_and_a_stale_claim_is_taken_over(  # type: ignore[no-untyped-def]
    db, prefect, tmp_path, monkeypatch
) -> None:
    from flows.handover import run
    from flows.work import PanelDraw
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope
    from tasks.adapters.settings import get_settings
    from tasks.steps import panels

    experiment = _panel(tmp_path, monkeypatch)
    with session_scope() as session:
        draw_id = panels.prepare(session, experiment, 77).id
    moment = now()
    assert panels.claim(draw_id, moment)  # a worker took it, then died
    assert not panels.claim(draw_id, moment)  # a second hand-over finds it taken
    assert run(PanelDraw(draw_id)).taken
    assert panels.waiting(moment) == []
    later = moment + timedelta(minutes=get_settings().followup_grace_minutes + 1)
    assert panels.waiting(later) == [draw_id]  # its claim went stale

    monkeypatch.setenv("WIJKRAAD_NOW", later.isoformat(timespec="minutes"))
    ran = run(PanelDraw(draw_id))
    assert ran.done and isinstance(ran.outcome, list) and len(ran.outcome) == 6
    assert run(PanelDraw(draw_id)).taken  # performed: nothing left to run
    assert _draws() == [(1, True)] and _audited("panel_drawn") == 1


def test_the_coordinator_imports_a_pool_on_the_panel_page(coordinator, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from commands import experiments
    from tasks.adapters.csvfile import read_rows

    client, token = coordinator
    rows = read_rows(write_quotas(tmp_path / "q.csv", QUOTAS), ("feature", "value", "min", "max"))
    experiment = experiments.start(
        experiments.Start(
            "lith", "loting", "2026-11-20", "niemand meldde zich aan",
            panel=experiments.RawPanel(6, "2026-12-15", rows),
        )
    ).experiment_id  # fmt: skip
    url = f"/experiments/{experiment}/panel/inlezen"
    pool = write_pool(tmp_path / "pool.csv", 12).read_bytes()
    done = client.post(url, data={"csrf_token": token}, files={"file": ("pool.csv", pool)})
    assert done.status_code == 200 and "De pool is ingelezen." in done.text
    assert "in de pool: 12 bevestigde" in done.text
    bad = client.post(url, data={"csrf_token": token}, files={"file": ("p.csv", b"name\nx\n")})
    assert bad.status_code == 400 and "ontbrek" in bad.text.lower()
