"""A member who moves: within the area the address changes, out of it the seat ends
("verhuisd", on the day of the move), a seat is vacant and the coördinator gets a mail."""

from __future__ import annotations

import pytest

from tests.e2e.test_cli_procedure import add_member, ok
from tests.e2e.test_cli_procedure_refusals import refused

pytestmark = pytest.mark.usefixtures("prefect")


def test_a_move_within_the_area_updates_the_address(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    member = add_member(cli, "member_a", "10")
    moved = ok(
        cli("members", "move", str(member), "--postcode", "5343 AB", "--house-number", "22",
            "--date", "2026-11-01", "--json")
    )  # fmt: skip
    assert moved["left"] is False and moved["left_on"] is None
    assert [m["id"] for m in ok(cli("members", "list", "--area", "ruwaard", "--json"))] == [member]
    mails = ok(cli("mail", "list", "--json"))
    assert not [m for m in mails if m["template"] == "lid_verhuisd"]

    # an address the table does not know needs a person's confirmation, as when adding a member
    message = refused(
        cli, table_counts, "members", "move", str(member), "--postcode", "1011 AB",
        "--house-number", "1", "--date", "2026-11-02",
    )  # fmt: skip
    assert "postcodetabel" in message


def test_a_move_out_of_the_area_ends_the_seat_and_tells_the_coordinator(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    stays = add_member(cli, "member_a", "10")
    leaves = add_member(cli, "member_b", "11")
    moved = ok(
        cli("members", "move", str(leaves), "--postcode", "5342 AA", "--house-number", "3",
            "--date", "2026-11-15", "--json")
    )  # fmt: skip
    assert moved["left"] is True and moved["left_on"] == "2026-11-15"
    assert [m["id"] for m in ok(cli("members", "list", "--area", "ruwaard", "--json"))] == [stays]
    overview = ok(cli("status", "--json"))
    ruwaard = next(r for r in overview if "Ruwaard" in r["council"])
    assert ruwaard["members"] == 1

    mails = [m for m in ok(cli("mail", "list", "--json")) if m["template"] == "lid_verhuisd"]
    assert len(mails) == 1
    shown = ok(cli("mail", "show", str(mails[0]["id"])))
    assert "Bert Jansen" in shown and "verhuisd" in shown and "/raden/" in shown

    history = " ".join(cli("members", "move", str(leaves), "--postcode", "5342 AA",
                           "--house-number", "3").stderr.split())  # fmt: skip
    assert "al vertrokken" in history

    # the vacancy can be filled: a procedure for the free seats opens
    opened = ok(cli("vacancy", "--area", "ruwaard", "--json"))
    assert ok(cli("status", str(opened["id"]), "--json"))["seats"] == ruwaard["max_seats"] - 1

    message = refused(
        cli, table_counts, "members", "move", str(stays), "--postcode", "5342 AA",
        "--house-number", "3", "--date", "2026-12-31",
    )  # fmt: skip
    assert "toekomst" in message
