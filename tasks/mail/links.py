"""Links in mail that carry a token (tasks/adapters/signing.py).

A message is rendered when it is queued, but the database must never hold a token (a backup or
a leak must not give one away): the stored text carries `SLOT` where the recipient's token goes,
and `fill` puts the token in when the message is sent (or shown), derived from the ids in the
message's context. The token is always the recipient's own: a confirmation link for the
applicant, the personal page for a committee member.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from models import Application, PoolMember
from tasks.adapters import signing
from tasks.adapters.settings import Settings, get_settings

APPLICATION = "aanmelding"
VOLUNTEER = "loting"
VOLUNTEER_REPLY = "loting-antwoord"
SLOT = "wijkraad-persoonlijke-sleutel"  # where the token goes; never a token itself
REPLY_SLOT = "wijkraad-persoonlijke-antwoordsleutel"  # a volunteer's second link


def application_token(application: Application) -> str:
    return signing.token(APPLICATION, application.id, application.nonce)


def _base(settings: Settings | None) -> str:
    return (settings or get_settings()).web_base_url.rstrip("/")


def confirmation_url(application: Application, settings: Settings | None = None) -> str:
    return f"{_base(settings)}/aanmelden/bevestigen/{application_token(application)}"


def committee_url(member_id: int, procedure_id: int, settings: Settings | None = None) -> str:
    return f"{_base(settings)}/commissie/{signing.committee_token(member_id, procedure_id)}"


def volunteer_confirmation_url(member: PoolMember, settings: Settings | None = None) -> str:
    return (
        f"{_base(settings)}/loting/bevestigen/{signing.token(VOLUNTEER, member.id, member.nonce)}"
    )


def volunteer_reply_url(member: PoolMember, settings: Settings | None = None) -> str:
    token = signing.token(VOLUNTEER_REPLY, member.id, member.nonce)
    return f"{_base(settings)}/loting/antwoord/{token}"


def volunteer_confirmation_slot(settings: Settings | None = None) -> str:
    return f"{_base(settings)}/loting/bevestigen/{SLOT}"


def volunteer_reply_slot(settings: Settings | None = None) -> str:
    return f"{_base(settings)}/loting/antwoord/{REPLY_SLOT}"


def confirmation_slot(settings: Settings | None = None) -> str:
    return f"{_base(settings)}/aanmelden/bevestigen/{SLOT}"


def committee_slot(settings: Settings | None = None) -> str:
    return f"{_base(settings)}/commissie/{SLOT}"


def tokens_for(session: Session, context: dict[str, Any]) -> dict[str, str]:
    """The recipient's tokens named by a message's context, by slot; none when it names none
    (or the application or volunteer is gone: purged unconfirmed)."""
    if context.get("application_id") is not None:
        application = session.get(Application, context["application_id"])
        return {SLOT: application_token(application)} if application is not None else {}
    if context.get("pool_member_id") is not None:
        volunteer = session.get(PoolMember, context["pool_member_id"])
        if volunteer is None:
            return {}
        return {
            SLOT: signing.token(VOLUNTEER, volunteer.id, volunteer.nonce),
            REPLY_SLOT: signing.token(VOLUNTEER_REPLY, volunteer.id, volunteer.nonce),
        }
    member, procedure = context.get("committee_member_id"), context.get("procedure_id")
    if member is not None and procedure is not None:
        return {SLOT: signing.committee_token(member, procedure)}
    return {}


def has_slot(text: str) -> bool:
    return SLOT in text or REPLY_SLOT in text


def fill(text: str, tokens: dict[str, str]) -> str:
    """The stored text with the tokens in their slots."""
    for slot in (REPLY_SLOT, SLOT):  # the longer first: it contains no other
        if slot in text:
            if slot not in tokens:
                raise LookupError("de persoonlijke link van dit bericht bestaat niet meer")
            text = text.replace(slot, tokens[slot])
    return text
