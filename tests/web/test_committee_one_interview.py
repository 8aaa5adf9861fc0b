"""One committee member cannot outweigh the others: one interview per member per candidate (a
second submission changes that member's scores, audited), a form sent twice takes effect once,
parallel identical posts make one interview, and the means count each member once."""

from __future__ import annotations

import re
import threading

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import AuditEvent, Interview
from tests.fixtures_smtp import MailWorld
from tests.web.conftest import csrf_of
from tests.web.public_world import Nominating, nominating_world
from tests.web.test_committee_page import member_links

KEY = re.compile(r'name="form_key" value="([^"]+)"')


@pytest.fixture
def world(mail_world: MailWorld) -> Nominating:
    return nominating_world(mail_world)


def form_of(client: TestClient, token: str) -> tuple[str, str]:
    """The page's CSRF token and the one-time key of the first candidate's interview form."""
    page = client.get(f"/commissie/{token}").text
    found = KEY.search(page)
    assert found, "no one-time key in the interview form"
    return csrf_of(page), found.group(1)


def post(client: TestClient, token: str, csrf: str, key: str, candidate: int, **scores: str):  # type: ignore[no-untyped-def]
    data = {"csrf_token": csrf, "form_key": key, "candidate_id": str(candidate), **scores}
    return client.post(f"/commissie/{token}/gesprek", data=data, follow_redirects=False)


def interviews() -> list[tuple[int, int | None, dict[str, int]]]:
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        rows = session.scalars(select(Interview).order_by(Interview.id)).all()
        return [(i.candidate_id, i.committee_member_id, dict(i.scores)) for i in rows]


def audited(action: str) -> int:
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        return len(session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_a_second_submission_changes_the_members_own_interview(
    anonymous: TestClient, world: Nominating
) -> None:
    links = member_links(world.procedure_id)
    first = world.candidate_ids[0]
    one, two = world.member_ids
    for scores in ({"score_gebied": "5"}, {"score_gebied": "1"}, {"score_gebied": "2"}):
        csrf, key = form_of(anonymous, links[one])
        assert post(anonymous, links[one], csrf, key, first, **scores).status_code == 303
    csrf, key = form_of(anonymous, links[two])
    assert post(anonymous, links[two], csrf, key, first, score_gebied="4").status_code == 303
    assert interviews() == [(first, one, {"gebied": 2}), (first, two, {"gebied": 4})]
    assert audited("interview") == 2 and audited("interview_changed") == 2
    page = anonymous.get(f"/commissie/{links[one]}").text
    assert "<dt>Gesprekken van de commissie</dt><dd>2 vastgelegd</dd>" in page
    assert '<option value="2" selected>' in page  # the member's own scores, to change

    from tasks.adapters.db import session_scope
    from tasks.queries import procedure_page

    with session_scope() as session:
        view = procedure_page.page(session, world.procedure_id)
    [card] = [c for c in view["candidate_list"] if c["id"] == first]
    assert card["competency_means"]["gebied"] == 3.0  # (2 + 4) / 2: each member once


def test_a_form_sent_twice_takes_effect_once(anonymous: TestClient, world: Nominating) -> None:
    token = member_links(world.procedure_id)[world.member_ids[0]]
    first = world.candidate_ids[0]
    csrf, key = form_of(anonymous, token)
    assert post(anonymous, token, csrf, key, first, score_gebied="3").status_code == 303
    again = post(anonymous, token, csrf, key, first, score_gebied="5")  # the same form, resent
    assert again.status_code == 303
    assert interviews() == [(first, world.member_ids[0], {"gebied": 3})]
    assert audited("interview") == 1 and audited("interview_changed") == 0


def test_twenty_parallel_posts_make_one_interview(app: FastAPI, world: Nominating) -> None:
    token = member_links(world.procedure_id)[world.member_ids[0]]
    first = world.candidate_ids[0]
    with TestClient(app) as client:
        csrf, key = form_of(client, token)
        cookies = dict(client.cookies)
    attempts = 20
    barrier = threading.Barrier(attempts)
    codes: list[int] = []

    def one(n: int) -> None:
        with TestClient(app, cookies=cookies, client=(f"192.0.2.{n + 1}", 4000)) as client:
            barrier.wait()
            codes.append(post(client, token, csrf, key, first, score_gebied="4").status_code)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert codes == [303] * attempts
    assert interviews() == [(first, world.member_ids[0], {"gebied": 4})]
    assert audited("interview") == 1 and audited("interview_changed") == 0
