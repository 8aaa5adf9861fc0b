"""wijkraad users add | list | disable: accounts of the web page."""

from __future__ import annotations

import io
import sys

import pytest

from models.account import AccountRole
from tasks.adapters import db
from tasks.adapters.passwords import verify

pytestmark = pytest.mark.usefixtures("db")


def _with_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_add_list_disable(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _with_stdin(monkeypatch, "een lang wachtwoord\n")
    added = cli("users", "add", "Coord@Oss.nl", "--name", "Co", "--role", "coordinator", "--json")
    assert added.exit_code == 0, added.stderr
    assert added.json()["email"] == "coord@oss.nl"

    listed = cli("users", "list", "--json").json()
    assert [(r["email"], r["role"], r["disabled"]) for r in listed] == [
        ("coord@oss.nl", "coordinator", False)
    ]
    assert "hash" not in str(listed)

    import models

    with db.session_scope() as session:
        account = session.get_one(models.Account, added.json()["id"])
        assert account.role == AccountRole.COORDINATOR
        assert account.password_hash.startswith("$argon2id$")
        assert verify(account.password_hash, "een lang wachtwoord")

    done = cli("users", "disable", "coord@oss.nl")
    assert done.exit_code == 0 and "uitgeschakeld" in done.stdout
    assert cli("users", "list", "--json").json()[0]["disabled"] is True


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["a@oss.nl", "--name", "A", "--role", "lezer"], "kort\n", "minstens 12 tekens"),
        (["a@oss.nl", "--name", "A", "--role", "baas"], "een lang wachtwoord\n", "geen rol"),
        (["geen-adres", "--name", "A", "--role", "lezer"], "een lang wachtwoord\n", "e-mail"),
        (["a@oss.nl", "--name", " ", "--role", "lezer"], "een lang wachtwoord\n", "leeg"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_writes_nothing(  # type: ignore[no-untyped-def]
    cli, table_counts, monkeypatch: pytest.MonkeyPatch, args, password, message
) -> None:
    before = table_counts()
    _with_stdin(monkeypatch, password)
    result = cli("users", "add", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert table_counts() == before


def test_a_second_account_for_one_address_and_an_unknown_one(  # type: ignore[no-untyped-def]
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_stdin(monkeypatch, "een lang wachtwoord\n")
    assert cli("users", "add", "a@oss.nl", "--name", "A", "--role", "lezer").exit_code == 0
    _with_stdin(monkeypatch, "een lang wachtwoord\n")
    again = cli("users", "add", "A@oss.nl", "--name", "B", "--role", "lezer")
    assert again.exit_code == 1 and "al een account" in again.stderr
    missing = cli("users", "disable", "niemand@oss.nl")
    assert missing.exit_code == 1 and "geen account" in missing.stderr
