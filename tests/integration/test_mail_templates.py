"""Every mail template renders in Dutch with realistic data, and nothing a resident typed can
inject HTML or a header: autoescaped HTML, one-line headers, the envelope from the database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from email import message_from_bytes, policy
from typing import Any

import pytest
from sqlalchemy.orm import Session

import models
from models.enums import ProcedureKind, Stage
from models.errors import DomainError
from tasks.adapters.clock import today
from tasks.adapters.db import session_scope
from tasks.mail import digest
from tasks.mail import examples as mail_examples
from tasks.mail.delivery import deliver_due
from tasks.mail.outbox import enqueue
from tasks.mail.render import Recipient
from tasks.queries import lookup
from tests.fixtures_smtp import EVIL_MOTIVATION, EVIL_NAME, MailWorld, SmtpServer

TEMPLATES = mail_examples.template_names()


def snapshot_values(name: str) -> dict[str, Any]:
    """Templates whose message carries a data snapshot (the daily digest) get a real one."""
    if name != "digest":
        return {}
    with session_scope() as session:
        stalled_procedure(session)
        snapshot = digest.compose(session, today())
    assert snapshot["stalled"], "an empty digest would render none of its sections"
    return {"digest": snapshot}


def stalled_procedure(session: Session) -> None:
    """Lith's renewal, waiting for its committee since a year before today: overdue."""
    area = lookup.area(session, "lith")
    council = lookup.council(session, area, lookup.term_covering(session, date(2030, 6, 1)))
    opened = datetime.combine(today() - timedelta(days=365), time(9))
    session.add(
        models.Procedure(
            area_id=area.id,
            council_id=council.id,
            term_id=council.term_id,
            kind=ProcedureKind.RENEWAL,
            stage=Stage.COMMITTEE_FORMING,
            seats=7,
            opened_at=opened,
            stage_entered_at=opened,
            suspended_days=0,
        )
    )
    session.flush()


def test_the_reminder_templates_exist() -> None:
    assert {
        "herinnering_aanmeldtermijn",
        "herinnering_fasetermijn",
        "herinnering_besluit_bw",
        "herinnering_inwerktaak",
        "herinnering_eerste_vergadering",
    } <= set(TEMPLATES)


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_renders_in_dutch_with_example_data(db: None, name: str) -> None:
    mail = mail_examples.preview(name, snapshot_values(name))
    assert mail.subject and "\n" not in mail.subject
    assert mail.text.startswith("Beste Fatima el Amrani,")
    assert "Met vriendelijke groet" in mail.text
    assert '<html lang="nl">' in mail.html and "Fatima el Amrani" in mail.html
    for part in (mail.subject, mail.text, mail.html):
        assert "None" not in part and "Undefined" not in part
    if name == "digest":
        assert "VERTRAAGDE PROCEDURES" in mail.text and "dagen over de uiterste datum" in mail.text
        assert "<h3>Vertraagde procedures</h3>" in mail.html


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_motivation_or_name_with_markup_is_escaped_in_every_template(db: None, name: str) -> None:
    context = mail_examples.example_context()
    context["candidate"].motivation = EVIL_MOTIVATION
    context["person"].name = EVIL_NAME
    context["recipient"] = Recipient(EVIL_NAME, "jan.devries@example.nl")
    mail = mail_examples.preview(name, context | snapshot_values(name))
    assert "<script>" not in mail.html
    assert "&lt;script&gt;" in mail.html  # the name, at least, is shown: escaped
    if "Ik wil" in mail.text:  # a template that shows the motivation
        assert "Ik wil &lt;b&gt;graag&lt;/b&gt; meedoen &amp; meedenken." in mail.html


def test_preview_of_an_unknown_template_is_refused(db: None) -> None:
    with pytest.raises(DomainError, match="bestaat niet"):
        mail_examples.preview("bestaat_niet")


def test_a_hostile_name_reaches_the_server_as_one_harmless_recipient(
    mail_world: MailWorld, smtp_server: SmtpServer
) -> None:
    with session_scope() as session:
        enqueue(
            session,
            template="herinnering_aanmeldtermijn",
            subject=f"procedure:{mail_world.procedure_id}",
            person_id=mail_world.candidate_person_id,
            procedure_id=mail_world.procedure_id,
            context={"procedure_id": mail_world.procedure_id},
        )
    assert deliver_due().delivered == 1
    [received] = smtp_server.handler.received
    assert received.recipients == ["jan.devries@example.nl"]
    parsed = message_from_bytes(received.data, policy=policy.default)
    assert parsed["Bcc"] is None and len(parsed.get_all("To")) == 1
    [address] = parsed["To"].addresses
    assert address.addr_spec == "jan.devries@example.nl"
    assert address.display_name == "Jan <script>alert(1)</script> de Vries Bcc: stiekem@example.org"
    html = parsed.get_body(("html",)).get_content()
    assert "<script>" not in html and "Beste Jan &lt;script&gt;alert(1)&lt;/script&gt;" in html
