"""Opening a procedure for a council that already has one is "already done" (409, as the README
says), whether the other was opened a moment ago by another click or at the same moment (then
a request that comes while the first one's follow-up is still pending finishes that one)."""

from __future__ import annotations

import threading

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

pytestmark = [pytest.mark.usefixtures("prefect", "accounts"), pytest.mark.prefect]


def test_a_second_renewal_of_one_council_is_409(coordinator) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    form = {"csrf_token": token, "area": "ruwaard", "kind": "renewal", "bevestigd": "1"}
    assert client.post("/procedures", data=form, follow_redirects=False).status_code == 303
    from sqlalchemy import update

    from models import Procedure
    from tasks.adapters.db import session_scope

    with session_scope() as session:  # a worker ran its follow-up (asking for a committee)
        session.execute(update(Procedure).values(pending_step=None))
    again = client.post("/procedures", data=form, follow_redirects=False)
    assert again.status_code == 409 and "al een open procedure" in again.text


def test_renewals_at_the_same_moment_open_one_and_answer_409(app: FastAPI, coordinator) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    cookies = dict(client.cookies)
    attempts = 4
    barrier = threading.Barrier(attempts)
    codes: list[int] = []
    locations: set[str] = set()

    def one() -> None:
        with TestClient(app, cookies=cookies) as other:
            barrier.wait()
            answer = other.post(
                "/procedures",
                data={"csrf_token": token, "area": "lith", "kind": "renewal", "bevestigd": "1"},
                follow_redirects=False,
            )
            codes.append(answer.status_code)
            if answer.status_code == 303:
                locations.add(answer.headers["location"])

    threads = [threading.Thread(target=one) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # one procedure: the others finish its pending request for a committee (303 to it) or,
    # once that is done, hear it is already open (409); never 400
    assert len(codes) == attempts and set(codes) <= {303, 409}, codes
    assert len(locations) == 1, locations
