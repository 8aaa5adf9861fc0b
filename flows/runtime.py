"""How this project's flows and tasks are declared: one set of flow options, one task wrapper.

Parameters and results are ids and small enums only; results are not persisted and nothing is
cached: idempotency comes from our own state checks and outbox keys, so a rerun of a flow
repeats only what is missing. Running flows (the server, the heartbeat) is the orchestrator
adapter's business: tasks/adapters/orchestrator.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from prefect import task
from prefect.cache_policies import NO_CACHE

P = ParamSpec("P")
R = TypeVar("R")

FLOW_OPTIONS: dict[str, Any] = {"persist_result": False, "log_prints": False}


def step(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A unit of tasks/ as a Prefect task: no cache, no persisted result."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        return task(name=name, cache_policy=NO_CACHE, persist_result=False)(fn)

    return wrap
