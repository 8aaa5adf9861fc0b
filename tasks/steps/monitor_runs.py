"""Unit: remember that the daily monitor ran, so that `wijkraad doctor` can tell when it stops.

A new module next to tasks/steps/monitor.py (the monitor's units of work), written by its own
step at the end of the monitor flow.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError

from models.monitor_run import MonitorRun
from tasks.adapters.db import session_scope


def record(moment: datetime, summary: dict[str, int], failed: int) -> None:
    """Count a run of the monitor at `moment` (its clock) on that day's row."""
    try:
        _record(moment, summary, failed)
    except IntegrityError:  # another run inserted the day's row first: count on that row
        _record(moment, summary, failed)


def _record(moment: datetime, summary: dict[str, int], failed: int) -> None:
    with session_scope() as session:
        row = session.get(MonitorRun, moment.date())
        if row is None:
            session.add(
                MonitorRun(
                    day=moment.date(),
                    first_at=moment,
                    last_at=moment,
                    runs=1,
                    failed=failed,
                    summary=dict(summary),
                )
            )
            return
        row.last_at = max(row.last_at, moment)
        row.runs += 1
        row.failed = failed
        row.summary = dict(summary)
