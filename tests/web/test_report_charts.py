"""The simulation's report.html: the lead times per stage and area as a chart, the timeline
scaled to the period that has events, landmarks so that axe passes (landmark-one-main, region
included), no network. Rendered from synthetic rows, looked at in Chromium."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from models.enums import Stage
from tasks.queries import charts
from tasks.queries.timeline import Span
from tests.web.chromium import dutch_context
from tests.web.test_browser import SCREENSHOTS

STAGES = [Stage.COMMITTEE_FORMING, Stage.RECRUITING, Stage.SCREENING, Stage.NOMINATING,
          Stage.AWAITING_DECISION, Stage.ONBOARDING]  # fmt: skip


def _rows() -> list[dict]:  # type: ignore[type-arg]
    rows = []
    for n, council in enumerate(["Wijkraad Ruwaard", "Dorpsraad Berghem", "Dorpsraad Lith"]):
        spans, moment = [], datetime(2029, 6, 1 + n)
        for k, stage in enumerate(STAGES if n < 2 else []):
            end = datetime.fromordinal(moment.toordinal() + 14 + 7 * k + 10 * n)
            spans.append(Span(10 + n, "renewal", stage, moment, end))
            moment = end
        lead = {s.stage.value: s.days for s in spans}
        rows.append({"council": council, "slug": f"r{n}", "members": 5, "max_seats": 7,
                     "vacancies": 2, "appointed": 5, "procedures": 1, "experiment": "",
                     "meetings": 6, "mails": 20, "lead_times": lead, "spans": spans,
                     "signals": {"reminders": 1, "delays": 0}})  # fmt: skip
    return rows


def test_the_timeline_is_scaled_to_the_period_with_events() -> None:
    chart = charts.timeline_chart(_rows())
    assert chart["start"] == date(2029, 6, 1)
    assert chart["end"] == date(2030, 3, 1)  # the month after the last event (February 2030)
    assert chart["ticks"], "ticks over a short period are months"
    assert all("2029" in t["label"] or "2030" in t["label"] for t in chart["ticks"])
    xs = [b["x"] for lane in chart["lanes"] for b in lane["bars"]]
    assert xs and min(xs) == charts.LABEL_WIDTH  # the first event starts at the left edge
    ends = [b["x"] + b["width"] for lane in chart["lanes"] for b in lane["bars"]]
    assert max(ends) > charts.LABEL_WIDTH + 0.8 * charts.CHART_WIDTH  # and fills the width


def test_the_lead_times_are_stacked_bars_per_area() -> None:
    rows = _rows()
    chart = charts.lead_time_chart(rows)
    assert [b["label"] for b in chart["bars"]] == [r["council"] for r in rows]
    ruwaard = chart["bars"][0]
    assert len(ruwaard["parts"]) == 6 and ruwaard["total"] == round(
        sum(rows[0]["lead_times"].values())
    )
    assert chart["bars"][2]["parts"] == []  # no procedure, no bar
    longest = max(b["end"] for b in chart["bars"])
    assert longest == pytest.approx(charts.LABEL_WIDTH + charts.CHART_WIDTH, abs=1)


@pytest.mark.usefixtures("db")  # the report reads the panels: alone, this test needs a database too
def test_the_report_passes_axe_with_landmarks_and_uses_no_network(chromium, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    from simulation.report import write_html

    totals = {"commands": 10, "refusals": 1, "delivered": 40, "days": 1800}
    path = write_html(tmp_path / "report.html", _rows(), start=date(2026, 1, 1),
                      end=date(2030, 12, 31), seed=7, totals=totals)  # fmt: skip
    html = path.read_text(encoding="utf-8")
    assert "<main>" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html and "<script" not in html
    context = dutch_context(chromium)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    results = Axe().run(page)
    violations = {v["id"]: v["impact"] for v in results.response["violations"]}
    assert "landmark-one-main" not in violations and "region" not in violations, violations
    assert not [i for i, impact in violations.items() if impact in ("serious", "critical")]
    assert [u for u in requests if not u.startswith("file://")] == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"report-{width}.png"), full_page=True)
    context.close()
