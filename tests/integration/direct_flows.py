"""Flows and tasks called as plain functions, for tests that run many of them (the invariant
test): no Prefect engine, no server. The same switch as bench/cycle.py's "direct" mode, but
undone afterwards, so the other tests of the session keep the real engine.

Only Prefect's call machinery is replaced, never our own code: every flow still runs its own
tasks in order, against the real database.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


class _Quiet:
    def __getattr__(self, _name: str) -> Any:
        return lambda *a, **k: None


@contextlib.contextmanager
def direct_flows() -> Iterator[None]:
    import prefect
    import prefect.events
    from prefect import Flow, Task

    import flows.deliver_mail
    import flows.monitor
    from tasks.adapters import orchestrator

    saved: list[tuple[Any, str, Any]] = [
        (Flow, "__call__", Flow.__call__),
        (Task, "__call__", Task.__call__),
        (prefect, "get_run_logger", prefect.get_run_logger),
        (flows.monitor, "get_run_logger", flows.monitor.get_run_logger),
        (flows.deliver_mail, "get_run_logger", flows.deliver_mail.get_run_logger),
        (flows.monitor, "emit_event", flows.monitor.emit_event),
        (prefect.events, "emit_event", prefect.events.emit_event),
        (orchestrator, "ensure_server", orchestrator.ensure_server),
        (orchestrator, "quick_flows", orchestrator.quick_flows),
    ]
    quiet = _Quiet()
    Flow.__call__ = lambda self, *a, **k: self.fn(*a, **k)  # type: ignore[method-assign]
    Task.__call__ = lambda self, *a, **k: self.fn(*a, **k)  # type: ignore[method-assign]
    for module in (prefect, flows.monitor, flows.deliver_mail):
        module.get_run_logger = lambda *a, **k: quiet  # type: ignore[attr-defined]
    flows.monitor.emit_event = lambda *a, **k: None  # type: ignore[assignment]
    prefect.events.emit_event = lambda *a, **k: None  # type: ignore[assignment]
    orchestrator.ensure_server = lambda: None
    orchestrator.quick_flows = contextlib.nullcontext  # type: ignore[assignment]
    try:
        yield
    finally:
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)
