"""Every refused procedure command: a Dutch message on stderr, exit status 1, nothing written."""

from __future__ import annotations

import getpass

import pytest
from sqlalchemy import text

from tests.e2e.test_cli_procedure import ok

pytestmark = pytest.mark.usefixtures("prefect")


def person(n: int) -> tuple[str, str]:
    return f"Bewoner Nummer{n}", f"bewoner{n}@example.nl"


def recruiting(cli) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """A renewal of Ruwaard in recruitment; no members sit, so the coördinator appoints."""
    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    name, email = "Carla Commissie", "carla.commissie@example.nl"
    address = ("--postcode", "5343AB", "--house-number", "99")
    ok(cli("committee", "add", str(proc), "--name", name, "--email", email, *address, "--json"))
    ok(cli("committee", "confirm", str(proc), "--json"))
    return proc, email


def apply(cli, proc: int, n: int, *extra: str):  # type: ignore[no-untyped-def]
    name, email = person(n)
    return cli(
        "candidates",
        "add",
        str(proc),
        "--name",
        name,
        "--email",
        email,
        "--postcode",
        "5343AB",
        "--house-number",
        str(n),
        *extra,
        "--json",
    )


def nominating(cli, candidates: int, ineligible: int = 0) -> tuple[int, list[int], list[int]]:  # type: ignore[no-untyped-def]
    """A procedure in the interviews; `candidates` interviewed, `ineligible` refused ones."""
    proc, _ = recruiting(cli)
    good = [ok(apply(cli, proc, n))["id"] for n in range(1, candidates + 1)]
    bad = [ok(apply(cli, proc, 100 + n, "--municipal-employee"))["id"] for n in range(ineligible)]
    assert ok(cli("screen", str(proc), "--close-early", "--json"))["stage"] == "nominating"
    for candidate in good:
        ok(cli("interview", str(proc), str(candidate), "--score", "gebied=4", "--json"))
    return proc, good, bad


def refused(cli, table_counts, *args: str) -> str:  # type: ignore[no-untyped-def]
    before = table_counts()
    result = cli(*args)
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert table_counts() == before
    return " ".join(result.stderr.split())


def test_a_command_in_the_wrong_stage_says_where_and_what_first(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    message = refused(
        cli,
        table_counts,
        "candidates",
        "add",
        str(proc),
        "--name",
        "Eva",
        "--email",
        "eva@example.nl",
        "--postcode",
        "5343AB",
        "--house-number",
        "1",
    )
    assert "fase 'voordrachtcommissie vormen'" in message
    assert "committee add" in message and "werving van kandidaten" in message
    assert "committee_forming" in refused(cli, table_counts, "nominate", str(proc), "1")
    assert "committee_forming" in refused(cli, table_counts, "screen", str(proc))


def test_a_second_open_renewal_is_refused(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    ok(cli("renew", "--area", "ruwaard", "--json"))
    assert "al een open procedure" in refused(cli, table_counts, "renew", "--area", "ruwaard")


def test_a_committee_member_cannot_apply(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc, email = recruiting(cli)
    message = refused(
        cli,
        table_counts,
        "candidates",
        "add",
        str(proc),
        "--name",
        "Carla Commissie",
        "--email",
        email,
        "--postcode",
        "5343AB",
        "--house-number",
        "3",
    )
    assert "voordrachtcommissie" in message


def test_a_candidate_cannot_join_the_committee(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1))
    name, email = person(1)
    message = refused(
        cli,
        table_counts,
        "committee",
        "add",
        str(proc),
        "--name",
        name,
        "--email",
        email,
        "--postcode",
        "5343AB",
        "--house-number",
        "1",
    )
    assert "kandidaat" in message


def test_a_duplicate_application_is_refused(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1))
    before = table_counts()
    again = apply(cli, proc, 1)
    assert again.exit_code == 1 and "al aangemeld" in again.stderr
    assert table_counts() == before


def test_a_candidate_import_with_bad_rows_reads_nothing(cli, table_counts, tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    file = tmp_path / "aanmeldingen.csv"
    file.write_text(
        "name,email,postcode,house_number,politically_active\n"
        "Eva,eva@example.nl,5343AB,1,nee\n"
        "Frank,geen-mail,5343AB,2,\n"
        "Eva,eva@example.nl,5343AB,1,\n",
        encoding="utf-8",
    )
    message = refused(cli, table_counts, "candidates", "import", str(proc), str(file))
    assert "regel 3" in message and "regel 4" in message
    file.write_text("name,email,postcode,house_number\nEva,eva@example.nl,5343AB,1\n")
    assert len(ok(cli("candidates", "import", str(proc), str(file), "--json"))) == 1


def test_an_ineligible_candidate_cannot_be_nominated(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc, good, bad = nominating(cli, 1, ineligible=1)
    message = refused(cli, table_counts, "nominate", str(proc), str(good[0]), str(bad[0]))
    assert f"Kandidaat {bad[0]} kan niet worden voorgedragen" in message
    assert "niet verkiesbaar" in refused(cli, table_counts, "interview", str(proc), str(bad[0]))


def test_no_more_nominees_than_seats(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    from tasks.adapters import db

    with db.engine().begin() as connection:
        connection.execute(
            text("UPDATE areas SET max_seats = 2, min_seats = 1 WHERE slug = 'ruwaard'")
        )
    proc, good, _ = nominating(cli, 3)
    message = refused(cli, table_counts, "nominate", str(proc), *map(str, good))
    assert "2 vrije zetels" in message


def test_only_nominees_can_be_appointed(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc, good, _ = nominating(cli, 2)
    ok(cli("nominate", str(proc), str(good[0]), "--json"))
    message = refused(
        cli,
        table_counts,
        "decide",
        str(proc),
        str(good[1]),
        "--number",
        "2026/1",
        "--date",
        "2026-11-28",
    )
    assert f"Kandidaat {good[1]} staat niet op de voordracht" in message


def test_screen_resolve_only_for_a_needs_check(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    eligible = ok(apply(cli, proc, 1))["id"]
    name, email = person(2)
    unknown = ok(
        cli(
            "candidates",
            "add",
            str(proc),
            "--name",
            name,
            "--email",
            email,
            "--postcode",
            "1011AB",
            "--house-number",
            "2",
            "--json",
        )
    )["id"]
    assert ok(cli("screen", str(proc), "--close-early", "--json"))["stage"] == "screening"
    message = refused(
        cli,
        table_counts,
        "screen",
        "resolve",
        str(proc),
        str(eligible),
        "--eligible",
        "--reason",
        "gezien",
    )
    assert "needs_check" in message
    resolved = ok(
        cli(
            "screen",
            "resolve",
            str(proc),
            str(unknown),
            "--ineligible",
            "--reason",
            "Woont buiten Ruwaard",
            "--json",
        )
    )
    assert resolved["stage"] == "nominating"
    listed = {c["id"]: c for c in ok(cli("candidates", "list", str(proc), "--json"))}
    residence = next(f for f in listed[unknown]["findings"] if f["rule"] == "residence")
    assert residence["result"] == "fail" and residence["resolved_by"] == f"cli:{getpass.getuser()}"


def test_a_renewal_only_for_the_next_term(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    message = refused(cli, table_counts, "renew", "--area", "ruwaard", "--term", "3002")
    assert "--term" in message and "volgende zittingsperiode (2030)" in message
