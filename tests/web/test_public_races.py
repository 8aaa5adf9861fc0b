"""At the same moment: the same link confirmed five times, and the same application submitted
twice and both links confirmed together, make one candidate (the application row and the
procedure row are locked while a confirmation runs). Also a committee link cannot score a
candidate of another procedure."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from fastapi.testclient import TestClient

from tests.fixtures_smtp import MailWorld
from tests.web.public_world import GOOD, candidate_names, outbox_links, post_form


def confirm_all(tokens: list[str]) -> list[str]:
    from commands import applications

    def one(token: str) -> str:
        return applications.confirm(applications.Confirm(token, "198.51.100.1")).outcome.value

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        return list(pool.map(one, tokens))


def test_one_link_confirmed_five_times_at_once_makes_one_candidate(
    anonymous: TestClient, mail_world: MailWorld
) -> None:
    assert post_form(anonymous).status_code == 303
    [token] = outbox_links()
    outcomes = confirm_all([token] * 5)
    assert sorted(outcomes) == ["already"] * 4 + ["confirmed"]
    assert candidate_names(mail_world.procedure_id).count(GOOD["name"]) == 1


def test_the_same_application_twice_confirmed_together_makes_one_candidate(
    anonymous: TestClient, mail_world: MailWorld
) -> None:
    from sqlalchemy import update

    from models import Application
    from tasks.adapters.db import session_scope

    assert post_form(anonymous).status_code == 303
    with session_scope() as session:  # set aside for a moment: the next form is a new one
        session.execute(update(Application).values(refused_at=datetime(2026, 11, 28, 9)))
    assert post_form(anonymous).status_code == 303
    with session_scope() as session:  # two applications of one person wait for confirmation
        session.execute(update(Application).values(refused_at=None))
    outcomes = confirm_all(outbox_links())
    assert sorted(outcomes) == ["confirmed", "refused"]
    assert candidate_names(mail_world.procedure_id).count(GOOD["name"]) == 1


def test_a_committee_link_cannot_score_a_candidate_of_another_procedure(
    anonymous: TestClient, mail_world: MailWorld, procedure_id: int
) -> None:
    import models
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope
    from tests.web.conftest import csrf_of
    from tests.web.public_world import count, nominating_world
    from tests.web.test_committee_page import member_links

    world = nominating_world(mail_world)
    with session_scope() as session:  # a candidate of Lith's procedure
        person = models.Person(name="Els Lith", email="els@example.nl", created_at=now())
        other = models.Candidate(
            procedure_id=procedure_id, person=person, applied_at=now(), status="eligible"
        )
        session.add(other)
        session.flush()
        other_id = other.id
    token = member_links(world.procedure_id)[world.member_ids[0]]
    csrf = csrf_of(anonymous.get(f"/commissie/{token}").text)
    answer = anonymous.post(
        f"/commissie/{token}/gesprek",
        data={"csrf_token": csrf, "candidate_id": str(other_id), "score_gebied": "5"},
        follow_redirects=False,
    )
    assert answer.status_code == 400 and "hoort niet bij procedure" in answer.text
    assert count(models.Interview) == 0
