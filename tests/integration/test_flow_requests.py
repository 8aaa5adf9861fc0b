"""What one flow run asks of the Prefect server, counted per request (no timing): every request
is a round trip that a step, the monitor and the simulation wait for."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect")]


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """The requests of this process's synchronous Prefect client, as 'METHOD /path' with ids
    left out."""
    from prefect.client.base import PrefectHttpxSyncClient

    seen: Counter[str] = Counter()
    send = PrefectHttpxSyncClient.send

    def counted(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        path = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "{id}", request.url.path)
        seen[f"{request.method} {path.removeprefix('/api')}"] += 1
        return send(self, request, *args, **kwargs)

    monkeypatch.setattr(PrefectHttpxSyncClient, "send", counted)
    yield seen


def test_a_flow_run_asks_the_server_five_things_and_not_for_its_result_storage(
    requests: Counter[str],
) -> None:
    from prefect.context import SyncClientContext

    from flows.deliver_mail import deliver_mail

    with SyncClientContext.get_or_create():
        deliver_mail()  # nothing due: the flow and its one task still run
        requests.clear()  # the first run of a process also asks for the version and a token
        assert deliver_mail()["delivered"] == 0

    assert "GET /admin/storage" not in requests  # the flows name their (unused) result folder
    assert requests == Counter(
        {
            "POST /flows/": 1,
            "POST /flow_runs/": 1,
            "GET /flow_runs/{id}": 1,
            "POST /flow_runs/{id}/set_state": 2,  # Running, Completed
        }
    )
