"""The committee member's page: a personal signed link in the mail that starts the interviews,
the eligible candidates with what they wrote and their findings, and interviews recorded by
several members; a forged link, a link after the interviews, another procedure's candidate, no
CSRF token and too many tries are refused, and nothing is written."""

from __future__ import annotations

import html
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from models import AuditEvent, Interview
from tests.fixtures_smtp import MailWorld
from tests.web.conftest import csrf_of
from tests.web.public_world import Nominating, count, nominating_world

LINK = re.compile(r"https?://[^\s\"<>]+/commissie/([A-Za-z0-9_\-]+)")


@pytest.fixture
def world(mail_world: MailWorld) -> Nominating:
    return nominating_world(mail_world)


def member_links(procedure_id: int) -> dict[int, str]:
    """The links in the mails that start the interviews, per committee member."""
    from models import OutboxMessage
    from tasks.adapters.db import session_scope
    from tasks.mail.render import as_sent
    from tasks.steps.screening import finish_screening

    finish_screening(procedure_id)
    found = {}
    with session_scope() as session:
        for message in session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "gesprekken_uitnodigen")
        ):
            mail = as_sent(session, message)
            link = LINK.search(mail.text)
            assert link and link.group(0) in mail.html
            found[message.context["committee_member_id"]] = link.group(1)
    return found


def record(client: TestClient, token: str, candidate_id: int, **fields: str):  # type: ignore[no-untyped-def]
    csrf = csrf_of(client.get(f"/commissie/{token}").text)
    data = {"csrf_token": csrf, "candidate_id": str(candidate_id), **fields}
    return client.post(f"/commissie/{token}/gesprek", data=data, follow_redirects=False)


def test_each_member_gets_a_personal_link_that_shows_the_eligible_candidates(
    anonymous: TestClient, world: Nominating
) -> None:
    links = member_links(world.procedure_id)
    assert set(links) == set(world.member_ids) and len(set(links.values())) == 2
    page = anonymous.get(f"/commissie/{links[world.member_ids[0]]}")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Welkom, Annelies van den Berg" in text
    assert "Sanne de Wit" in text and "Ik organiseer de buurtbarbecue." in text
    assert "Karim Bouzid" in text and "postcode 5345AB ligt in Ruwaard" in text
    assert "Jan" not in text  # not eligible: not shown
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


def test_several_members_record_interviews_and_the_trail_names_them_by_id(
    anonymous: TestClient, world: Nominating
) -> None:
    links = member_links(world.procedure_id)
    first, second = world.candidate_ids
    one, two = world.member_ids
    answer = record(anonymous, links[one], first, held_on="2026-11-27", note="Sterk verhaal",
                    score_gebied="4", score_tijd="5")  # fmt: skip
    assert answer.status_code == 303, answer.text
    assert (
        "Uw gesprek met Sanne de Wit is vastgelegd"
        in anonymous.get(answer.headers["location"]).text
    )
    assert record(anonymous, links[two], first, score_gebied="2").status_code == 303
    assert record(anonymous, links[one], second, score_leeft="3").status_code == 303
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        interviews = session.scalars(select(Interview).order_by(Interview.id)).all()
        assert [(i.candidate_id, i.scores) for i in interviews] == [
            (first, {"gebied": 4, "tijd": 5}),
            (first, {"gebied": 2}),
            (second, {"leeft": 3}),
        ]
        assert str(interviews[0].held_on) == "2026-11-27" and interviews[0].note == "Sterk verhaal"
        actors = session.scalars(
            select(AuditEvent.actor).where(AuditEvent.action == "interview")
        ).all()
        assert sorted(actors) == sorted([f"commissielid {one}", f"commissielid {two}",
                                         f"commissielid {one}"])  # fmt: skip
    page = anonymous.get(f"/commissie/{links[two]}").text
    assert "<dt>Gesprekken van de commissie</dt><dd>2 vastgelegd</dd>" in page


def test_bad_input_is_shown_next_to_the_field_with_what_was_typed(
    anonymous: TestClient, world: Nominating
) -> None:
    token = member_links(world.procedure_id)[world.member_ids[0]]
    first = world.candidate_ids[0]
    answer = record(anonymous, token, first, held_on="2026-12-25", note="Mijn notitie",
                    score_gebied="4")  # fmt: skip
    assert answer.status_code == 400
    text = html.unescape(answer.text)
    assert f'id="k{first}-held_on-fout">2026-12-25 ligt in de toekomst' in text
    assert "Mijn notitie" in text and '<option value="4" selected>' in text
    answer = record(anonymous, token, first, score_gebied="9")
    assert answer.status_code == 400 and "geen waarde van 1 tot en met 5" in answer.text
    assert count(Interview) == 0


def test_forged_expired_and_foreign_links_are_refused(
    anonymous: TestClient, world: Nominating
) -> None:
    token = member_links(world.procedure_id)[world.member_ids[0]]
    assert anonymous.get("/commissie/" + "A" * 43).status_code == 404
    csrf = csrf_of(anonymous.get(f"/commissie/{token}").text)
    # a candidate of another procedure (here: an id of no candidate of this one)
    answer = anonymous.post(
        f"/commissie/{token}/gesprek",
        data={"csrf_token": csrf, "candidate_id": "999999", "score_gebied": "3"},
        follow_redirects=False,
    )
    assert answer.status_code == 400 and "hoort niet bij procedure" in answer.text
    # no CSRF token
    answer = anonymous.post(
        f"/commissie/{token}/gesprek",
        data={"candidate_id": str(world.candidate_ids[0]), "score_gebied": "3"},
    )
    assert answer.status_code == 403
    # the interviews are over: the link stops working
    from models.enums import Stage
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    with session_scope() as session:
        lookup.procedure(session, world.procedure_id).stage = Stage.AWAITING_DECISION
    answer = anonymous.get(f"/commissie/{token}")
    assert answer.status_code == 410 and "werkt niet meer" in answer.text
    answer = anonymous.post(
        f"/commissie/{token}/gesprek",
        data={"csrf_token": csrf, "candidate_id": str(world.candidate_ids[0]), "score_gebied": "3"},
    )
    assert answer.status_code == 410
    assert count(Interview) == 0


def test_too_many_tries_from_one_address_get_429(app: FastAPI, world: Nominating) -> None:
    from tasks.steps.throttle import COMMITTEE_PER_ADDRESS

    with TestClient(app, client=("192.0.2.99", 1234)) as client:
        for number in range(COMMITTEE_PER_ADDRESS.hits):
            assert client.get(f"/commissie/raden{number}").status_code == 404
        answer = client.get("/commissie/raden")
        assert answer.status_code == 429 and "Probeer het later opnieuw" in answer.text


def test_the_coordinators_page_shows_the_mean_per_candidate_and_competency(
    anonymous: TestClient, coordinator: tuple[TestClient, str], world: Nominating
) -> None:
    links = member_links(world.procedure_id)
    first = world.candidate_ids[0]
    one, two = world.member_ids
    assert record(anonymous, links[one], first, score_gebied="4", score_tijd="5").status_code == 303
    assert record(anonymous, links[two], first, score_gebied="3").status_code == 303
    client, _ = coordinator
    page = client.get(f"/procedures/{world.procedure_id}").text
    assert "per competentie: gebied 3,5, tijd 5" in page
    assert "<td>4<br>" in page  # the mean of every score given: (4 + 5 + 3) / 3
