"""The .ics invitation attached to a mail about a calendar event (RFC 5545, METHOD:REQUEST).

Built with the `icalendar` library at delivery time, from the event as it is then: its stable
UID and its SEQUENCE make a calendar replace the entry it already has when the time changed.
Times carry TZID=Europe/Amsterdam with a VTIMEZONE for it, so a calendar in another zone shows
the right moment. The organiser is the coördinator (replies go there), the attendee the
recipient of this one mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import icalendar

from models import CalendarEvent
from tasks.adapters.icalendar_zone import PRODID, local, vtimezone

METHOD = "REQUEST"


@dataclass(frozen=True)
class Attachment:
    """A part after the text and HTML of a mail."""

    filename: str
    content_type: str  # with its parameters, e.g. 'text/calendar; method=REQUEST'
    data: bytes


@dataclass(frozen=True)
class Invitation:
    summary: str
    description: str
    organizer_name: str
    organizer_email: str
    attendee_name: str
    attendee_email: str
    location: str | None = None


def calendar(event: CalendarEvent, invitation: Invitation, stamp: datetime) -> bytes:
    """The VCALENDAR of one event, as bytes (CRLF lines, folded at 75 octets by the library)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", METHOD)
    cal.add_component(vtimezone())
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", local(stamp))
    vevent.add("dtstart", local(event.starts_at))
    vevent.add("dtend", local(event.ends_at))
    vevent.add("last-modified", local(event.updated_at))
    vevent.add("summary", invitation.summary)
    vevent.add("description", invitation.description)
    if invitation.location:
        vevent.add("location", invitation.location)
    vevent.add("status", "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    organizer = icalendar.vCalAddress(f"mailto:{invitation.organizer_email}")
    organizer.params["cn"] = icalendar.vText(invitation.organizer_name)
    vevent.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{invitation.attendee_email}")
    attendee.params["cn"] = icalendar.vText(invitation.attendee_name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
    attendee.params["rsvp"] = icalendar.vText("FALSE")
    vevent.add("attendee", attendee)
    cal.add_component(vevent)
    return cal.to_ical()


def attachment(event: CalendarEvent, invitation: Invitation, stamp: datetime) -> Attachment:
    return Attachment(
        filename="uitnodiging.ics",
        content_type=f"text/calendar; method={METHOD}",
        data=calendar(event, invitation, stamp),
    )
