"""Running the daily monitor by hand (`wijkraad tick`), as the schedule does."""

from __future__ import annotations

from tasks.adapters import orchestrator


def run_monitor() -> dict[str, int]:
    """Everything due up to now; safe to run twice a day. Returns the monitor's counts."""

    def call() -> dict[str, int]:
        from flows.monitor import monitor

        return dict(monitor())

    return orchestrator.run_flow(call)
