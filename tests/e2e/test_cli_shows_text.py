"""What people typed is shown as text: a name like `x [/y]` is no Rich markup (it made four
listings crash with MarkupError), and a terminal sequence stored before input was checked is
never printed raw."""

from __future__ import annotations

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.usefixtures("prefect")

MARKUP = "x [/y] [bold]vet[/bold] [link=https://example.org]klik[/link]"
ESCAPES = ("\x1b", "\x07", "\u202e", "\x9b")


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def test_markup_in_user_data_is_shown_as_typed(cli) -> None:  # type: ignore[no-untyped-def]
    member = ok(cli("members", "add", "--area", "ruwaard", "--name", MARKUP, "--json", "--email",
                    "x@example.nl", "--postcode", "5343AB", "--house-number", "1"))  # fmt: skip
    proc = ok(cli("renew", "--area", "ruwaard", "--json")).json()["id"]
    ok(cli("committee", "add", str(proc), "--name", "Carla Commissie",
           "--email", "carla@example.nl", "--postcode", "5343AB", "--house-number", "99",
           "--appointed-by", str(member.json()["id"])))  # fmt: skip
    ok(cli("committee", "confirm", str(proc)))
    ok(cli("candidates", "add", str(proc), "--name", MARKUP, "--email", "kandidaat@example.nl",
           "--postcode", "5343AB", "--house-number", "2"))  # fmt: skip
    ok(cli("suspend", str(proc), "--reason", MARKUP))
    meeting = ok(cli("meetings", "add", "--area", "ruwaard", "--date", "2026-11-20", "--json"))
    ok(cli("decisions", "add", "--meeting", str(meeting.json()["id"]), "--kind", "advies",
           "--summary", MARKUP))  # fmt: skip

    for args in (
        ("members", "list"),
        ("candidates", "list", str(proc)),
        ("history", str(proc)),
        ("decisions", "list"),
    ):
        shown = ok(cli(*args)).stdout
        assert "x [/y]" in shown, args
        assert "[bold]vet[/bold]" in shown, args


def test_terminal_sequences_in_stored_data_are_never_printed(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("members", "add", "--area", "ruwaard", "--name", "Anna de Vries", "--email",
           "anna@example.nl", "--postcode", "5343AB", "--house-number", "1"))  # fmt: skip
    from tasks.adapters import db

    with db.engine().begin() as connection:  # as if stored before input was checked
        connection.execute(
            text("UPDATE persons SET name = :name"),
            {"name": "Anna\x1b]0;pwned\x07\x1b[2J\u202esirteV ed\x9b"},
        )
    for args in (("members", "list"), ("members", "list", "--json")):
        result = ok(cli(*args))
        for char in ESCAPES:
            assert char not in result.stdout, (args, char)
    assert "Anna" in result.stdout


@pytest.mark.parametrize("char", ESCAPES)
def test_a_refused_value_is_not_echoed_raw(cli, char: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("members", "add", "--area", "ruwaard", "--name", f"Anna{char}",
                 "--email", f"anna{char}@example.nl", "--postcode", f"5343AB{char}",
                 "--house-number", f"1{char}")  # fmt: skip
    assert result.exit_code == 1
    assert "stuurteken" in result.stderr
    assert char not in result.stderr
