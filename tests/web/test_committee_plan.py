"""A gesprek planned on the committee member's page: the candidate and the member get a mail
with an .ics over a real SMTP server (aiosmtpd); planning it at another time moves the same
calendar event (same UID, higher SEQUENCE); a time in the past or a bad time is refused next to
the field, and nothing is written."""

from __future__ import annotations

import email
import email.policy
import html
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from fastapi.testclient import TestClient

from models import CalendarEvent, OutboxMessage
from tasks.mail.delivery import deliver_due
from tests.fixtures_smtp import MailWorld, SmtpServer
from tests.web.conftest import csrf_of
from tests.web.public_world import Nominating, count, nominating_world
from tests.web.test_committee_page import member_links

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def world(mail_world: MailWorld) -> Nominating:
    return nominating_world(mail_world)


PLACE = "Wijkcentrum De Ruwaard, Ruwaardsingel 1"


def plan(client: TestClient, token: str, candidate_id: int, day: str, at: str, place: str = PLACE):  # type: ignore[no-untyped-def]
    csrf = csrf_of(client.get(f"/commissie/{token}").text)
    data = {
        "csrf_token": csrf,
        "candidate_id": str(candidate_id),
        "plan_day": day,
        "plan_time": at,
        "plan_location": place,
    }
    return client.post(f"/commissie/{token}/plannen", data=data, follow_redirects=False)


def invitations(smtp_server: SmtpServer) -> dict[str, icalendar.Event]:
    found = {}
    for received in smtp_server.handler.received:
        message = received.parsed()
        parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        if parts:
            cal = icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))
            found[received.recipients[0]] = cal.walk("VEVENT")[0]
    return found


def test_a_planned_gesprek_invites_candidate_and_member_and_a_new_time_moves_it(
    anonymous: TestClient, world: Nominating, smtp_server: SmtpServer
) -> None:
    links = member_links(world.procedure_id)
    deliver_due()  # the mails that start the interviews
    smtp_server.handler.received.clear()
    first = world.candidate_ids[0]
    token = links[world.member_ids[0]]

    answer = plan(anonymous, token, first, "2026-12-02", "19:00")
    assert answer.status_code == 303, answer.text
    page = html.unescape(anonymous.get(answer.headers["location"]).text)
    assert "Uw gesprek met Sanne de Wit is gepland" in page
    assert "<dt>Gepland</dt><dd>woensdag 2 december 2026 om 19:00 uur" in page

    deliver_due()
    sent = invitations(smtp_server)
    assert set(sent) == {"sanne.dewit@example.nl", "annelies.vandenberg@example.nl"}
    uid = f"interview-{first}-{world.member_ids[0]}@wijkraden.oss.nl"
    for event in sent.values():
        assert str(event["uid"]) == uid and event.decoded("sequence") == 0
        assert event.decoded("dtstart") == datetime(2026, 12, 2, 19, 0, tzinfo=AMSTERDAM)
    assert "uw aanmelding" in str(sent["sanne.dewit@example.nl"]["description"])
    assert "voordrachtcommissie" in str(sent["sanne.dewit@example.nl"]["description"])
    for event in sent.values():
        assert str(event["location"]) == PLACE
    assert "Sanne de Wit" in str(sent["annelies.vandenberg@example.nl"]["summary"])

    smtp_server.handler.received.clear()
    assert plan(anonymous, token, first, "2026-12-03", "10:30").status_code == 303
    deliver_due()
    moved = invitations(smtp_server)
    assert len(moved) == 2
    for event in moved.values():
        assert str(event["uid"]) == uid and event.decoded("sequence") == 1
        assert event.decoded("dtstart") == datetime(2026, 12, 3, 10, 30, tzinfo=AMSTERDAM)

    before = count(OutboxMessage)
    assert plan(anonymous, token, first, "2026-12-03", "10:30").status_code == 303  # same time
    assert count(OutboxMessage) == before and count(CalendarEvent) == 1


@pytest.mark.parametrize(
    ("day", "at", "message"),
    [
        ("2026-11-27", "19:00", "een gesprek plan je in de toekomst"),
        ("2026-12-02", "19u", "geen tijd"),
        ("", "19:00", "vul de datum"),
        ("2026-12-02", "19:00", "vul de plaats"),
    ],
)
def test_a_bad_or_past_time_is_refused_next_to_the_field(
    anonymous: TestClient, world: Nominating, day: str, at: str, message: str
) -> None:
    token = member_links(world.procedure_id)[world.member_ids[0]]
    before = count(OutboxMessage)
    place = "" if message == "vul de plaats" else PLACE
    answer = plan(anonymous, token, world.candidate_ids[0], day, at, place)
    assert answer.status_code == 400
    assert message.lower() in html.unescape(answer.text).lower()
    assert count(CalendarEvent) == 0 and count(OutboxMessage) == before


def test_the_invitation_names_the_place_and_a_move_before_sending_is_no_change_to_anyone(
    anonymous: TestClient, world: Nominating, smtp_server: SmtpServer
) -> None:
    """Planned, then moved before the first invitation went out: the first is withdrawn, and
    the one that arrives is a plain invitation (not "Gewijzigd") for the new time and place."""
    from sqlalchemy import select

    from models.enums import MessageStatus
    from tasks.adapters.db import session_scope

    links = member_links(world.procedure_id)
    deliver_due()
    smtp_server.handler.received.clear()
    token, first = links[world.member_ids[0]], world.candidate_ids[0]
    assert plan(anonymous, token, first, "2026-12-02", "19:00").status_code == 303
    assert plan(anonymous, token, first, "2026-12-04", "20:00", "Telefonisch").status_code == 303
    with session_scope() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "gesprek_uitnodiging")
        ).all()
        assert rows
        assert sorted(r.status for r in rows) == sorted(
            [MessageStatus.PENDING] * 2 + [MessageStatus.WITHDRAWN] * 2
        )
    deliver_due()
    received = [
        email.message_from_bytes(r.data, policy=email.policy.default)
        for r in smtp_server.handler.received
    ]
    assert len(received) == 2
    for message in received:
        assert not str(message["subject"]).startswith("Gewijzigd"), message["subject"]
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert "verplaatst" not in text and "Plaats: Telefonisch" in text
    sent = invitations(smtp_server)
    assert {str(e["location"]) for e in sent.values()} == {"Telefonisch"}
