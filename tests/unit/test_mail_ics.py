"""The .ics invitation: RFC 5545 read back with icalendar, a stable UID, times in
Europe/Amsterdam, a SEQUENCE that grows when the time changes, and a mail that carries it as a
text/calendar part after the text and HTML alternative."""

from __future__ import annotations

from datetime import datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import icalendar

from models import CalendarEvent
from models.calendar import MEETING_LENGTH, meeting_uid
from tasks.mail.ics import Invitation, attachment, calendar
from tasks.mail.message import build
from tasks.mail.render import Recipient, RenderedMail

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CREATED = datetime(2026, 11, 28, 9, 0)


def meeting(start: datetime) -> CalendarEvent:
    return CalendarEvent(
        uid=meeting_uid(9),
        starts_at=start,
        ends_at=start + MEETING_LENGTH,
        sequence=0,
        meeting_id=9,
        created_at=CREATED,
        updated_at=CREATED,
    )


INVITATION = Invitation(
    summary="Vergadering Wijkraad Ruwaard",
    description="Op de agenda:\n1. Opening; 2. Speeltuin, Kortfoortstraat",
    organizer_name="wijkcoördinator",
    organizer_email="wijkcoordinator@oss.nl",
    attendee_name="Fatima el Amrani",
    attendee_email="fatima.elamrani@example.nl",
)


def parsed(event: CalendarEvent) -> icalendar.Event:
    cal = icalendar.Calendar.from_ical(calendar(event, INVITATION, CREATED))
    assert str(cal["method"]) == "REQUEST" and str(cal["version"]) == "2.0"
    (vevent,) = cal.walk("VEVENT")
    return vevent


def test_the_event_reads_back_in_europe_amsterdam_with_its_uid() -> None:
    vevent = parsed(meeting(datetime(2026, 12, 10, 19, 30)))
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    assert start == datetime(2026, 12, 10, 19, 30, tzinfo=AMSTERDAM)
    assert start.utcoffset() == timedelta(hours=1)  # winter time
    assert vevent["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert end - start == MEETING_LENGTH
    assert str(vevent["uid"]) == "meeting-9@wijkraden.oss.nl"
    assert vevent.decoded("sequence") == 0
    assert str(vevent["summary"]) == "Vergadering Wijkraad Ruwaard"
    assert str(vevent["description"]) == INVITATION.description
    assert str(vevent["attendee"]) == "mailto:fatima.elamrani@example.nl"
    assert str(vevent["organizer"]) == "mailto:wijkcoordinator@oss.nl"


def test_the_calendar_carries_the_amsterdam_timezone_with_summer_time() -> None:
    data = calendar(meeting(datetime(2027, 6, 1, 19, 30)), INVITATION, CREATED)
    cal = icalendar.Calendar.from_ical(data)
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Amsterdam"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    (vevent,) = cal.walk("VEVENT")
    assert vevent.decoded("dtstart").utcoffset() == timedelta(hours=2)  # summer time
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded (RFC 5545, 3.1)


def test_a_changed_time_keeps_the_uid_and_raises_the_sequence() -> None:
    event = meeting(datetime(2026, 12, 10, 19, 30))
    first = parsed(event)
    later = CREATED + timedelta(days=1)
    assert event.move(datetime(2026, 12, 10, 20, 0), MEETING_LENGTH, later)
    second = parsed(event)
    assert str(second["uid"]) == str(first["uid"])
    assert second.decoded("sequence") == first.decoded("sequence") + 1
    assert second.decoded("dtstart") == datetime(2026, 12, 10, 20, 0, tzinfo=AMSTERDAM)
    assert not event.move(datetime(2026, 12, 10, 20, 0), MEETING_LENGTH, later)  # same time
    assert parsed(event).decoded("sequence") == 1
    assert event.move(datetime(2026, 12, 17, 20, 0), MEETING_LENGTH, later)  # another day
    assert parsed(event).decoded("sequence") == 2


def test_the_mail_is_mixed_with_the_alternative_first_and_the_calendar_after() -> None:
    ics = attachment(meeting(datetime(2026, 12, 10, 19, 30)), INVITATION, CREATED)
    mail = RenderedMail(
        Recipient("Fatima el Amrani", "fatima.elamrani@example.nl"),
        "Vergadering",
        "Hallo",
        "<p>Hallo</p>",
        attachments=(ics,),
    )
    data = build(
        mail,
        sender="wijkraden@oss.nl",
        sender_name="Gemeente Oss",
        msgid="<wijkraad.1.abc@oss.nl>",
        at=CREATED,
    )
    message = message_from_bytes(data, policy=policy.default)
    assert message.get_content_type() == "multipart/mixed"
    alternative, invitation = message.get_payload()  # type: ignore[misc]
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == ["text/plain", "text/html"]
    assert invitation.get_content_type() == "text/calendar"
    assert invitation.get_param("method") == "REQUEST"
    assert invitation.get_filename() == "uitnodiging.ics"
    assert invitation.get_payload(decode=True) == ics.data
    cal = icalendar.Calendar.from_ical(invitation.get_payload(decode=True))
    assert str(cal.walk("VEVENT")[0]["uid"]) == "meeting-9@wijkraden.oss.nl"


def test_a_mail_without_attachment_stays_a_plain_alternative() -> None:
    mail = RenderedMail(Recipient("Jan", "jan@example.nl"), "Onderwerp", "Hallo", "<p>Hallo</p>")
    data = build(
        mail, sender="wijkraden@oss.nl", sender_name="Gemeente Oss", msgid="<m@oss.nl>", at=CREATED
    )
    assert message_from_bytes(data).get_content_type() == "multipart/alternative"
