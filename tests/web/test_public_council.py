"""The public page of a council: open without login, members by name and role, meetings to
come with a calendar feed, minutes, decisions, advice with B&W's answers, the open call; and no
e-mail address or postcode of anyone in the database, wherever it was typed."""

from __future__ import annotations

import re

import icalendar
import pytest
from fastapi.testclient import TestClient

from tests.fixtures_smtp import MailWorld
from tests.web.council_world import MEMBERS, CouncilWorld, build, every_email_and_postcode


@pytest.fixture
def world(mail_world: MailWorld, tmp_path) -> CouncilWorld:  # type: ignore[no-untyped-def]
    return build(tmp_path)


def test_the_page_shows_the_council_without_login(anonymous, world) -> None:  # type: ignore[no-untyped-def]
    page = anonymous.get("/wijkraden/ruwaard")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Wijkraad Ruwaard</h1>" in html
    for name, *_ in MEMBERS:
        assert name in html
    assert 'Annemiek Verhoeven, <span class="role">voorzitter</span>' in html
    assert "donderdag 10 december 2026, 19:30 uur" in html  # the meeting to come
    assert "17 december 2026" not in html  # a closed meeting is not announced
    assert 'href="/wijkraden/ruwaard/vergaderingen.ics"' in html
    assert "Insprekers" in html  # the minutes
    assert "Stichting Buurtsport Ruwaard" in html and "1.250,50" in html
    assert "Subsidie aan een inwoner voor het buurtfeest" in html
    assert "Piet Jansen" not in html  # a private applicant is "een inwoner"
    assert "Walplein autovrij" in html and "deels overgenomen" in html
    assert "B&amp;W 2026/0456" in html and "op zondag autovrij" in html
    assert "bibliotheek" in html and "nog niet ontvangen" in html
    assert 'href="/aanmelden/ruwaard"' in html  # the open call
    assert "zittingsperiode loopt van" in html


def test_no_email_address_or_postcode_of_anyone_appears(anonymous, world) -> None:  # type: ignore[no-untyped-def]
    secrets = every_email_and_postcode()
    assert secrets, "the world has people with addresses"
    assert "k.bewoner@example.org" not in secrets  # typed into the minutes only
    secrets.append("k.bewoner@example.org")
    for path in ("/wijkraden/ruwaard", "/wijkraden/ruwaard/vergaderingen.ics", "/wijkraden"):
        body = anonymous.get(path).text
        found = [
            s for s in secrets if re.search(rf"(?<![\w.+-]){re.escape(s)}(?![\w-])", body, re.I)
        ]
        assert found == [], path
        # no address at all but the municipality's own (the coördinator, calendar UIDs)
        assert not re.search(r"[\w.%+-]+@(?!(?:wijkraden\.)?oss\.nl)[\w.-]+\.[a-z]{2,}", body), path
    assert "5345 AB 21" not in anonymous.get("/wijkraden/ruwaard").text


def test_security_headers_and_a_brief_cache(anonymous, world) -> None:  # type: ignore[no-untyped-def]
    page = anonymous.get("/wijkraden/ruwaard")
    assert page.headers["cache-control"] == "public, max-age=60"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert "set-cookie" not in page.headers  # nothing personal, the same for everyone
    assert anonymous.get("/login").headers["cache-control"] == "no-store"  # the rest as before


def test_the_feed_holds_the_public_meetings_with_the_invitations_uid(anonymous, world) -> None:  # type: ignore[no-untyped-def]
    from models.calendar import meeting_uid

    feed = anonymous.get("/wijkraden/ruwaard/vergaderingen.ics")
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert feed.headers["cache-control"] == "public, max-age=60"
    calendar = icalendar.Calendar.from_ical(feed.content)
    assert calendar["method"] == "PUBLISH"
    events = list(calendar.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [meeting_uid(world.next_meeting)]
    event = events[0]
    assert event.decoded("dtstart").isoformat() == "2026-12-10T19:30:00+01:00"
    assert "ORGANIZER" not in event and "ATTENDEE" not in event
    assert "Wijkraad Ruwaard" in str(event["summary"])


def test_a_moved_meeting_moves_in_the_feed(anonymous: TestClient, world: CouncilWorld) -> None:
    from datetime import date, time

    from commands import meetings

    meetings.move(meetings.MoveMeeting(world.next_meeting, date(2026, 12, 11), time(20, 0)))
    event = next(iter(icalendar.Calendar.from_ical(
        anonymous.get("/wijkraden/ruwaard/vergaderingen.ics").content).walk("VEVENT")))  # fmt: skip
    assert event.decoded("dtstart").isoformat() == "2026-12-11T20:00:00+01:00"
    assert int(event["sequence"]) == 1


def test_an_empty_council_says_so(anonymous: TestClient, db: None) -> None:
    page = anonymous.get("/wijkraden/lith")
    assert page.status_code == 200
    assert "<h1>Dorpsraad Lith</h1>" in page.text
    assert "geen leden" in page.text and "nog geen adviezen" in page.text
    assert 'href="/aanmelden/lith"' not in page.text


def test_an_unknown_council_is_not_found(anonymous: TestClient, db: None) -> None:
    for path in ("/wijkraden/atlantis", "/wijkraden/atlantis/vergaderingen.ics"):
        page = anonymous.get(path)
        assert page.status_code == 404 and "kennen wij niet" in page.text
        assert page.headers["cache-control"] == "no-store"


def test_the_list_links_every_council(anonymous: TestClient, db: None) -> None:
    page = anonymous.get("/wijkraden")
    links = re.findall(r'href="/wijkraden/([a-z-]+)"', page.text)
    assert len(links) == 11 and "ruwaard" in links and "megen-haren-macharen" in links
