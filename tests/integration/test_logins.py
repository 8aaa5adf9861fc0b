"""Logging in: one refusal for every kind of wrong, a slow-down after 5 failures, sessions that
end after 30 minutes idle, at logout and when the account is disabled."""

from __future__ import annotations

import pytest

from commands import logins, users

pytestmark = pytest.mark.usefixtures("db")
PASSWORD = "een lang wachtwoord"


@pytest.fixture
def account() -> users.UserAdded:
    return users.add_user(
        users.AddUser(email="co@oss.nl", name="Co", role="coordinator", password=PASSWORD)
    )


def _try(email: str, password: str, address: str = "10.0.0.1") -> logins.LoggedIn:
    return logins.log_in(logins.LogIn(email=email, password=password, client_address=address))


def test_one_message_for_an_unknown_address_a_wrong_password_and_a_disabled_account(
    account: users.UserAdded,
) -> None:
    messages = set()
    for email, password in (("niemand@oss.nl", PASSWORD), ("co@oss.nl", "fout fout fout")):
        with pytest.raises(logins.LoginRefused) as refused:
            _try(email, password, address=email)
        messages.add(refused.value.message)
    users.disable_user(users.DisableUser(email="co@oss.nl"))
    with pytest.raises(logins.LoginRefused) as refused:
        _try("co@oss.nl", PASSWORD, address="elsewhere")
    messages.add(refused.value.message)
    assert messages == {logins.REFUSED}


def test_five_failures_slow_the_account_down_from_that_address_only(
    account: users.UserAdded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failures for an account slow down that account from that client address, even for the
    right password; the owner at another address is not held back (nobody can lock an account)."""
    for _ in range(5):
        with pytest.raises(logins.LoginRefused):
            _try("co@oss.nl", "fout fout fout", address="10.0.0.1")
    with pytest.raises(logins.LoginThrottled) as throttled:
        _try("co@oss.nl", PASSWORD, address="10.0.0.1")
    assert "seconden" in throttled.value.message
    assert _try("co@oss.nl", PASSWORD, address="10.0.1.1").session.email == "co@oss.nl"
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-11-28T09:00:03")
    assert _try("co@oss.nl", PASSWORD, address="10.0.0.1").session.email == "co@oss.nl"


def test_five_failures_slow_an_address_down_for_every_account(account: users.UserAdded) -> None:
    for n in range(5):
        with pytest.raises(logins.LoginRefused):
            _try(f"iemand{n}@oss.nl", PASSWORD, address="10.9.9.9")
    with pytest.raises(logins.LoginThrottled):
        _try("co@oss.nl", PASSWORD, address="10.9.9.9")
    assert _try("co@oss.nl", PASSWORD, address="10.9.9.8")


def test_a_session_ends_after_30_minutes_idle_and_at_logout(
    account: users.UserAdded, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = _try("co@oss.nl", PASSWORD).token
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-11-28T09:29")
    assert logins.current(token) is not None  # used: the idle time starts again
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-11-28T09:58")
    assert logins.current(token) is not None
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-11-28T10:29")
    assert logins.current(token) is None
    assert logins.current(token) is None

    again = _try("co@oss.nl", PASSWORD).token
    assert logins.current(again) is not None
    logins.log_out(again)
    assert logins.current(again) is None
    assert logins.current("made-up") is None


def test_disabling_an_account_ends_its_sessions(account: users.UserAdded) -> None:
    token = _try("co@oss.nl", PASSWORD).token
    assert users.disable_user(users.DisableUser(email="co@oss.nl")).sessions_ended == 1
    assert logins.current(token) is None


def test_the_password_is_checked_outside_any_transaction(
    account: users.UserAdded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An Argon2 check takes tens of milliseconds; on SQLite a unit of work holds the whole
    database's write lock, so a check inside one made every other write wait for each login."""
    from tasks.adapters import db

    held: list[int] = []
    check = logins.verify

    def watched(password_hash: str, password: str) -> bool:
        held.append(db.engine().pool.checkedout())  # connections in use: an open transaction
        return check(password_hash, password)

    monkeypatch.setattr(logins, "verify", watched)
    assert _try("co@oss.nl", PASSWORD).session.email == "co@oss.nl"
    assert held == [0]


@pytest.mark.parametrize("meanwhile", ["disabled", "password changed"])
def test_an_account_changed_during_the_check_is_refused(
    account: users.UserAdded, monkeypatch: pytest.MonkeyPatch, meanwhile: str
) -> None:
    """What was checked is checked again when the session is written."""
    from sqlalchemy import select, update

    from models import Account, WebSession
    from tasks.adapters import db
    from tasks.adapters.passwords import hash_password

    check = logins.verify

    def and_meanwhile(password_hash: str, password: str) -> bool:
        if meanwhile == "disabled":
            users.disable_user(users.DisableUser(email="co@oss.nl"))
        else:
            with db.session_scope() as session:
                session.execute(
                    update(Account)
                    .where(Account.email == "co@oss.nl")
                    .values(password_hash=hash_password("een ander lang wachtwoord"))
                )
        return check(password_hash, password)

    monkeypatch.setattr(logins, "verify", and_meanwhile)
    with pytest.raises(logins.LoginRefused):
        _try("co@oss.nl", PASSWORD)
    with db.session_scope() as session:
        assert session.scalars(select(WebSession)).all() == []
