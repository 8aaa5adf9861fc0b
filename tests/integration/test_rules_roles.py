"""Roles on a council: at most one voorzitter, secretaris and penningmeester; changes keep
their history."""

from __future__ import annotations

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import refused


def member(cli, n: int, *extra: str):  # type: ignore[no-untyped-def]
    return cli("members", "add", "--area", "ruwaard", "--name", f"Lid Nummer{n}",
               "--email", f"lid{n}@example.nl", "--postcode", "5343AB", "--house-number",
               str(n), "--since", "2026-04-01", *extra, "--json")  # fmt: skip


def test_one_voorzitter_and_the_role_history(cli, table_counts, db) -> None:  # type: ignore[no-untyped-def]
    chair = ok(member(cli, 1, "--role", "voorzitter"))["id"]
    other = ok(member(cli, 2))["id"]
    message = refused(cli, table_counts, *member_args(3, "--role", "voorzitter"))
    assert "heeft al een voorzitter" in message and f"lid {chair}" in message

    taken = refused(cli, table_counts, "members", "role", str(other), "--role", "voorzitter")
    assert "heeft al een voorzitter" in taken
    assert "functie" in refused(
        cli, table_counts, "members", "role", str(other), "--role", "koning"
    )

    ok(cli("members", "role", str(other), "--role", "secretaris", "--json"))
    ok(cli("members", "role", str(chair), "--role", "lid", "--date", "2026-11-01", "--json"))
    moved = ok(cli("members", "role", str(other), "--role", "voorzitter", "--json"))
    assert moved["role"] == "voorzitter"
    assert [(h["role"], h["since"]) for h in moved["history"]] == [
        ("lid", "2026-04-01"),
        ("secretaris", "2026-11-28"),
        ("voorzitter", "2026-11-28"),
    ]
    again = ok(cli("members", "role", str(other), "--role", "voorzitter", "--json"))
    assert len(again["history"]) == 3  # the same role again changes nothing
    roles = {m["id"]: m["role"] for m in ok(cli("members", "list", "--area", "ruwaard", "--json"))}
    assert roles == {chair: "lid", other: "voorzitter"}
    shown = cli("members", "role", str(chair), "--role", "penningmeester")
    assert shown.exit_code == 0 and "penningmeester" in shown.stdout and "vanaf" in shown.stdout


def member_args(n: int, *extra: str) -> list[str]:
    return ["members", "add", "--area", "ruwaard", "--name", f"Lid Nummer{n}",
            "--email", f"lid{n}@example.nl", "--postcode", "5343AB", "--house-number",
            str(n), "--since", "2026-04-01", *extra]  # fmt: skip
