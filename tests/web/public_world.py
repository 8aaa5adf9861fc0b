"""Helpers of the public pages' tests: a recruiting procedure (the mail fixtures' Ruwaard), the
form's CSRF token, and the confirmation link from a mail in the outbox or on the SMTP server."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of

GOOD = {
    "name": "Fatima el Amrani",
    "email": "fatima.elamrani@example.nl",
    "postcode": "5345 AB",
    "house_number": "12a",
    "motivation": "Ik woon hier twintig jaar en wil meedenken over de wijk.",
    "politically_active": "",
}
LINK = re.compile(r"https?://[^\s\"<>]+/aanmelden/bevestigen/([A-Za-z0-9_\-]+)")


def form_token(client: TestClient, slug: str = "ruwaard") -> str:
    return csrf_of(client.get(f"/aanmelden/{slug}").text)


def post_form(
    client: TestClient, values: dict[str, Any] | None = None, slug: str = "ruwaard", **extra: Any
) -> Any:
    data = {**GOOD, **(values or {}), "csrf_token": form_token(client, slug)}
    return client.post(f"/aanmelden/{slug}", data=data, follow_redirects=False, **extra)


def outbox_links() -> list[str]:
    """The confirmation tokens of the queued mails, rendered as they would be sent."""
    from sqlalchemy import select

    from models import OutboxMessage
    from tasks.adapters.db import session_scope
    from tasks.mail.render import render_message

    tokens = []
    with session_scope() as session:
        for message in session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.template == "aanmelding_bevestigen")
            .order_by(OutboxMessage.id)
        ):
            found = LINK.search(render_message(session, message).text)
            assert found
            tokens.append(found.group(1))
    return tokens


def candidate_names(procedure_id: int) -> list[str]:
    from sqlalchemy import select

    from models import Candidate, Person
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        return list(
            session.scalars(
                select(Person.name)
                .join(Candidate, Candidate.person_id == Person.id)
                .where(Candidate.procedure_id == procedure_id)
            )
        )


def count(entity: Any) -> int:
    from sqlalchemy import func, select

    from tasks.adapters.db import session_scope

    with session_scope() as session:
        return int(session.scalar(select(func.count()).select_from(entity)) or 0)
