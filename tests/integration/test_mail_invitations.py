"""Invitations in the calendar, over a real SMTP server (aiosmtpd): a council meeting mails
each member an .ics (text/calendar, METHOD:REQUEST) with the meeting's UID; moving it mails the
same UID with a higher SEQUENCE; the first-meeting reminder of a new member carries it too."""

from __future__ import annotations

from datetime import date, datetime, time
from email.message import Message
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import func, select

import models
from commands import meetings
from models.errors import DomainError
from tasks.adapters.db import session_scope
from tasks.mail.delivery import deliver_due
from tasks.mail.reminders import due_reminders
from tests.fixtures_smtp import MailWorld, SmtpServer

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MEMBERS = (
    ("Ingrid Verhoeven", "ingrid.verhoeven@example.nl"),
    ("Youssef Amrani", "youssef.amrani@example.nl"),
)


def seat_members(*, by_decision: bool = False) -> list[int]:
    """Two members of Ruwaard's council this term; with a B&W decision, they are new."""
    from tasks.adapters.clock import now
    from tasks.queries import lookup

    with session_scope() as session:
        area = lookup.area(session, "ruwaard")
        term = lookup.term_covering(session, now().date())
        council = lookup.council(session, area, term)
        decision_id = None
        if by_decision:
            procedure = session.scalars(select(models.Procedure)).first()
            assert procedure is not None
            decision = models.BoardDecision(
                procedure_id=procedure.id,
                number="BW-2026-0777",
                decided_on=date(2026, 11, 20),
                start_date=date(2026, 11, 25),
                end_date=term.end_date,
                recorded_at=now(),
            )
            session.add(decision)
            session.flush()
            decision_id = decision.id
        ids = []
        for name, email in MEMBERS:
            person = models.Person(name=name, email=email, postcode="5345AB", created_at=now())
            session.add(person)
            session.flush()
            session.add(
                models.Membership(
                    council_id=council.id,
                    person_id=person.id,
                    start_date=date(2026, 11, 25) if by_decision else term.start_date,
                    end_date=term.end_date,
                    board_decision_id=decision_id,
                )
            )
            ids.append(person.id)
        return ids


def calendar_part(message: Message) -> icalendar.Event:
    assert message.get_content_type() == "multipart/mixed"
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    part = parts[0]
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "uitnodiging.ics"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    cal = icalendar.Calendar.from_ical(payload)
    assert str(cal["method"]) == "REQUEST"
    assert [str(z["tzid"]) for z in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    (event,) = cal.walk("VEVENT")
    return event


def received_by(smtp_server: SmtpServer) -> dict[str, Message]:
    return {r.recipients[0]: r.parsed() for r in smtp_server.handler.received}


def test_a_meeting_invites_each_member_with_an_ics_and_a_move_updates_the_same_event(
    mail_world: MailWorld, smtp_server: SmtpServer
) -> None:
    seat_members()
    added = meetings.add(meetings.AddMeeting("ruwaard", date(2026, 12, 10), start=time(19, 30)))
    assert added.starts_at == datetime(2026, 12, 10, 19, 30)

    assert deliver_due().delivered == 2
    first = received_by(smtp_server)
    assert set(first) == {email for _, email in MEMBERS}
    uid = f"meeting-{added.meeting_id}@wijkraden.oss.nl"
    for email, message in first.items():
        assert message["Subject"].startswith("Vergadering Wijkraad Ruwaard op 10 december 2026")
        event = calendar_part(message)
        assert str(event["uid"]) == uid and event.decoded("sequence") == 0
        assert event.decoded("dtstart") == datetime(2026, 12, 10, 19, 30, tzinfo=AMSTERDAM)
        assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
        assert str(event["attendee"]) == f"mailto:{email}"
        (text,) = [p for p in message.walk() if p.get_content_type() == "text/plain"]
        assert "19:30 tot 21:30 uur" in text.get_payload(decode=True).decode("utf-8")

    smtp_server.handler.received.clear()
    moved = meetings.move(meetings.MoveMeeting(added.meeting_id, date(2026, 12, 17), time(20, 0)))
    assert moved.starts_at == datetime(2026, 12, 17, 20, 0)
    assert deliver_due().delivered == 2
    again = received_by(smtp_server)
    assert set(again) == {email for _, email in MEMBERS}
    for message in again.values():
        assert message["Subject"].startswith("Gewijzigd: vergadering")
        event = calendar_part(message)
        assert str(event["uid"]) == uid and event.decoded("sequence") == 1
        assert event.decoded("dtstart") == datetime(2026, 12, 17, 20, 0, tzinfo=AMSTERDAM)

    # the same day and time again: nothing changes, nothing is sent
    meetings.move(meetings.MoveMeeting(added.meeting_id, date(2026, 12, 17)))
    with session_scope() as session:
        assert session.scalar(select(func.count(models.OutboxMessage.id))) == 4
        (event_row,) = session.scalars(select(models.CalendarEvent)).all()
        assert event_row.sequence == 1


def test_a_past_meeting_is_recorded_without_invitations_and_cannot_be_moved(
    mail_world: MailWorld,
) -> None:
    seat_members()
    added = meetings.add(meetings.AddMeeting("ruwaard", date(2026, 11, 2)))
    assert added.starts_at is None
    with pytest.raises(DomainError, match="heeft al plaatsgevonden"):
        meetings.move(meetings.MoveMeeting(added.meeting_id, date(2026, 12, 17)))
    future = meetings.add(meetings.AddMeeting("ruwaard", date(2026, 12, 10)))
    assert future.starts_at == datetime(2026, 12, 10, 19, 30)  # the usual evening start
    with pytest.raises(DomainError, match="vandaag of later"):
        meetings.move(meetings.MoveMeeting(future.meeting_id, date(2026, 11, 20)))
    with session_scope() as session:
        templates = session.scalars(select(models.OutboxMessage.template)).all()
        assert templates == ["vergadering_uitnodiging"] * 2


def test_the_first_meeting_reminder_of_new_members_carries_the_meetings_ics(
    mail_world: MailWorld, smtp_server: SmtpServer
) -> None:
    seat_members(by_decision=True)
    added = meetings.add(meetings.AddMeeting("ruwaard", date(2026, 12, 3), start=time(20, 0)))
    due_reminders()
    assert deliver_due().permanent_failure == 0
    reminders = [
        r.parsed()
        for r in smtp_server.handler.received
        if r.parsed()["Subject"].startswith("Uw eerste vergadering")
    ]
    assert len(reminders) == 2
    for message in reminders:
        event = calendar_part(message)
        assert str(event["uid"]) == f"meeting-{added.meeting_id}@wijkraden.oss.nl"
        assert event.decoded("dtstart") == datetime(2026, 12, 3, 20, 0, tzinfo=AMSTERDAM)


def test_the_cli_takes_a_time_and_moves_a_meeting(mail_world: MailWorld, cli) -> None:  # type: ignore[no-untyped-def]
    seat_members()
    added = cli("meetings", "add", "--area", "ruwaard", "--date", "2026-12-10", "--time", "19:00")
    assert added.exit_code == 0, added.stderr
    assert "om 19:00" in added.stdout
    meeting_id = added.stdout.split()[1]
    moved = cli("meetings", "move", meeting_id, "--date", "2026-12-11", "--json")
    assert moved.exit_code == 0, moved.stderr
    assert moved.json()["starts_at"] == "2026-12-11T19:00"
    bad = cli("meetings", "move", meeting_id, "--date", "2026-12-11", "--time", "19h")
    assert bad.exit_code == 1 and "geen tijd" in bad.stderr
