"""What the .ics of a mail says: the event named by the message's `calendar_event_id`, worded
for its recipient (a council member, a candidate, a committee member), with its time, place and
SEQUENCE when the mail is queued (a later change queues a new invitation)."""

from __future__ import annotations

import re
from typing import Any, Protocol

from sqlalchemy.orm import Session

import models
from tasks.adapters.clock import now
from tasks.adapters.settings import Settings
from tasks.mail.ics import Attachment, Invitation, attachment


class _Recipient(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def email(self) -> str: ...


def _name(value: str) -> str:
    """A CN parameter: one line, no quotes."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f\u2028\u2029\x85\"]+", " ", value).split())


def _wording(session: Session, event: models.CalendarEvent, to: _Recipient) -> tuple[str, str]:
    if event.meeting_id is not None:
        meeting = session.get_one(models.Meeting, event.meeting_id)
        kind = "Vergadering" if meeting.public else "Besloten vergadering"
        summary = f"{kind} {meeting.area.council_name}"
        description = f"{summary}."
        if meeting.agenda:
            description += f"\n\nOp de agenda:\n{meeting.agenda}"
        return summary, description
    candidate = session.get_one(models.Candidate, event.candidate_id)
    council = candidate.procedure.area.council_name
    if candidate.person.email == to.email:
        return (
            f"Kennismakingsgesprek {council}",
            f"Een gesprek met de voordrachtcommissie over uw aanmelding voor {council}.",
        )
    return (
        f"Gesprek met {_name(candidate.person.name)} ({council})",
        f"Kennismakingsgesprek met kandidaat {_name(candidate.person.name)} voor {council}.",
    )


def invitation_for(
    session: Session, context: dict[str, Any], to: _Recipient, settings: Settings
) -> tuple[Attachment, ...]:
    """The .ics attachment when the message names a calendar event, else nothing."""
    event = context.get("calendar_event")
    if not isinstance(event, models.CalendarEvent):
        return ()
    summary, description = _wording(session, event, to)
    invitation = Invitation(
        summary=summary,
        description=description,
        organizer_name="wijkcoördinator",
        organizer_email=settings.coordinator_email,
        attendee_name=_name(to.name),
        attendee_email=to.email.strip(),
        location=event.location,
    )
    return (attachment(event, invitation, now()),)
