"""What every calendar file of the project shares (RFC 5545): the product id and the time zone,
Europe/Amsterdam by its rule, as Outlook and others send it (shorter than the library's list
of every transition since 1970). Used by the invitations (tasks/mail/ics.py) and the public
calendar feed of a council (tasks/queries/public_council.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar

from tasks.adapters.clock import TIMEZONE

PRODID = "-//Gemeente Oss//wijkraden//NL"


def vtimezone() -> icalendar.Timezone:
    """Europe/Amsterdam by its rule (EU summer time since 1996)."""
    zone = icalendar.Timezone()
    zone.add("tzid", TIMEZONE.key)
    for kind, start, month, offset_from, offset_to, name in (
        (icalendar.TimezoneDaylight, datetime(1970, 3, 29, 2), 3, 1, 2, "CEST"),  # noqa: DTZ001
        (icalendar.TimezoneStandard, datetime(1970, 10, 25, 3), 10, 2, 1, "CET"),  # noqa: DTZ001
    ):
        part = kind()
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", timedelta(hours=offset_from))
        part.add("tzoffsetto", timedelta(hours=offset_to))
        part.add("tzname", name)
        zone.add_component(part)
    return zone


def local(moment: datetime) -> datetime:
    """A naive local moment of the project's clock, in Europe/Amsterdam."""
    return moment.replace(tzinfo=TIMEZONE)
