"""How this project's flows and tasks are declared: one set of flow options, one task wrapper.

Parameters and results are ids and small enums only; results are not persisted and nothing is
cached: idempotency comes from our own state checks and outbox keys, so a rerun of a flow
repeats only what is missing. Running flows (the server, the heartbeat) is the orchestrator
adapter's business: tasks/adapters/orchestrator.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from prefect import task
from prefect.cache_policies import NO_CACHE

P = ParamSpec("P")
R = TypeVar("R")


def _result_storage() -> Path:
    """Prefect's local result folder, named on every flow. No result is persisted there
    (persist_result is off), but a flow without a storage of its own asks the server for its
    default storage at the start of every run: one of six API calls per flow run."""
    from prefect.settings import get_current_settings

    return Path(get_current_settings().results.local_storage_path)


FLOW_OPTIONS: dict[str, Any] = {
    "persist_result": False,
    "log_prints": False,
    "result_storage": _result_storage(),
}


def step(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A unit of tasks/ as a Prefect task: no cache, no persisted result."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        return task(name=name, cache_policy=NO_CACHE, persist_result=False)(fn)

    return wrap
