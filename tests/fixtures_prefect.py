"""One Prefect test harness (a temporary Prefect server) for the whole test session.

Starting it costs 10-30 s, so tests that run real flows share it: use the `prefect` fixture.
Under pytest-xdist every worker process starts its own when it first needs one; on a busy
machine (several workers starting theirs at once) that has taken more than 90 s, hence the
generous timeout.
The flow heartbeat is switched off as in production use (flows/runtime.py): with it, every
synchronous flow call waits up to a second for the heartbeat thread at its end.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    from tasks.adapters.orchestrator import quick_flows

    with prefect_test_harness(server_startup_timeout=300), quick_flows():
        yield


@pytest.fixture
def prefect(prefect_server: None, db: None) -> None:
    """Real Prefect flows against the session's test server, on a fresh database."""
