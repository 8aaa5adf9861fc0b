"""Reminders per the policy in the settings, each enqueued once per occasion however often the
monitor runs; rendered from the database in Dutch."""

from __future__ import annotations

from datetime import date, datetime
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

import models
from models.enums import MessageStatus, Stage
from tasks.adapters.db import session_scope
from tasks.mail.delivery import deliver_due
from tasks.mail.reminders import due_reminders
from tests.fixtures_smtp import MailWorld


def outbox() -> list[tuple[str, int | None, str | None, str]]:
    with session_scope() as session:
        rows = session.scalars(select(models.OutboxMessage).order_by(models.OutboxMessage.id))
        return [
            (m.template, m.recipient_person_id, m.recipient_role, m.idempotency_key) for m in rows
        ]


def at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("WIJKRAAD_NOW", moment)


def change_procedure(procedure_id: int, **values: object) -> None:
    with session_scope() as session:
        procedure = session.get_one(models.Procedure, procedure_id)
        for key, value in values.items():
            setattr(procedure, key, value)


def test_the_committee_is_reminded_once_before_the_application_deadline(
    mail_world: MailWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-20T09:00")  # deadline 4 December: 14 days ahead, not yet
    assert due_reminders() == 0
    at(monkeypatch, "2026-11-27T07:00")  # 7 days ahead: the window opens
    assert due_reminders() == 2
    assert due_reminders() == 0
    at(monkeypatch, "2026-12-03T09:00")
    assert due_reminders() == 0
    rows = outbox()
    assert {(t, p) for t, p, _, _ in rows} == {
        ("herinnering_aanmeldtermijn", p) for p in mail_world.committee_person_ids
    }


def test_the_stage_deadline_reminder_and_a_new_one_when_a_suspension_moves_it(
    mail_world: MailWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-12-15T09:00")  # stage deadline 21 December; applications closed
    assert due_reminders() == 2
    assert {t for t, *_ in outbox()} == {"herinnering_fasetermijn"}
    change_procedure(mail_world.procedure_id, stage_deadline=date(2026, 12, 22))
    assert due_reminders() == 2  # another deadline, another occasion
    assert due_reminders() == 0


def test_a_suspended_procedure_gets_no_reminders(
    mail_world: MailWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    change_procedure(
        mail_world.procedure_id, stage=Stage.SUSPENDED, suspended_stage=Stage.RECRUITING
    )
    at(monkeypatch, "2026-12-01T09:00")
    assert due_reminders() == 0


def test_an_overdue_decision_of_the_college_is_reported_to_the_coordinator_once(
    mail_world: MailWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    change_procedure(
        mail_world.procedure_id,
        stage=Stage.AWAITING_DECISION,
        stage_deadline=date(2026, 12, 1),
        application_deadline=None,
    )
    at(monkeypatch, "2026-12-01T09:00")  # on the deadline: not overdue yet
    assert due_reminders() == 0
    at(monkeypatch, "2026-12-02T09:00")
    assert due_reminders() == 1
    at(monkeypatch, "2026-12-09T09:00")
    assert due_reminders() == 0
    assert [(t, r) for t, _, r, _ in outbox()] == [("herinnering_besluit_bw", "coordinator")]


@pytest.fixture
def new_member(mail_world: MailWorld) -> dict[str, int]:
    """A member appointed by B&W on 1 November, with two onboarding tasks."""
    with session_scope() as session:
        procedure = session.get_one(models.Procedure, mail_world.procedure_id)
        procedure.stage, procedure.application_deadline = Stage.ONBOARDING, None
        decision = models.BoardDecision(
            procedure_id=procedure.id,
            number="BW-2026-0999",
            decided_on=date(2026, 10, 27),
            start_date=date(2026, 11, 1),
            end_date=date(2030, 4, 2),
            recorded_at=datetime(2026, 10, 28, 10, 0),
        )
        person = models.Person(
            name="Sanne Verhoeven",
            email="sanne.verhoeven@example.nl",
            postcode="5345AB",
            created_at=datetime(2026, 10, 1),
        )
        session.add_all([decision, person])
        session.flush()
        membership = models.Membership(
            council_id=procedure.council_id,
            person_id=person.id,
            start_date=date(2026, 11, 1),
            end_date=date(2030, 4, 2),
            board_decision_id=decision.id,
        )
        session.add(membership)
        session.flush()
        tasks = [
            models.OnboardingTask(
                procedure_id=procedure.id,
                membership_id=membership.id,
                kind=kind,
                title=title,
                due_on=due,
                done_at=done,
            )
            for kind, title, due, done in (
                ("kennismaking", "Kennismaking met de voorzitter", date(2026, 11, 30), None),
                ("stukken", "Vergaderstukken doorlezen", date(2026, 12, 20), None),
                ("gedragscode", "Gedragscode tekenen", date(2026, 11, 29), datetime(2026, 11, 2)),
            )
        ]
        session.add_all(tasks)
        session.flush()
        return {"membership": membership.id, "person": person.id, "area": procedure.area_id}


def add_meeting(area_id: int, held_on: date) -> int:
    with session_scope() as session:
        meeting = models.Meeting(area_id=area_id, held_on=held_on, agenda="1. Opening")
        session.add(meeting)
        session.flush()
        return meeting.id


def test_open_onboarding_tasks_are_reminded_once_when_due(
    new_member: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-28T09:00")  # policy: 3 days ahead
    assert due_reminders() == 1
    assert due_reminders() == 0
    [(template, person, _, key)] = outbox()
    assert (template, person) == ("herinnering_inwerktaak", new_member["person"])
    assert key.endswith("due:2026-11-30")


def test_new_members_are_reminded_of_their_first_meeting_only(
    new_member: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = add_meeting(new_member["area"], date(2026, 12, 2))
    add_meeting(new_member["area"], date(2026, 12, 9))
    at(monkeypatch, "2026-11-24T09:00")  # 8 days before: not yet
    due_reminders()
    assert "herinnering_eerste_vergadering" not in {t for t, *_ in outbox()}
    at(monkeypatch, "2026-11-25T09:00")
    due_reminders()
    at(monkeypatch, "2026-12-03T09:00")  # the second meeting is no first meeting
    due_reminders()
    firsts = [(p, k) for t, p, _, k in outbox() if t == "herinnering_eerste_vergadering"]
    assert firsts == [
        (
            new_member["person"],
            f"membership:{new_member['membership']}|person:"
            f"{new_member['person']}|herinnering_eerste_vergadering|first_meeting:{first}",
        )
    ]


def test_a_session_joins_the_callers_transaction(
    mail_world: MailWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-30T09:00")
    with pytest.raises(RuntimeError), session_scope() as session:
        assert due_reminders(session) == 2
        raise RuntimeError("the caller's change fails")
    assert outbox() == []
    assert due_reminders(datetime(2026, 11, 30, 9, 0)) == 2  # the monitor's call: a moment


def test_every_reminder_renders_in_dutch_from_the_database(
    new_member: dict[str, int], mail_world: MailWorld, monkeypatch, tmp_path
) -> None:
    monkeypatch.setenv("WIJKRAAD_HOME", str(tmp_path))
    add_meeting(new_member["area"], date(2026, 12, 2))
    at(monkeypatch, "2026-11-28T09:00")
    assert due_reminders() == 2  # onboarding: the task and the first meeting
    delivered = deliver_due().delivered  # rendered from the database as it is now
    change_procedure(
        mail_world.procedure_id, stage=Stage.AWAITING_DECISION, stage_deadline=date(2026, 11, 20)
    )
    assert due_reminders() == 1  # the college is late
    delivered += deliver_due().delivered
    change_procedure(
        mail_world.procedure_id,
        stage=Stage.RECRUITING,
        stage_deadline=date(2026, 12, 1),
        application_deadline=date(2026, 12, 1),
    )
    assert due_reminders() == 4  # the committee of two: applications and stage deadline
    delivered += deliver_due().delivered
    assert delivered == 7
    texts = {}
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 7
    for path in files:
        parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
        texts[path.stem.split("-", 1)[1]] = (
            parsed["Subject"],
            parsed.get_body(("plain",)).get_content(),
            parsed.get_body(("html",)).get_content(),
        )
    assert len(texts) == 5
    subject, text, html = texts["herinnering_besluit_bw"]
    assert subject == "Besluit van B&W over Wijkraad Ruwaard is te laat (termijn 20 november 2026)"
    assert "vrijdag 20 november 2026" in text and "B&amp;W" in html
    subject, text, _ = texts["herinnering_inwerktaak"]
    assert "Kennismaking met de voorzitter" in subject and "maandag 30 november 2026" in text
    subject, text, _ = texts["herinnering_eerste_vergadering"]
    assert subject == "Uw eerste vergadering van de Wijkraad Ruwaard: 2 december 2026"
    assert text.startswith("Beste Sanne Verhoeven,")
    subject, text, _ = texts["herinnering_aanmeldtermijn"]
    assert subject.endswith("sluit op 1 december 2026") and "dinsdag 1 december 2026" in text
    subject, _, html = texts["herinnering_fasetermijn"]
    assert subject.startswith("Herinnering: werving van kandidaten voor de Wijkraad Ruwaard")
    assert "&ldquo;werving van kandidaten&rdquo;" in html
    with session_scope() as session:
        states = set(session.scalars(select(models.OutboxMessage.status)))
    assert states == {MessageStatus.DELIVERED}
