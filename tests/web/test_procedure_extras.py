"""The procedure page's smaller tools: onboarding tasks ticked several at once (one command,
one transaction, all or none), each committee member's link (sent, used, expired) with a
button to send it again, and the public call's address to copy."""

from __future__ import annotations

import html
from datetime import date, datetime

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from tests.web.conftest import csrf_of


def onboarding_world(procedure_id: int, tasks: int = 3) -> list[int]:
    """The procedure in onboarding with one new member and `tasks` open tasks."""
    import models
    from models.enums import Stage
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        procedure = session.get_one(models.Procedure, procedure_id)
        procedure.stage = Stage.ONBOARDING
        person = models.Person(
            name="Eva van Dijk",
            email="eva@example.nl",
            postcode="5388AA",
            house_number="1",
            created_at=datetime(2026, 11, 28, 9),
        )
        membership = models.Membership(
            council_id=procedure.council_id,
            person=person,
            start_date=date(2026, 12, 1),
            end_date=date(2030, 4, 2),
        )
        session.add(membership)
        session.flush()
        rows = [
            models.OnboardingTask(
                procedure_id=procedure.id,
                membership_id=membership.id,
                kind=f"taak{n}",
                title=f"Taak {n}",
                due_on=date(2026, 12, 15),
            )
            for n in range(tasks)
        ]
        session.add_all(rows)
        session.flush()
        return [t.id for t in rows]


def done_ids(procedure_id: int) -> set[int]:
    import models
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        return set(
            session.scalars(
                select(models.OnboardingTask.id).where(
                    models.OnboardingTask.procedure_id == procedure_id,
                    models.OnboardingTask.done_at.is_not(None),
                )
            )
        )


def tick(client: TestClient, procedure_id: int, ids: list[int | str]):  # type: ignore[no-untyped-def]
    csrf = csrf_of(client.get(f"/procedures/{procedure_id}").text)
    data = [("csrf_token", csrf), *(("task_ids", str(i)) for i in ids)]
    return client.post(
        f"/procedures/{procedure_id}/inwerktaak",
        content="&".join(f"{k}={v}" for k, v in data),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )


def test_several_onboarding_tasks_are_ticked_at_once(
    coordinator: tuple[TestClient, str], procedure_id: int
) -> None:
    client, _ = coordinator
    first, second, third = onboarding_world(procedure_id)
    page = client.get(f"/procedures/{procedure_id}").text
    for task in (first, second, third):
        assert f'id="inwerktaak-task_ids-{task}"' in page  # a checkbox each, none checked
    assert 'type="checkbox" id="inwerktaak-task_ids' in page and " checked" not in page
    answer = tick(client, procedure_id, [first, third])
    assert answer.status_code == 303, answer.text
    assert done_ids(procedure_id) == {first, third}
    shown = html.unescape(client.get(answer.headers["location"]).text)
    assert "De inwerktaken zijn afgevinkt." in shown
    assert f'id="inwerktaak-task_ids-{second}"' in shown
    assert f'id="inwerktaak-task_ids-{first}"' not in shown


def test_ticking_nothing_or_a_stranger_changes_nothing_and_says_so_in_dutch(
    coordinator: tuple[TestClient, str], procedure_id: int
) -> None:
    client, _ = coordinator
    first, second, _ = onboarding_world(procedure_id)
    answer = tick(client, procedure_id, [])
    assert answer.status_code == 400
    text = html.unescape(answer.text)
    assert "<title>Fout: " in text
    assert 'href="#inwerktaak-task_ids-' in text  # the summary links to the checkboxes
    assert "Vink ten minste één taak aan die klaar is." in text
    # one good and one that is no task of this procedure: neither is ticked
    answer = tick(client, procedure_id, [first, 99999])
    assert answer.status_code == 400
    assert "Inwerktaak 99999 hoort niet bij procedure" in html.unescape(answer.text)
    answer = tick(client, procedure_id, [second, "x"])
    assert answer.status_code == 400
    assert done_ids(procedure_id) == set()


def test_the_cli_ticks_several_tasks_in_one_command(procedure_id: int) -> None:
    from commands import onboarding
    from models.errors import DomainError

    first, second, _ = onboarding_world(procedure_id)
    with pytest.raises(DomainError):  # a missing task: nothing ticked, not even the first
        onboarding.done(onboarding.CompleteTask(first, more=(99999,)))
    assert done_ids(procedure_id) == set()
    done = onboarding.done(onboarding.CompleteTask(first, more=(second, first)))
    assert done.task_ids == (first, second)
    assert done_ids(procedure_id) == {first, second}


# -- the committee's personal links -----------------------------------------------------------


@pytest.fixture
def nominating(mail_world):  # type: ignore[no-untyped-def]
    from tests.web.public_world import nominating_world

    return nominating_world(mail_world)


