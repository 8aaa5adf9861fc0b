"""The same action twice (a second click, a second door): the page answers 409 with the Dutch
"al ..." message and nothing is written twice. Several suspensions at the same moment, in
threads of one process, make one suspension (the procedure's row is locked while it changes).
The e2e test tests/e2e/test_web_and_cli_at_once.py does this with processes on PostgreSQL."""

from __future__ import annotations

import threading

import pytest

pytestmark = pytest.mark.usefixtures("accounts")


def _count(procedure_id: int, action: str) -> int:
    from tasks.adapters.db import session_scope
    from tasks.queries import procedures

    with session_scope() as session:
        return [e["action"] for e in procedures.history(session, procedure_id)].count(action)


def test_a_second_suspension_and_resumption_are_already_done(coordinator, procedure_id) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    reason = {"csrf_token": token, "reason": "wachten op de gemeenteraad"}
    url = f"/procedures/{procedure_id}"
    assert client.post(f"{url}/opschorten", data=reason).status_code == 200
    again = client.post(f"{url}/opschorten", data=reason)
    assert again.status_code == 409, again.text
    assert f"procedure {procedure_id} is al opgeschort" in again.text
    assert client.post(f"{url}/hervatten", data={"csrf_token": token}).status_code == 200
    again = client.post(f"{url}/hervatten", data={"csrf_token": token})
    assert again.status_code == 409 and "is al hervat" in again.text
    confirmed = reason | {"bevestigd": "1"}
    assert client.post(f"{url}/annuleren", data=confirmed).status_code == 200
    again = client.post(f"{url}/annuleren", data=confirmed)
    assert again.status_code == 409 and "is al geannuleerd" in again.text
    assert [_count(procedure_id, a) for a in ("suspend", "resume", "cancel")] == [1, 1, 1]


def test_resuming_a_procedure_never_suspended_is_a_wrong_stage(procedure_id) -> None:  # type: ignore[no-untyped-def]
    from commands import pausing
    from models.errors import WrongStage

    with pytest.raises(WrongStage):
        pausing.resume(pausing.Resume(procedure_id))


def test_suspensions_at_the_same_moment_suspend_once(procedure_id) -> None:  # type: ignore[no-untyped-def]
    from commands import pausing
    from models.errors import AlreadyDone

    attempts = 4
    barrier = threading.Barrier(attempts)
    outcomes: list[str] = []

    def suspend() -> None:
        barrier.wait()
        try:
            pausing.suspend(pausing.Suspend(procedure_id, "ziek", actor="coordinator@oss.nl"))
            outcomes.append("done")
        except AlreadyDone as exc:
            outcomes.append(exc.message)

    threads = [threading.Thread(target=suspend) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes)[0] == "done" and outcomes.count("done") == 1, outcomes
    assert all("al opgeschort" in o for o in outcomes if o != "done"), outcomes
    assert _count(procedure_id, "suspend") == 1
