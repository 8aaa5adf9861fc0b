"""How this project runs Prefect flows in-process.

Our flows are short (seconds): a person's input is recorded, then the flow for what follows
runs. Prefect's flow heartbeat (an event every 180 s, for detecting crashed long runs) adds
nothing for them, and its thread makes every synchronous flow call wait up to a second at its
end (measured: 1.2 s -> 0.5 s per flow call on the test harness). So it is switched off here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quick_flows() -> Iterator[None]:
    """Run the enclosed flows without the flow heartbeat.

    Entering `temporary_settings` rebuilds Prefect's settings (~0.25 s), so when an outer block
    (the simulation, the test harness) has already switched the heartbeat off, this does nothing.
    """
    from prefect.settings import (
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        get_current_settings,
        temporary_settings,
    )

    if get_current_settings().flows.heartbeat_frequency is None:
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
