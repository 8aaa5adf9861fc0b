"""The digest and the experiment mails render in Dutch, text and HTML, with every section;
and the schedules are what the settings say."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from models import OutboxMessage
from models.enums import MessageStatus
from tasks.adapters import db
from tasks.mail.render import as_sent
from tasks.steps import experiments, meetings, monitor
from tests.integration.watch_world import apply, at, dates, open_procedure, seat

pytestmark = pytest.mark.usefixtures("db")


def rendered(message_id: int):  # type: ignore[no-untyped-def]
    with db.session_scope() as session:
        return as_sent(session, session.get_one(OutboxMessage, message_id))


def test_a_digest_with_every_section(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seat("ruwaard", 3)
    seat("herpen", 1)
    stalled_id = open_procedure("ruwaard")
    suspended_id = open_procedure("berghem")
    apply(suspended_id, "suspend", reason="gebiedsindeling wordt herzien")
    with db.session_scope() as session:
        meetings.add(session, "ruwaard", date(2026, 11, 2), public=True, agenda=None)
        failed = monitor.digest.enqueue(
            session, template="digest", subject="test", occasion="x", role="coordinator"
        )
        session.flush()
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == failed.id)
            .values(status=MessageStatus.PERMANENT_FAILURE)
        )
    monitor.propose_experiments(date(2026, 11, 28))
    _, deadline = dates(stalled_id)
    day = deadline + timedelta(days=3)
    at(day, monkeypatch)
    with db.session_scope() as session:
        data = experiments.StartInput.parse(
            "herpen",
            "loting",
            "2026-11-28",
            (day + timedelta(days=5)).isoformat(),
            "Leden door loting",
            None,
        )
        experiments.start(session, data)
    message_id = monitor.enqueue_digest(day)
    assert message_id
    mail = rendered(message_id)
    assert mail.to.email == "wijkcoordinator@oss.nl"
    assert mail.subject.startswith("Dagoverzicht wijk- en dorpsraden 14 januari 2027")
    for words in (
        f"Procedure {stalled_id} (ruwaard), fase voordrachtcommissie vormen: 3 dagen over de "
        "uiterste datum 11 januari 2027",
        "Wacht op de zittende raad",
        f"Procedure {suspended_id} (berghem)",
        "dagen opgeschort",
        "Dorpsraad Herpen heeft 1 leden, minder dan het minimum van 3",
        "EXPERIMENTEN TE EVALUEREN",
        "(Herpen, loting): evalueren op 19 januari 2027",
        "Ruwaard: 0 van de 6 openbare vergaderingen",  # a new year: the count starts again
        "notulen ontbreken",
        "1 bericht(en) definitief mislukt",
    ):
        assert words in mail.text, words
    assert "<h3>Vertraagde procedures</h3>" in mail.html
    assert "Beste wijkcoördinator" in mail.html


def test_the_evaluation_reminder_is_sent_once_per_evaluation_date(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with db.session_scope() as session:
        data = experiments.StartInput.parse(
            "lith",
            "other",
            "2026-11-01",
            "2027-02-01",
            "Geen kandidaten gevonden",
            "Bewonersavonden per kern",
        )
        experiments.start(session, data)
    assert monitor.experiment_reminders(date(2027, 1, 17)) == []  # more than 14 days ahead
    [first] = monitor.experiment_reminders(date(2027, 1, 18))
    assert monitor.experiment_reminders(date(2027, 2, 3)) == [first]  # the same, not a new one
    with db.session_scope() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "experiment_evaluation")
        ).all()
        assert [r.id for r in rows] == [first]
    mail = rendered(first)
    assert mail.subject == "Evaluatie experiment Lith op 1 februari 2027"
    assert "/raden/lith#experimenten" in mail.text and "wijkraad experiment" not in mail.text
    assert "Bewonersavonden per kern" in mail.html


@pytest.mark.prefect
def test_the_schedules_follow_the_settings(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from flows.serve import deployments
    from tasks.adapters.settings import get_settings

    monkeypatch.setenv("WIJKRAAD_MONITOR_TIME", "06:30")
    monitor_deployment, mail_deployment = deployments(get_settings())
    [daily] = monitor_deployment.schedules
    assert (daily.schedule.cron, daily.schedule.timezone) == ("30 6 * * *", "Europe/Amsterdam")
    [minutely] = mail_deployment.schedules
    assert minutely.schedule.interval == timedelta(seconds=60)
    assert {monitor_deployment.name, mail_deployment.name} == {
        "monitor-daily",
        "deliver-mail-every-minute",
    }
