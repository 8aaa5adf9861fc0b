"""`wijkraad mail send | list | show | preview`, and the query the daily digest uses."""

from __future__ import annotations

import pytest

from tasks.adapters.db import session_scope
from tasks.queries import outbox as mail_queries
from tests.fixtures_smtp import MailWorld, SmtpServer, enqueue_many


@pytest.fixture
def delivered_and_refused(mail_world: MailWorld, smtp_server: SmtpServer) -> list[int]:
    from tasks.mail.delivery import deliver_due

    ids = enqueue_many(mail_world.procedure_id, 3)
    smtp_server.handler.refuse("bewoner1@example.nl", "550 5.1.1 Onbekende ontvanger")
    deliver_due()
    return ids


def test_list_shows_the_outbox_and_filters_on_status(cli, delivered_and_refused) -> None:
    everything = cli("mail", "list", "--json").json()
    assert [r["id"] for r in everything] == sorted(delivered_and_refused, reverse=True)
    failed = cli("mail", "list", "--status", "permanent_failure", "--json").json()
    assert [(r["id"], r["last_error"]) for r in failed] == [
        (delivered_and_refused[1], "550 5.1.1 Onbekende ontvanger")
    ]
    assert failed[0]["recipient"] == "bewoner1@example.nl"
    table = cli("mail", "list")
    assert table.exit_code == 0 and "Berichten" in table.stdout and "afgeleverd" in table.stdout


def test_permanent_failures_for_the_digest(delivered_and_refused) -> None:
    with session_scope() as session:
        [failure] = mail_queries.permanent_failures(session)
    assert failure["id"] == delivered_and_refused[1]
    assert failure["template"] == "herinnering_aanmeldtermijn"
    assert failure["last_error"] == "550 5.1.1 Onbekende ontvanger"
    assert "email" not in failure and "recipient" not in failure  # ids only: safe for Prefect


def test_show_renders_the_message_as_sent(cli, delivered_and_refused) -> None:
    view = cli("mail", "show", str(delivered_and_refused[0]), "--json").json()
    assert view["status"] == "delivered" and view["message_id"].startswith("<wijkraad.")
    assert view["to"] == "Bewoner 0 <bewoner0@example.nl>"
    assert view["subject"].startswith("Herinnering: de aanmeldtermijn voor de Wijkraad Ruwaard")
    assert view["text"].startswith("Beste Bewoner 0,")
    shown = cli("mail", "show", str(delivered_and_refused[0]), "--html")
    assert "Onderwerp: Herinnering" in shown.stdout and "<p>Beste Bewoner 0,</p>" in shown.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("mail", "list", "--status", "verzonden"), "status: 'verzonden' bestaat niet"),
        (("mail", "show", "999"), "bericht: 999 bestaat niet"),
        (("mail", "preview", "geen_sjabloon"), "sjabloon: 'geen_sjabloon' bestaat niet"),
    ],
)
def test_refusals_say_why_in_dutch_and_change_nothing(
    cli, table_counts, mail_world: MailWorld, args: tuple[str, ...], message: str
) -> None:
    before = table_counts()
    result = cli(*args)
    assert result.exit_code == 1 and message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    assert table_counts() == before


def test_preview_to_the_terminal_and_to_a_file(cli, db, tmp_path) -> None:
    shown = cli("mail", "preview", "herinnering_inwerktaak")
    assert shown.exit_code == 0
    assert "Onderwerp: Herinnering: Kennismakingsgesprek met de voorzitter" in shown.stdout
    target = tmp_path / "voorbeeld.html"
    written = cli("mail", "preview", "herinnering_eerste_vergadering", "--output", str(target))
    assert written.exit_code == 0 and "<strong>" in target.read_text(encoding="utf-8")
    data = cli("mail", "preview", "herinnering_besluit_bw", "--json").json()
    assert data["subject"].startswith("Besluit van B&W over Wijkraad Ruwaard")
    assert "B&amp;W" in data["html"]


@pytest.mark.prefect
def test_send_runs_the_flow_and_writes_pickup_files(
    cli, prefect, mail_world: MailWorld, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("WIJKRAAD_HOME", str(tmp_path))
    enqueue_many(mail_world.procedure_id, 60)
    result = cli("mail", "send")  # 60 messages: with a progress bar
    assert result.exit_code == 0, result.stderr
    assert "60 verzonden, 0 later opnieuw, 0 definitief mislukt." in result.stdout
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 60
    again = cli("mail", "send", "--json").json()
    assert again == {"claimed": 0, "delivered": 0, "temporary_failure": 0, "permanent_failure": 0}


@pytest.mark.prefect
def test_the_flow_delivers_over_smtp(
    prefect, mail_world: MailWorld, smtp_server: SmtpServer
) -> None:
    from flows.deliver_mail import deliver_mail
    from tasks.adapters.orchestrator import quick_flows

    enqueue_many(mail_world.procedure_id, 5)
    smtp_server.handler.refuse("bewoner4@example.nl")
    with quick_flows():
        report = deliver_mail(limit=3)
        rest = deliver_mail()
    assert report == {"claimed": 3, "delivered": 3, "temporary_failure": 0, "permanent_failure": 0}
    assert rest == {"claimed": 2, "delivered": 1, "temporary_failure": 0, "permanent_failure": 1}
    assert smtp_server.handler.count() == 4
