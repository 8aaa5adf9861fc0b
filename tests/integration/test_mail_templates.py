"""Every mail template renders in Dutch with realistic data, and nothing a resident typed can
inject HTML or a header: autoescaped HTML, one-line headers, the envelope from the database."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from email import message_from_bytes, policy
from types import SimpleNamespace
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
    if name in mail_examples.COORDINATOR_TEMPLATES:
        # the program writes to the coördinator: it does not sign as her
        assert mail.text.startswith("Beste wijkcoördinator,")
        assert "automatisch verstuurd" in mail.text and "Met vriendelijke groet" not in mail.text
    else:
        assert mail.text.startswith("Beste Fatima el Amrani,")
        assert "Met vriendelijke groet" in mail.text
        assert "Fatima el Amrani" in mail.html
    assert '<html lang="nl">' in mail.html
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


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_message_asks_a_person_to_type_a_command(db: None, name: str) -> None:
    """The coördinator works in the browser and residents never see a terminal: a message
    points to a page, never to a command line."""
    mail = mail_examples.preview(name, snapshot_values(name))
    for part in (mail.text, mail.html):
        assert not re.search(r"wijkraad [a-z]+", part), part


def test_not_nominated_is_told_there_were_more_candidates_only_when_that_is_true(
    db: None,
) -> None:
    """`niet_voorgedragen` said "meer geschikte kandidaten dan plaatsen" also when seats stayed
    open: a letter that was not true."""

    def letter(seats: int, nominated: int) -> str:
        context = mail_examples.example_context()
        procedure = context["procedure"]
        statuses = ["appointed"] * nominated + ["not_nominated"]
        procedure_view = SimpleNamespace(
            id=procedure.id,
            seats=seats,
            candidates=[SimpleNamespace(status=SimpleNamespace(value=s)) for s in statuses],
        )
        return mail_examples.preview("niet_voorgedragen", {"procedure": procedure_view}).text

    more = "meer geschikte kandidaten dan plaatsen"
    assert more in letter(seats=2, nominated=2)
    assert more not in letter(seats=3, nominated=1)
    assert "niet voorgedragen" in letter(seats=3, nominated=1).replace("\n", " ")


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