def letters(procedure_id: int, member_id: int) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    from models import CommitteeMember, OutboxMessage
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        person = session.get_one(CommitteeMember, member_id).person_id
        return [
            (m.status.value, dict(m.context))
            for m in session.scalars(
                select(OutboxMessage)
                .where(
                    OutboxMessage.procedure_id == procedure_id,
                    OutboxMessage.template == "gesprekken_uitnodigen",
                    OutboxMessage.recipient_person_id == person,
                )
                .order_by(OutboxMessage.id)
            )
        ]


def deliver_all() -> None:
    """What delivery does to a message, without SMTP: the letters count as delivered."""
    from models import OutboxMessage
    from models.enums import MessageStatus
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        for message in session.scalars(select(OutboxMessage)):
            if message.status == MessageStatus.PENDING:
                message.status, message.sent_at = MessageStatus.DELIVERED, now()


def send_link(client: TestClient, procedure_id: int, member: int | str):  # type: ignore[no-untyped-def]
    csrf = csrf_of(client.get(f"/procedures/{procedure_id}").text)
    return client.post(
        f"/procedures/{procedure_id}/commissielink",
        data={"csrf_token": csrf, "member_id": str(member)},
        follow_redirects=False,
    )


def test_the_page_shows_each_link_and_sends_it_again_once(
    coordinator: tuple[TestClient, str],
    anonymous: TestClient,
    nominating,  # type: ignore[no-untyped-def]
) -> None:
    from tests.web.test_committee_page import member_links

    client, _ = coordinator
    pid = nominating.procedure_id
    one, two = nominating.member_ids
    links = member_links(pid)  # the letters that start the interviews
    page = html.unescape(client.get(f"/procedures/{pid}").text)
    assert page.count("wordt verstuurd") >= 2 and page.count("nog niet gebruikt") == 2
    deliver_all()
    assert anonymous.get(f"/commissie/{links[one]}").status_code == 200  # member one looks
    page = html.unescape(client.get(f"/procedures/{pid}").text)
    assert "laatst gebruikt op" in page and page.count("nog niet gebruikt") == 1
    assert page.count("verstuurd op") == 2 and page.count(">werkt<") == 2

    answer = send_link(client, pid, two)
    assert answer.status_code == 303
    shown = html.unescape(client.get(answer.headers["location"]).text)
    assert "De persoonlijke link gaat opnieuw per e-mail naar het commissielid." in shown
    assert "persoonlijke link opnieuw gestuurd" in shown  # the audit trail, in Dutch
    again = send_link(client, pid, two)  # a second click before delivery: no second letter
    assert "gedaan=commissielink-al" in again.headers["location"]
    sent = letters(pid, two)
    assert [s for s, _ in sent] == ["delivered", "pending"]
    assert sent[1][1]["again"] is True and sent[1][1]["committee_member_id"] == two

    from tasks.adapters.db import session_scope
    from tasks.mail.render import as_sent

    with session_scope() as session:
        from models import OutboxMessage

        message = session.scalars(
            select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(1)
        ).one()
        mail = as_sent(session, message)
    assert mail.subject.startswith("Uw link opnieuw")
    assert links[two] in mail.text  # the same personal link


def test_a_link_that_does_not_work_is_not_sent_and_the_page_says_why(
    coordinator: tuple[TestClient, str],
    nominating,  # type: ignore[no-untyped-def]
) -> None:
    from models import Procedure
    from models.enums import Stage
    from tasks.adapters.db import session_scope

    client, _ = coordinator
    pid = nominating.procedure_id
    one, _ = nominating.member_ids
    answer = send_link(client, pid, 99999)  # no member of this committee
    assert answer.status_code == 400
    text = html.unescape(answer.text)
    assert "<title>Fout: " in text and 'href="#commissie-fout"' in text
    assert "Commissielid 99999 hoort niet bij procedure" in text
    with session_scope() as session:
        session.get_one(Procedure, pid).stage = Stage.AWAITING_DECISION
    page = html.unescape(client.get(f"/procedures/{pid}").text)
    assert "Link opnieuw sturen" not in page and "verlopen" in page
    answer = send_link(client, pid, one)  # a form left open in another tab
    assert answer.status_code == 400
    text = html.unescape(answer.text)
    assert 'href="#link-' in text and f'id="link-{one}-fout"' in text
    assert "De persoonlijke links werken niet meer: de gesprekken zijn afgerond." in text
    assert letters(pid, one) == []


def test_the_call_address_is_there_to_copy(
    coordinator: tuple[TestClient, str], procedure_id: int
) -> None:
    client, _ = coordinator
    page = client.get(f"/procedures/{procedure_id}").text
    assert (
        'id="oproep-adres" type="text" readonly value="http://127.0.0.1:8000/aanmelden/lith"'
        in page
    )
    assert '<label for="oproep-adres">' in page
