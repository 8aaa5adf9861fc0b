"""Sending the outbox by hand (`wijkraad mail send`), as the schedule does every minute; and a
template's preview with example data (`wijkraad mail preview`), to the terminal or a file.

tasks.mail is imported inside the functions: the CLI loads this module for every command, and
Jinja2 and aiosmtplib would add to the start-up of all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.enums import Actor
from tasks.adapters import orchestrator
from tasks.adapters.clock import now
from tasks.queries.reading import reading


def send(limit: int | None = None) -> dict[str, int]:
    """Deliver every due message once (at most `limit`). Returns the counts per outcome.
    When nothing is due (or being sent) no flow runs: a delivery run would find nothing."""
    if not due():
        return nothing_sent()

    def call() -> dict[str, int]:
        from flows.deliver_mail import deliver_mail

        return dict(deliver_mail(limit))

    return orchestrator.run_flow(call)


def due() -> int:
    """How many messages a delivery run would still send now (due ones and ones being sent)."""
    from tasks.queries import outbox

    with reading() as session:
        return outbox.unfinished(session, now())


def nothing_sent() -> dict[str, int]:
    """The counts of a send when nothing is due: no flow run, no Prefect start-up for nothing."""
    from tasks.mail.delivery import DeliveryReport

    return DeliveryReport().as_dict()


@dataclass(frozen=True)
class Preview:
    template: str
    output: Path | None = None  # write one part of the mail to this file
    html: bool = False  # the HTML part (also when `output` ends in .html or .htm)
    force: bool = False  # overwrite an existing `output` (else it is kept and refused)
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class Previewed:
    template: str
    to: str
    subject: str
    text: str
    html: str
    output: Path | None  # the file written, if any
    part: str | None  # "text" or "html": what was written to `output`


def preview(command: Preview) -> Previewed:
    """Template TEMPLATE with example data; the values of its latest real message where the
    template needs them (the digest's snapshot)."""
    from tasks.mail import examples

    with reading() as session:
        recorded = examples.recorded_values(session, command.template)
    mail = examples.preview(command.template, recorded)
    part = None
    if command.output is not None:
        as_html = command.html or command.output.suffix.lower() in (".html", ".htm")
        part = "html" if as_html else "text"
        examples.write(mail, command.output, part, force=command.force)
    return Previewed(
        template=command.template,
        to=f"{mail.to.name} <{mail.to.email}>",
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        output=command.output,
        part=part,
    )


@dataclass(frozen=True)
class SendAgain:
    message_id: int
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class Requeued:
    message_id: int


def send_again(command: SendAgain) -> Requeued:
    """A message that failed for good is queued again; the next delivery run sends it."""
    from models import AuditEvent, OutboxMessage
    from models.errors import NotFound
    from tasks.adapters import db
    from tasks.mail import outbox

    with db.session_scope() as session:
        message = session.get(OutboxMessage, command.message_id)
        if message is None:
            raise NotFound(f"{command.message_id} bestaat niet.", field="message", hint="list:mail")
        moment = now()
        message.send_again(moment)
        outbox.readdress(session, message)
        session.add(
            AuditEvent(
                at=moment,
                actor=command.actor,
                action="message_requeued",
                subject_type="outbox_message",
                subject_id=message.id,
                procedure_id=message.procedure_id,
            )
        )
        return Requeued(message.id)
