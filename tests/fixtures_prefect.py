"""One Prefect test harness (a temporary Prefect server) for the whole test session.

Starting it costs 10-20 s, so tests that run real flows share it: use the `prefect` fixture.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture
def prefect(prefect_server: None, db: None) -> None:
    """Real Prefect flows against the session's test server, on a fresh database."""
