"""Links in mail that carry a token: derived at rendering time (tasks/adapters/signing.py),
so the outbox holds ids only and the database only the token's digest."""

from __future__ import annotations

from models import Application, PoolMember
from tasks.adapters import signing
from tasks.adapters.settings import Settings, get_settings

APPLICATION = "aanmelding"


def application_token(application: Application) -> str:
    return signing.token(APPLICATION, application.id, application.nonce)


def confirmation_url(application: Application, settings: Settings | None = None) -> str:
    base = (settings or get_settings()).web_base_url.rstrip("/")
    return f"{base}/aanmelden/bevestigen/{application_token(application)}"


def committee_url(member_id: int, procedure_id: int, settings: Settings | None = None) -> str:
    base = (settings or get_settings()).web_base_url.rstrip("/")
    return f"{base}/commissie/{signing.committee_token(member_id, procedure_id)}"


VOLUNTEER = "loting"
VOLUNTEER_REPLY = "loting-antwoord"


def volunteer_confirmation_url(member: PoolMember, settings: Settings | None = None) -> str:
    base = (settings or get_settings()).web_base_url.rstrip("/")
    return f"{base}/loting/bevestigen/{signing.token(VOLUNTEER, member.id, member.nonce)}"


def volunteer_reply_url(member: PoolMember, settings: Settings | None = None) -> str:
    base = (settings or get_settings()).web_base_url.rstrip("/")
    return f"{base}/loting/antwoord/{signing.token(VOLUNTEER_REPLY, member.id, member.nonce)}"
