"""The councils' advice to B&W: an advice decision is sent as an advice with a due date, the
coördinator records B&W's answer once, and bad input is refused in Dutch with nothing written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

pytestmark = pytest.mark.usefixtures("db")


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def refused(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    return result.stderr


WALPLEIN = "Advies over de herinrichting van het Walplein"


def _advice(cli, summary: str = WALPLEIN, day: str = "2026-11-20") -> int:  # type: ignore[no-untyped-def]
    meeting = ok(cli("meetings", "add", "--area", "ruwaard", "--date", day, "--json"))
    added = ok(cli("decisions", "add", "--meeting", str(meeting.json()["id"]), "--kind", "advies",
                   "--summary", summary, "--json"))  # fmt: skip
    advice_id = added.json()["advice_id"]
    assert isinstance(advice_id, int)
    return advice_id


def test_an_advice_decision_is_sent_with_its_due_date(cli) -> None:  # type: ignore[no-untyped-def]
    advice_id = _advice(cli)
    rows = ok(cli("advice", "list", "--json")).json()
    assert [r["id"] for r in rows] == [advice_id]
    row = rows[0]
    assert row["sent_on"] == "2026-11-28"  # the day it was recorded (the clock of the test)
    assert row["answer_due_on"] == (date(2026, 11, 28) + timedelta(weeks=6)).isoformat()
    assert row["decided_on"] == "2026-11-20"
    assert row["subject"] == "Advies over de herinrichting van het Walplein"
    assert row["state"] == "open" and row["answered_on"] is None
    assert [r["id"] for r in ok(cli("advice", "list", "--open", "--json")).json()] == [advice_id]
    shown = ok(cli("advice", "list")).stdout
    assert "Walplein" in shown and "wacht op antwoord" in shown


def test_a_subsidy_is_no_advice(cli) -> None:  # type: ignore[no-untyped-def]
    meeting = ok(cli("meetings", "add", "--area", "ruwaard", "--date", "2026-11-20", "--json"))
    added = ok(cli("decisions", "add", "--meeting", str(meeting.json()["id"]), "--kind",
                   "subsidie", "--summary", "Buurtfeest", "--amount", "250", "--json"))  # fmt: skip
    assert added.json()["advice_id"] is None
    assert ok(cli("advice", "list", "--json")).json() == []


def test_the_answer_weeks_are_a_setting(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WIJKRAAD_ADVICE_ANSWER_WEEKS", "2")
    _advice(cli)
    assert ok(cli("advice", "list", "--json")).json()[0]["answer_due_on"] == "2026-12-12"


def test_the_answer_is_recorded_once(cli) -> None:  # type: ignore[no-untyped-def]
    advice_id = _advice(cli)
    said = ok(cli("advice", "answer", str(advice_id), "--date", "2026-11-28", "--outcome",
                  "deels overgenomen", "--reference", "B&W 2026/0456")).stdout  # fmt: skip
    assert "deels overgenomen" in said and "op tijd" in said
    row = ok(cli("advice", "list", "--json")).json()[0]
    assert row["outcome"] == "deels_overgenomen"
    assert row["answered_on"] == "2026-11-28" and row["answered_in_time"] is True
    assert row["answer_reference"] == "B&W 2026/0456" and row["state"] == "answered"
    assert ok(cli("advice", "list", "--open", "--json")).json() == []
    again = refused(cli("advice", "answer", str(advice_id), "--date", "2026-11-28",
                        "--outcome", "overgenomen", "--text", "Toch wel"))  # fmt: skip
    assert "al vastgelegd" in again
    assert ok(cli("advice", "list", "--json")).json()[0]["outcome"] == "deels_overgenomen"


def test_a_late_answer_counts_as_late(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    advice_id = _advice(cli)
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-02-01T09:00")
    assert ok(cli("advice", "list", "--json")).json()[0]["state"] == "overdue"
    said = ok(cli("advice", "answer", str(advice_id), "--date", "2027-01-20", "--outcome",
                  "niet", "--text", "Het college neemt het advies niet over.")).stdout  # fmt: skip
    assert "niet overgenomen" in said and "na de termijn" in said
    assert ok(cli("advice", "list", "--json")).json()[0]["answered_in_time"] is False


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--date", "2026-11-28", "--outcome", "misschien", "--text", "x"), "geen uitkomst"),
        (("--date", "28-11-2026", "--outcome", "overgenomen", "--text", "x"), "geen geldige datum"),
        (("--date", "2026-11-27", "--outcome", "overgenomen", "--text", "x"), "vóór het advies"),
        (("--date", "2026-12-01", "--outcome", "overgenomen", "--text", "x"), "in de toekomst"),
        (("--date", "2026-11-28", "--outcome", "overgenomen"), "verwijzing"),
        (("--date", "2026-11-28", "--outcome", "overgenomen", "--text", "a\x1bb"), "stuurteken"),
    ],
)
def test_bad_answers_are_refused_in_dutch_and_write_nothing(cli, table_counts, args, says) -> None:  # type: ignore[no-untyped-def]
    advice_id = _advice(cli)
    before = table_counts()
    said = refused(cli("advice", "answer", str(advice_id), *args))
    assert says in said
    assert table_counts() == before


def test_an_unknown_advice_is_named(cli) -> None:  # type: ignore[no-untyped-def]
    said = refused(cli("advice", "answer", "999", "--date", "2026-11-28", "--outcome",
                       "overgenomen", "--text", "x"))  # fmt: skip
    assert "999 bestaat niet" in said and "wijkraad advice list" in said


def test_the_digest_reminds_before_the_due_date_and_reports_overdue(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from tasks.adapters import db
    from tasks.mail import digest

    advice_id = _advice(cli)  # due 2027-01-09
    with db.session_scope() as session:
        assert digest.compose(session, date(2026, 12, 31))["advice"] == {
            "due_soon": [], "overdue": []
        }  # fmt: skip
        soon = digest.compose(session, date(2027, 1, 2))["advice"]
        late = digest.compose(session, date(2027, 1, 12))
    assert [a["advice_id"] for a in soon["due_soon"]] == [advice_id] and soon["overdue"] == []
    assert [a["advice_id"] for a in late["advice"]["overdue"]] == [advice_id]
    assert late["advice"]["overdue"][0]["days_over"] == 3
    assert not digest.is_empty(late)
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-01-12T09:00")
    stalled = ok(cli("advice", "list", "--open", "--json")).json()
    assert stalled[0]["state"] == "overdue"
    ok(cli("advice", "answer", str(advice_id), "--date", "2027-01-11", "--outcome",
           "overgenomen", "--text", "Het college neemt het advies over."))  # fmt: skip
    with db.session_scope() as session:
        assert digest.compose(session, date(2027, 1, 12))["advice"]["overdue"] == []


def test_the_digest_mail_names_the_overdue_advice(cli) -> None:  # type: ignore[no-untyped-def]
    from models import OutboxMessage
    from tasks.adapters import db
    from tasks.mail.render import as_sent
    from tasks.steps import monitor

    advice_id = _advice(cli)
    message_id = monitor.enqueue_digest(date(2027, 1, 12))
    assert message_id
    with db.session_scope() as session:
        mail = as_sent(session, session.get_one(OutboxMessage, message_id))
    assert f"Advies {advice_id} (Wijkraad Ruwaard)" in mail.text
    assert "ANTWOORD TE LAAT" in mail.text and "Walplein" in mail.html
    assert "3 dagen te laat" in mail.html


def test_the_year_report_counts_advice_given_answered_in_time_and_followed(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    first = _advice(cli, "Advies over het Walplein")
    second = _advice(cli, "Advies over de bibliotheek", "2026-11-21")
    _advice(cli, "Advies over de speeltuin", "2026-11-22")
    monkeypatch.setenv("WIJKRAAD_NOW", "2027-02-01T09:00")
    ok(cli("advice", "answer", str(first), "--date", "2026-12-20", "--outcome", "overgenomen",
           "--reference", "2026/1"))  # fmt: skip
    ok(cli("advice", "answer", str(second), "--date", "2027-01-30", "--outcome", "deels",
           "--reference", "2027/2"))  # fmt: skip
    rows = ok(cli("report", "--year", "2026", "--json")).json()["areas"]
    ruwaard = next(r for r in rows if r["area"] == "ruwaard")
    assert ruwaard["advice_given"] == 3
    assert ruwaard["advice_answered"] == 2
    assert ruwaard["advice_answered_in_time"] == 1
    assert ruwaard["advice_followed"] == 1 and ruwaard["advice_partly_followed"] == 1
    assert ruwaard["advice_overdue"] == 1
    assert "adviezen" in ok(cli("report", "--year", "2026")).stdout


def test_two_answers_at_once_take_effect_once(cli) -> None:  # type: ignore[no-untyped-def]
    import threading

    from commands import advice
    from models.errors import AlreadyDone

    advice_id = _advice(cli)
    assert advice.answer  # loaded before the threads (the CLI binds it lazily)
    start, outcomes = threading.Barrier(2), []

    def answer(outcome: str) -> None:
        start.wait()
        try:
            advice.answer(advice.AnswerAdvice(advice_id, "2026-11-28", outcome, reference="x"))
            outcomes.append("recorded")
        except AlreadyDone:
            outcomes.append("already")

    threads = [threading.Thread(target=answer, args=(o,)) for o in ("overgenomen", "niet")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["already", "recorded"]
    assert ok(cli("advice", "list", "--json")).json()[0]["state"] == "answered"
