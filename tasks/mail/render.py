"""Rendering an outbox message from the database at delivery time.

The context of a message holds ids and small values only. Each `<entity>_id` key is loaded and
handed to the templates under the entity's name (`procedure_id` -> `procedure`); a procedure
also brings its `area` and `term`. `recipient` is the person the message goes to, or the
coördinator. Templates per message NAME: mail/NAME.subject.txt (one line), mail/NAME.txt and
mail/NAME.html (which extend mail/_layout.txt and mail/_layout.html).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import models
from models import OutboxMessage
from tasks.adapters.clock import now
from tasks.adapters.settings import Settings, get_settings
from tasks.adapters.templating import render
from tasks.mail import invitations, links
from tasks.mail.ics import Attachment
from tasks.mail.outbox import COORDINATOR

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
}
APPLICANT = "applicant"  # the recipient is the address on an application (not yet a person)
VOLUNTEER = "volunteer"  # the recipient is a volunteer in a panel's pool (not a person)


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


Loaded = dict[tuple[type, int], Any]


def _get(session: Session, entity: type[models.Base], pk: Any, loaded: Loaded | None) -> Any:
    """An entity by id: from what `preload` loaded, else from the session."""
    found = loaded.get((entity, pk)) if loaded is not None else None
    return found if found is not None else session.get_one(entity, pk)


def recipient_of(
    session: Session, message: OutboxMessage, settings: Settings, loaded: Loaded | None = None
) -> Recipient:
    if message.recipient_role == COORDINATOR:
        return Recipient("wijkcoördinator", settings.coordinator_email)
    if message.recipient_role == APPLICANT:
        application = _get(session, models.Application, message.context["application_id"], loaded)
        if not application.email:
            raise LookupError("de aanmelding is al bevestigd, geweigerd of gewist")
        return Recipient(application.name or "", application.email)
    if message.recipient_role == VOLUNTEER:
        member = _get(session, models.PoolMember, message.context["pool_member_id"], loaded)
        if not member.email:
            raise LookupError("de gegevens van deze vrijwilliger zijn gewist")
        return Recipient(member.name or "", member.email)
    person = _get(session, models.Person, message.recipient_person_id, loaded)
    return Recipient(person.name, person.email)


def context_of(
    session: Session, message: OutboxMessage, settings: Settings, loaded: Loaded | None = None
) -> dict[str, Any]:
    context: dict[str, Any] = {"settings": settings, "now": now()}
    for key, value in message.context.items():
        entity = ENTITIES.get(key[:-3]) if key.endswith("_id") else None
        if entity is not None and value is not None:
            context[key[:-3]] = _get(session, entity, value, loaded)
        context[key] = value
    procedure = context.get("procedure")
    if procedure is None and message.procedure_id is not None:
        procedure = _get(session, models.Procedure, message.procedure_id, loaded)
        context["procedure"] = procedure
    if isinstance(procedure, models.Procedure):
        context.setdefault("area", procedure.area)
        context.setdefault("term", procedure.term)
    if isinstance(context.get("application"), models.Application):
        context["confirmation_url"] = links.confirmation_url(context["application"], settings)
    volunteer = context.get("pool_member")
    if isinstance(volunteer, models.PoolMember):
        context["area"] = volunteer.panel.experiment.area
        context["confirmation_url"] = links.volunteer_confirmation_url(volunteer, settings)
        context["reply_url"] = links.volunteer_reply_url(volunteer, settings)
    member = context.get("committee_member")
    if isinstance(member, models.CommitteeMember) and isinstance(procedure, models.Procedure):
        context["committee_url"] = links.committee_url(member.id, procedure.id, settings)
    return context


def preload(session: Session, messages: Sequence[OutboxMessage]) -> Loaded:
    """Load everything these messages' contexts name in one query per kind of entity.

    Returns the loaded objects by (entity, id), for `render_message(..., loaded=)`; keeping
    them also keeps them in the session's identity map, which holds objects weakly.
    """
    wanted: dict[type[models.Base], set[int]] = defaultdict(set)
    for message in messages:
        if message.recipient_person_id is not None:
            wanted[models.Person].add(message.recipient_person_id)
        if message.procedure_id is not None:
            wanted[models.Procedure].add(message.procedure_id)
        for key, value in message.context.items():
            entity = ENTITIES.get(key[:-3]) if key.endswith("_id") else None
            if entity is not None and isinstance(value, int):
                wanted[entity].add(value)
    loaded: list[Any] = []
    for entity, ids in wanted.items():
        loaded += session.scalars(select(entity).where(entity.id.in_(ids))).all()  # type: ignore[attr-defined]
    procedures = [o for o in loaded if isinstance(o, models.Procedure)]
    loaded += [p.area for p in procedures] + [p.term for p in procedures]
    return {(type(o), o.id): o for o in loaded}


def render_message(
    session: Session,
    message: OutboxMessage,
    settings: Settings | None = None,
    loaded: Loaded | None = None,
) -> RenderedMail:
    settings = settings or get_settings()
    to = recipient_of(session, message, settings, loaded)
    context = context_of(session, message, settings, loaded) | {"recipient": to}
    name = message.template
    subject = " ".join(render(f"mail/{name}.subject.txt", **context).split())
    return RenderedMail(
        to=to,
        subject=subject,
        text=render(f"mail/{name}.txt", **context),
        html=render(f"mail/{name}.html", **context),
        attachments=invitations.invitation_for(session, context, to, settings),
    )
