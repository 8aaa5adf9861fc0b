"""A resident applies on the public page and confirms from the mail.

Each form counts against the limit per client address, a refused or invalid one too. The limit
per email address counts the confirmation mails sent to it, not the forms: a repeat form for an
application that still waits sends the same link again at most once an hour (and counts only
then), so nobody can block a resident's application by typing their address. The client address
is used only for that count (as a digest), never stored or logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from models import Area
from models.application import Throttled
from models.errors import DomainError, InvalidInput
from tasks.adapters import db
from tasks.queries import lookup
from tasks.steps import applications, throttle
from tasks.steps.applications import Confirmation, Outcome
from tasks.steps.candidates import CandidateInput

__all__ = ["Applied", "Apply", "Confirm", "Confirmation", "Outcome", "apply", "check", "confirm"]


@dataclass(frozen=True)
class Apply:
    area: str
    name: str
    email: str
    postcode: str
    house_number: str
    motivation: str | None = None
    politically_active: bool = False
    municipal_employee: bool = False
    client_address: str = ""
    trap: str = ""  # the honeypot field: a person leaves it empty


@dataclass(frozen=True)
class Applied:
    """The same answer whatever happened behind it (a trap filled, a mail queued)."""

    area: str


def apply(command: Apply) -> Applied:
    """One unit of work for a valid application: both counts, the check that the call is
    open, the application and its mail (one commit: the form's cost is mostly the commit).
    A trap filled or invalid input: only the address is counted."""
    if command.trap:
        throttle.hit(throttle.FORM_PER_ADDRESS, command.client_address)
        return Applied(command.area)  # a robot: it hears what a person hears, nothing is kept
    try:
        data = CandidateInput.parse(
            name=command.name,
            email=command.email,
            postcode=command.postcode,
            house_number=command.house_number,
            motivation=command.motivation,
            politically_active=command.politically_active,
            municipal_employee=command.municipal_employee,
        )
    except InvalidInput:
        throttle.hit(throttle.FORM_PER_ADDRESS, command.client_address)
        raise

    def submit() -> None:
        with db.session_scope() as session:
            throttle.hit_in(session, throttle.FORM_PER_ADDRESS, command.client_address)
            if applications.submit(session, command.area, data).sent:
                throttle.hit_in(session, throttle.FORM_PER_EMAIL, data.email)

    try:
        throttle.retrying(submit)
    except Throttled:
        raise
    except DomainError:  # refused by a rule (no call open, the deadline passed): counted too
        throttle.hit(throttle.FORM_PER_ADDRESS, command.client_address)
        raise
    return Applied(command.area)


@dataclass(frozen=True)
class Confirm:
    token: str
    client_address: str = ""


@dataclass(frozen=True)
class Pending:
    """A link that may be confirmed (or was): for the page that asks to confirm."""

    area_name: str
    council_name: str
    used: bool


def check(command: Confirm) -> Pending:
    """Whether a link is valid, without using it (the page with the confirm button)."""
    throttle.hit(throttle.CONFIRM_PER_ADDRESS, command.client_address)
    with db.session_scope() as session:
        application = applications.by_token(session, command.token)
        area = application_area(session, application.procedure_id)
        return Pending(area.name, area.council_name, application.handled)


def confirm(command: Confirm) -> Confirmation:
    throttle.hit(throttle.CONFIRM_PER_ADDRESS, command.client_address)
    with db.session_scope() as session:
        email = applications.by_token(session, command.token).email
    if email:
        throttle.hit(throttle.CONFIRM_PER_EMAIL, email)
    with db.session_scope() as session:
        return applications.confirm(session, command.token)


def application_area(session: Session, procedure_id: int) -> Area:
    return lookup.procedure(session, procedure_id).area
