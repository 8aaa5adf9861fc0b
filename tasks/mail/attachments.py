"""The attachments of a message, rendered with it when it is queued: the .ics of a message
about a calendar event; the letters that go as PDF."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from tasks.adapters.settings import Settings
from tasks.mail import invitations
from tasks.mail.ics import Attachment


def for_message(
    session: Session, template: str, context: dict[str, Any], to: Any, settings: Settings
) -> tuple[Attachment, ...]:
    return invitations.invitation_for(session, context, to, settings)
