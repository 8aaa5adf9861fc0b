"""Declarations rest on the candidate's word: the committee or the coördinator overturns any
finding, with who and why, and the candidate's status, the list and the advice follow."""

from __future__ import annotations

import getpass

import pytest

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import nominating, refused

pytestmark = pytest.mark.usefixtures("prefect")


def _statuses(cli, proc: int) -> dict[int, str]:  # type: ignore[no-untyped-def]
    return {r["id"]: r["status"] for r in ok(cli("candidates", "list", str(proc), "--json"))}


def test_a_finding_is_overturned_both_ways_and_shows_in_the_list_and_advice(  # type: ignore[no-untyped-def]
    cli, table_counts
) -> None:
    proc, (first, second), (employee,) = nominating(cli, 2, ineligible=1)

    # the committee learns the first one sits for a party in the gemeenteraad
    ok(
        cli(
            "screen", "overturn", str(proc), str(first), "--rule", "politics", "--fail",
            "--reason", "Staat op de kieslijst van een lokale partij", "--by", "commissie",
            "--json",
        )
    )  # fmt: skip
    # and the "employee" left the municipality before applying
    ok(
        cli(
            "screen", "overturn", str(proc), str(employee), "--rule", "municipal_employment",
            "--pass", "--reason", "Dienstverband eindigde in 2025 (gecontroleerd bij HR)",
            "--json",
        )
    )  # fmt: skip
    statuses = _statuses(cli, proc)
    assert statuses[first] == "ineligible"
    assert statuses[employee] == "eligible"
    assert statuses[second] == "interviewed"

    rows = {r["id"]: r for r in ok(cli("candidates", "list", str(proc), "--json"))}
    politics = next(f for f in rows[first]["findings"] if f["rule"] == "politics")
    assert politics["result"] == "fail" and politics["resolved_by"] == "commissie"
    assert "kieslijst" in politics["reason"]
    table = cli("candidates", "list", str(proc)).stdout
    assert table.count("besloten") == 2 and "kieslijst" in table

    trail = ok(cli("history", str(proc), "--json"))
    overturned = [r for r in trail if r["action"] == "finding_overturned"]
    assert [r["actor"] for r in overturned] == [f"cli:{getpass.getuser()}"] * 2
    assert "besloten door commissie" in overturned[0]["reason"]

    # an interviewed candidate who still passes stays interviewed
    ok(
        cli(
            "screen", "overturn", str(proc), str(second), "--rule", "residence", "--pass",
            "--reason", "Adres bevestigd", "--json",
        )
    )  # fmt: skip
    assert _statuses(cli, proc)[second] == "interviewed"

    ok(cli("interview", str(proc), str(employee), "--score", "gebied=5", "--json"))
    ok(cli("nominate", str(proc), str(employee), str(second), "--json"))
    detail = ok(cli("status", str(proc), "--json"))
    assert detail["stage"] == "awaiting_decision"
    advice = " ".join(detail["advice_text"].split())
    assert "Toetsing door mensen beslist" in advice
    assert "besloten door commissie: Herzien: Staat op de kieslijst" in advice
    assert "Dienstverband eindigde in 2025" in advice


def test_overturn_refusals(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc, (first,), _ = nominating(cli, 1)
    message = refused(
        cli, table_counts, "screen", "overturn", str(proc), str(first), "--rule", "hobby",
        "--pass", "--reason", "x",
    )  # fmt: skip
    assert "residence" in message
    message = refused(
        cli, table_counts, "screen", "overturn", str(proc), str(first), "--rule", "politics",
        "--pass", "--fail", "--reason", "x",
    )  # fmt: skip
    assert "--pass of --fail" in message
    ok(cli("nominate", str(proc), str(first), "--json"))
    message = refused(
        cli, table_counts, "screen", "overturn", str(proc), str(first), "--rule", "politics",
        "--fail", "--reason", "Te laat ontdekt",
    )  # fmt: skip
    assert message
