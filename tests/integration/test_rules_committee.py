"""The committee is independent: its members have an address, are no candidate under another
email address (in either order of registration) and do not sit on the council."""

from __future__ import annotations

import pytest

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import apply, recruiting, refused

pytestmark = pytest.mark.usefixtures("prefect")


def test_a_committee_member_needs_an_address(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    message = refused(
        cli, table_counts, "committee", "add", str(proc), "--name", "Carla", "--email", "c@x.nl"
    )
    assert "postcode: verplicht" in message and "huisnummer: verplicht" in message


def test_a_committee_member_cannot_apply_under_another_email(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)  # Carla Commissie, 5343AB 99
    message = refused(
        cli,
        table_counts,
        "candidates",
        "add",
        str(proc),
        "--name",
        "carla  COMMISSIÉ",
        "--email",
        "carla.prive@example.nl",
        "--postcode",
        "5343 ab",
        "--house-number",
        "99",
    )
    assert "voordrachtcommissie" in message


def test_a_candidate_cannot_join_the_committee_under_another_email(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 7))  # Bewoner Nummer7, 5343AB 7
    message = refused(
        cli,
        table_counts,
        "committee",
        "add",
        str(proc),
        "--name",
        "Bewóner nummer7",
        "--email",
        "werk@example.nl",
        "--postcode",
        "5343AB",
        "--house-number",
        "7",
    )
    assert "kandidaat" in message


def test_a_sitting_member_cannot_sit_on_the_committee(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    address = ("--postcode", "5343AB", "--house-number")
    members = []
    for n in range(2):
        name, email = f"Lid Nummer{n}", f"lid{n}@example.nl"
        added = cli("members", "add", "--area", "ruwaard", "--name", name, "--email", email,
                    *address, str(40 + n), "--since", "2026-04-01", "--json")  # fmt: skip
        members.append(ok(added)["id"])
    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    message = refused(
        cli,
        table_counts,
        "committee",
        "add",
        str(proc),
        "--name",
        "Lid Nummer0",
        "--email",
        "lid0.prive@example.nl",
        *address,
        "40",
        "--appointed-by",
        ",".join(map(str, members)),
    )
    assert "lid van de Wijkraad Ruwaard" in message and "onafhankelijke" in message


def test_the_advice_states_the_committee_independent(cli) -> None:  # type: ignore[no-untyped-def]
    from models import Procedure
    from tasks.adapters import db

    proc, _ = recruiting(cli)
    candidate = ok(apply(cli, proc, 1))["id"]
    ok(cli("screen", str(proc), "--close-early", "--json"))
    ok(cli("interview", str(proc), str(candidate), "--score", "gebied=4", "--json"))
    ok(cli("nominate", str(proc), str(candidate), "--json"))
    with db.session_scope() as session:
        advice = session.get_one(Procedure, proc).advice_text or ""
    assert "Geen van hen is zelf kandidaat of lid van de raad." in " ".join(advice.split())
