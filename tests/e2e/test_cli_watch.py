"""Watching the cycle through the command line: meetings, decisions, experiments, stalled,
report and tick. Each refusal is Dutch, on stderr, exits 1 and writes nothing."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from tests.integration.watch_world import at, dates, open_procedure, seat

pytestmark = pytest.mark.usefixtures("db")


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return result.json()


def refused(result, before, table_counts, words: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert table_counts() == before


def test_a_decision_in_a_closed_meeting_is_refused(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    closed = ok(
        cli("meetings", "add", "--area", "ruwaard", "--date", "2026-11-20", "--closed", "--json")
    )
    assert closed["public"] is False
    before = table_counts()
    result = cli(
        "decisions",
        "add",
        "--meeting",
        str(closed["id"]),
        "--kind",
        "advies",
        "--summary",
        "Advies over de herinrichting van het Ruwaardplein",
        "--json",
    )
    refused(result, before, table_counts, "openbare vergadering")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--kind", "besluit", "--summary", "x"), "subsidie of advies"),
        (("--kind", "subsidie", "--summary", "Buurtfeest"), "bedrag"),
        (("--kind", "subsidie", "--summary", "Buurtfeest", "--amount", "-5"), "positief"),
        (("--kind", "advies", "--summary", "   "), "samenvatting"),
    ],
)
def test_bad_decisions_are_refused(cli, table_counts, args, words) -> None:  # type: ignore[no-untyped-def]
    meeting = ok(cli("meetings", "add", "--area", "ruwaard", "--date", "2026-11-20", "--json"))
    before = table_counts()
    result = cli("decisions", "add", "--meeting", str(meeting["id"]), *args, "--json")
    refused(result, before, table_counts, words)


def test_a_decision_before_the_meeting_is_refused(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    meeting = ok(cli("meetings", "add", "--area", "ruwaard", "--date", "2026-12-20", "--json"))
    before = table_counts()
    result = cli(
        "decisions",
        "add",
        "--meeting",
        str(meeting["id"]),
        "--kind",
        "advies",
        "--summary",
        "Advies",
        "--json",
    )
    refused(result, before, table_counts, "als de vergadering is geweest")


def test_meetings_minutes_decisions_and_publication(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    agenda = tmp_path / "agenda.txt"
    agenda.write_text("1. Opening\n2. Subsidieaanvragen\n", encoding="utf-8")
    meeting = ok(
        cli(
            "meetings",
            "add",
            "--area",
            "ruwaard",
            "--date",
            "2026-11-20",
            "--agenda",
            str(agenda),
            "--json",
        )
    )
    subsidy = ok(
        cli(
            "decisions",
            "add",
            "--meeting",
            str(meeting["id"]),
            "--kind",
            "subsidie",
            "--summary",
            "Buurtfeest <Ruwaard> & muziek",
            "--amount",
            "1.250,50",
            "--applicant",
            "Stichting Buurtfeest",
            "--json",
        )
    )
    assert subsidy["amount_cents"] == 125050
    ok(
        cli(
            "decisions",
            "add",
            "--meeting",
            str(meeting["id"]),
            "--kind",
            "advies",
            "--summary",
            "Advies verkeersveiligheid",
            "--json",
        )
    )
    minutes = tmp_path / "notulen.txt"
    minutes.write_text("Notulen van de vergadering.", encoding="utf-8")
    ok(cli("meetings", "minutes", str(meeting["id"]), str(minutes), "--json"))
    listed = ok(cli("meetings", "list", "--area", "ruwaard", "--json"))
    assert listed[0]["minutes_published_on"] == "2026-11-28" and listed[0]["decisions"] == 2

    out = tmp_path / "site"
    published = ok(
        cli(
            "decisions",
            "publish",
            "--area",
            "ruwaard",
            "--year",
            "2026",
            "--output",
            str(out),
            "--json",
        )
    )
    assert (published["decisions"], published["newly_published"]) == (2, 2)
    html = (out / "besluiten-ruwaard-2026.html").read_text(encoding="utf-8")
    assert "Buurtfeest &lt;Ruwaard&gt; &amp; muziek" in html  # escaped
    assert "1.250,50" in html and "20 november 2026" in html
    rows = list(csv.DictReader((out / "besluiten-ruwaard-2026.csv").open(encoding="utf-8")))
    assert [r["bedrag_eur"] for r in rows] == ["1250.50", ""]
    decisions = ok(cli("decisions", "list", "--area", "ruwaard", "--year", "2026", "--json"))
    assert {d["published_on"] for d in decisions} == {"2026-11-28"}
    again = ok(
        cli(
            "decisions",
            "publish",
            "--area",
            "ruwaard",
            "--year",
            "2026",
            "--output",
            str(out),
            "--json",
        )
    )
    assert again["newly_published"] == 0


def test_an_experiment_proposal_becomes_the_running_experiment(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    from tasks.steps import monitor

    seat("berghem", 1)
    [proposal] = monitor.propose_experiments(date(2026, 11, 28))
    listed = ok(cli("experiment", "list", "--status", "proposed", "--json"))
    assert [e["id"] for e in listed] == [proposal]

    before = table_counts()
    no_description = cli(
        "experiment",
        "start",
        "--area",
        "berghem",
        "--form",
        "other",
        "--decided-with-college-on",
        "2026-11-20",
        "--reason",
        "Geen kandidaten",
        "--json",
    )
    refused(no_description, before, table_counts, "omschrijving")
    unknown = cli(
        "experiment",
        "start",
        "--area",
        "berghem",
        "--form",
        "referendum",
        "--decided-with-college-on",
        "2026-11-20",
        "--reason",
        "Geen kandidaten",
        "--json",
    )
    refused(unknown, before, table_counts, "buurtpanel")

    started = ok(
        cli(
            "experiment",
            "start",
            "--area",
            "berghem",
            "--form",
            "buurtpanel",
            "--decided-with-college-on",
            "2026-11-20",
            "--evaluate-on",
            "2027-06-01",
            "--reason",
            "Te weinig leden; een buurtpanel van twaalf bewoners",
            "--json",
        )
    )
    assert (started["id"], started["status"]) == (proposal, "running")

    before = table_counts()
    both = cli("experiment", "evaluate", str(proposal), "--outcome", "x", "--stop", "--continue")
    refused(both, before, table_counts, "precies één")
    stopped = ok(
        cli(
            "experiment", "evaluate", str(proposal), "--outcome", "Weinig animo", "--stop", "--json"
        )
    )
    assert stopped["status"] == "stopped"


def test_stalled_and_report(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pid = open_procedure("ruwaard")
    assert ok(cli("stalled", "--json")) == []
    _, deadline = dates(pid)
    at(deadline + timedelta(days=4), monkeypatch)
    [row] = ok(cli("stalled", "--json"))
    assert (row["id"], row["level"], row["days_over"]) == (pid, "overdue", 4)
    assert row["awaited_from"] == "de zittende raad"
    table = cli("stalled")
    assert "te laat" in table.stdout and "Vertraagde procedures" in table.stdout

    report = ok(cli("report", "--year", "2026", "--json"))
    ruwaard = next(a for a in report["areas"] if a["area"] == "ruwaard")
    assert [p["id"] for p in ruwaard["procedures"]] == [pid]
    assert "Jaaroverzicht 2026" in cli("report", "--year", "2026").stdout


@pytest.mark.prefect
def test_tick_runs_the_monitor_and_a_second_tick_sends_nothing_new(  # type: ignore[no-untyped-def]
    prefect, cli, monkeypatch, table_counts
) -> None:
    pid = open_procedure("ruwaard")
    target, _ = dates(pid)
    at(target + timedelta(days=2), monkeypatch)
    first = ok(cli("tick", "--json"))
    assert first["newly_stalled"] == 1 and first["digest"]
    before = table_counts()
    second = ok(cli("tick", "--json"))
    assert second["newly_stalled"] == 0 and second["digest"] == first["digest"]
    assert table_counts() == before


def test_a_dismissed_proposal_is_not_proposed_again_soon(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    from tasks.steps import monitor

    seat("berghem", 1)
    [proposal] = monitor.propose_experiments(date(2026, 11, 28))
    dismissed = ok(
        cli("experiment", "dismiss", str(proposal), "--reason", "Werving opnieuw", "--json")
    )
    assert dismissed["status"] == "dismissed"
    assert monitor.propose_experiments(date(2026, 11, 29)) == []
    before = table_counts()
    again = cli("experiment", "dismiss", str(proposal), "--reason", "nogmaals")
    refused(again, before, table_counts, "alleen een voorstel")
