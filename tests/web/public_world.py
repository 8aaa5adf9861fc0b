"""Helpers of the public pages' tests: a recruiting procedure (the mail fixtures' Ruwaard), the
form's CSRF token, and the confirmation link from a mail in the outbox or on the SMTP server."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.fixtures_smtp import MailWorld
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
    from tasks.mail.render import as_sent

    tokens = []
    with session_scope() as session:
        for message in session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.template == "aanmelding_bevestigen")
            .order_by(OutboxMessage.id)
        ):
            found = LINK.search(as_sent(session, message).text)
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


@dataclass
class Nominating:
    """The mail fixtures' Ruwaard procedure moved on to the interviews: two eligible
    candidates with their findings, a committee of two."""

    procedure_id: int
    member_ids: list[int]
    candidate_ids: list[int]


def nominating_world(world: MailWorld) -> Nominating:
    from datetime import date, timedelta

    import models
    from models.enums import CandidateStatus, FindingResult, Rule, Stage
    from tasks.adapters.clock import now
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    moment = now()
    with session_scope() as session:
        procedure = lookup.procedure(session, world.procedure_id)
        procedure.stage = Stage.NOMINATING
        procedure.stage_entered_at = moment
        procedure.stage_deadline = date(2027, 1, 15)
        session.get_one(models.Candidate, world.candidate_id).status = CandidateStatus.INELIGIBLE
        ids = []
        for name, email, number, motivation in (
            ("Sanne de Wit", "sanne.dewit@example.nl", "3", "Ik organiseer de buurtbarbecue."),
            ("Karim Bouzid", "karim.bouzid@example.nl", "9", "Ik wil de jeugd een stem geven."),
        ):
            person = models.Person(
                name=name, email=email, postcode="5345AB", house_number=number, created_at=moment
            )
            candidate = models.Candidate(
                procedure=procedure,
                person=person,
                applied_at=moment - timedelta(days=20),
                motivation=motivation,
                status=CandidateStatus.ELIGIBLE,
            )
            candidate.findings = [
                models.Finding(
                    rule=Rule.RESIDENCE,
                    result=FindingResult.PASS,
                    reason="postcode 5345AB ligt in Ruwaard",
                    decided_at=moment,
                )
            ]
            session.add(candidate)
            session.flush()
            ids.append(candidate.id)
        members = [
            m.id
            for m in session.scalars(
                select(models.CommitteeMember)
                .join(models.NominationCommittee)
                .where(models.NominationCommittee.procedure_id == procedure.id)
                .order_by(models.CommitteeMember.id)
            )
        ]
        return Nominating(procedure.id, members, ids)
