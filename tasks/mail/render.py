"""Rendering an outbox message when it is queued, and reading back what was rendered.

The context of a message holds ids and small values only. Each `<entity>_id` key is loaded and
handed to the templates under the entity's name (`procedure_id` -> `procedure`); a procedure
also brings its `area` and `term`. `recipient` is the person the message goes to, the applicant
or the coördinator. Templates per message NAME: mail/NAME.subject.txt (one line), mail/NAME.txt
and mail/NAME.html (which extend mail/_layout.txt and mail/_layout.html); attachments come from
tasks/mail/attachments.py.

`render_message` runs once, in `outbox.enqueue`, in the transaction of the fact the message
reports; `stored` gives back exactly that, and delivery sends it. Tokens are put in their slot
when the message is sent (tasks/mail/links.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

import models
from models import OutboxAttachment, OutboxMessage
from tasks.adapters.clock import now
from tasks.adapters.settings import Settings, get_settings
from tasks.adapters.templating import render
from tasks.mail import attachments, links
from tasks.mail.ics import Attachment

COORDINATOR = "coordinator"
APPLICANT = "applicant"  # the recipient is the address on an application (not yet a person)
VOLUNTEER = "volunteer"  # the recipient is a volunteer in a panel's pool (not a person)
ACCOUNT = "account"  # a web account: context `recipient_account_id`, else `account_id`

ENTITIES: dict[str, type[models.Base]] = {
    "procedure": models.Procedure,
    "candidate": models.Candidate,
    "area": models.Area,
    "council": models.Council,
    "membership": models.Membership,
    "committee_member": models.CommitteeMember,
    "experiment": models.Experiment,
    "meeting": models.Meeting,
    "onboarding_task": models.OnboardingTask,
    "board_decision": models.BoardDecision,
    "person": models.Person,
    "term": models.Term,
    "application": models.Application,
    "calendar_event": models.CalendarEvent,
    "pool_member": models.PoolMember,
    "panel": models.Panel,
    "account": models.Account,
}


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str


@dataclass(frozen=True)
class RenderedMail:
    to: Recipient
    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()


class NotRendered(LookupError):
    """A message without its rendered text (queued before messages were rendered when queued,
    or its text erased when the mail's retention ended)."""


def recipient_of(session: Session, message: OutboxMessage, settings: Settings) -> Recipient:
    if message.recipient_role == COORDINATOR:
        return Recipient("wijkcoördinator", settings.coordinator_email)
    if message.recipient_role == ACCOUNT:
        context = message.context
        wanted = context.get("recipient_account_id", context["account_id"])
        account = session.get_one(models.Account, wanted)
        return Recipient(account.name, account.email)
    if message.recipient_role == APPLICANT:
        application = session.get_one(models.Application, message.context["application_id"])
        if not application.email:
            raise LookupError("de aanmelding is al bevestigd, geweigerd of gewist")
        return Recipient(application.name or "", application.email)
    if message.recipient_role == VOLUNTEER:
        member = session.get_one(models.PoolMember, message.context["pool_member_id"])
        if not member.email:
            raise LookupError("de gegevens van deze vrijwilliger zijn gewist")
        return Recipient(member.name or "", member.email)
    person = session.get_one(models.Person, message.recipient_person_id)
    return Recipient(person.name, person.email)


def context_of(session: Session, message: OutboxMessage, settings: Settings) -> dict[str, Any]:
    context: dict[str, Any] = {"settings": settings, "now": now()}
    for key, value in message.context.items():
        entity = ENTITIES.get(key[:-3]) if key.endswith("_id") else None
        if entity is not None and value is not None:
            context[key[:-3]] = session.get_one(entity, value)
        context[key] = value
    procedure = context.get("procedure")
    if procedure is None and message.procedure_id is not None:
        procedure = session.get_one(models.Procedure, message.procedure_id)
        context["procedure"] = procedure
    if isinstance(procedure, models.Procedure):
        context.setdefault("area", procedure.area)
        context.setdefault("term", procedure.term)
    if isinstance(context.get("application"), models.Application):
        context["confirmation_url"] = links.confirmation_slot(settings)
    volunteer = context.get("pool_member")
    if isinstance(volunteer, models.PoolMember):
        context["area"] = volunteer.panel.experiment.area
        context["confirmation_url"] = links.volunteer_confirmation_slot(settings)
        context["reply_url"] = links.volunteer_reply_slot(settings)
    member = context.get("committee_member")
    if isinstance(member, models.CommitteeMember) and isinstance(procedure, models.Procedure):
        context["committee_url"] = links.committee_slot(settings)
    return context


def render_message(
    session: Session, message: OutboxMessage, settings: Settings | None = None
) -> RenderedMail:
    """The message from the database as it is now (tokens left in their slot)."""
    settings = settings or get_settings()
    to = recipient_of(session, message, settings)
    context = context_of(session, message, settings) | {
        "recipient": to,
        "to_coordinator": message.recipient_role == COORDINATOR,
    }
    name = message.template
    subject = " ".join(render(f"mail/{name}.subject.txt", **context).split())
    return RenderedMail(
        to=to,
        subject=subject,
        text=render(f"mail/{name}.txt", **context),
        html=render(f"mail/{name}.html", **context),
        attachments=attachments.for_message(session, name, context, to, settings),
    )


def store(message: OutboxMessage, mail: RenderedMail) -> None:
    """Keep the rendered message on its row: this is what will be sent."""
    message.rendered_at = now()
    message.recipient_name, message.recipient_email = mail.to.name, mail.to.email
    message.subject_line, message.body_text, message.body_html = mail.subject, mail.text, mail.html
    message.attachments = [
        OutboxAttachment(position=n, filename=a.filename, content_type=a.content_type, data=a.data)
        for n, a in enumerate(mail.attachments)
    ]


def stored(message: OutboxMessage) -> RenderedMail:
    """The message as rendered when it was queued (tokens still in their slot)."""
    if (
        message.subject_line is None
        or message.body_text is None
        or message.body_html is None
        or message.recipient_email is None
    ):
        raise NotRendered("de tekst van dit bericht is er niet (meer)")
    return RenderedMail(
        to=Recipient(message.recipient_name or "", message.recipient_email),
        subject=message.subject_line,
        text=message.body_text,
        html=message.body_html,
        attachments=tuple(
            Attachment(a.filename, a.content_type, a.data) for a in message.attachments
        ),
    )


def as_sent(session: Session, message: OutboxMessage) -> RenderedMail:
    """The stored message with the recipient's token in its slot: exactly what goes out."""
    mail = stored(message)
    if not links.has_slot(mail.text) and not links.has_slot(mail.html):
        return mail
    tokens = links.tokens_for(session, {"procedure_id": message.procedure_id} | message.context)
    return RenderedMail(
        to=mail.to,
        subject=mail.subject,
        text=links.fill(mail.text, tokens),
        html=links.fill(mail.html, tokens),
        attachments=mail.attachments,
    )
