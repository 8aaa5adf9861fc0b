"""Nobody can lock an account: a wrong guess slows that account from that client address only;
the owner elsewhere logs in at once. Many failures for one account from many addresses are
audited and mailed to the owner and the beheerder. Behind a proxy the client address comes
from X-Forwarded-For only when `wijkraad web --forwarded-allow-ips` names the proxy."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from tests.web.conftest import COORDINATOR, PASSWORD, csrf_of
from tests.web.hostile import served

pytestmark = pytest.mark.usefixtures("accounts")
WRONG = "fout fout fout"


def attempt(client: TestClient | httpx.Client, password: str, **headers: str) -> int:
    token = csrf_of(client.get("/login", headers=headers).text)
    answer = client.post(
        "/login",
        data={"email": COORDINATOR, "password": password, "csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )
    return answer.status_code


def from_address(app, address: str) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, client=(address, 40000))


def test_failures_from_one_address_do_not_hold_back_the_owner_elsewhere(app) -> None:  # type: ignore[no-untyped-def]
    with from_address(app, "198.51.100.1") as guesser:
        codes = [attempt(guesser, WRONG) for _ in range(10)]
        assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}
        assert attempt(guesser, PASSWORD) == 429  # that account from that address: slowed
    with from_address(app, "198.51.100.2") as owner:
        assert attempt(owner, PASSWORD) == 303


@pytest.mark.parametrize("beheerder", [None, "beheer@oss.nl"])
def test_many_failures_from_many_addresses_are_audited_and_mailed(app, beheerder) -> None:  # type: ignore[no-untyped-def]
    from commands import users
    from commands.logins import ALARM_ACTION, ALARM_TEMPLATE
    from models import AuditEvent, OutboxMessage
    from models.account import ACCOUNT_ALARM
    from tasks.adapters.db import session_scope
    from tasks.mail.render import render_message

    if beheerder:
        users.add_user(
            users.AddUser(email=beheerder, name="Beheer", role="beheerder", password=PASSWORD)
        )
    addresses = [f"203.0.113.{n}" for n in range(1, ACCOUNT_ALARM + 6)]
    assert addresses
    for address in addresses:
        with from_address(app, address) as guesser:
            assert attempt(guesser, WRONG) == 401  # one guess each: nobody is slowed
    with from_address(app, "192.0.2.99") as owner:
        assert attempt(owner, PASSWORD) == 303  # the owner is not locked out
    with session_scope() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == ALARM_ACTION))
        assert [(e.subject_type, e.actor) for e in events] == [("account", "system")]
        mails = list(
            session.scalars(select(OutboxMessage).where(OutboxMessage.template == ALARM_TEMPLATE))
        )
        recipients = sorted(render_message(session, m).to.email for m in mails)
        # the owner, and the beheerders; without any, the coördinator's address
        assert recipients == sorted([COORDINATOR, beheerder or "wijkcoordinator@oss.nl"])
        text = render_message(session, mails[0]).text
        assert f"{ACCOUNT_ALARM} keer" in text and "niet geblokkeerd" in text


def test_forwarded_for_counts_only_from_a_trusted_proxy(app) -> None:  # type: ignore[no-untyped-def]
    for trusted, expected in ((None, 429), ("127.0.0.1", 303)):
        overrides = {"forwarded_allow_ips": trusted, "proxy_headers": True} if trusted else {}
        with served(app, **overrides) as address, httpx.Client(base_url=f"http://{address}") as c:
            for _ in range(6):
                assert attempt(c, WRONG, **{"x-forwarded-for": "198.51.100.7"}) in (401, 429)
            assert attempt(c, PASSWORD, **{"x-forwarded-for": "198.51.100.8"}) == expected
        from tasks.adapters.db import session_scope

        with session_scope() as session:  # the next round starts without failures
            from models import LoginThrottle

            session.execute(LoginThrottle.__table__.delete())


def test_wijkraad_web_takes_the_proxies_to_trust() -> None:
    from wijkraad.web import server

    assert server.options()["proxy_headers"] is False
    trusted = server.options("10.0.0.5")
    assert trusted["proxy_headers"] is True and trusted["forwarded_allow_ips"] == "10.0.0.5"
    import typer

    from wijkraad.cli import app as cli

    web = typer.main.get_group(cli).commands["web"]
    assert any("--forwarded-allow-ips" in p.opts for p in web.params)
