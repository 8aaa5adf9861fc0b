"""The door of the web page: no page without a session, no POST without a CSRF token, a lezer
changes nothing, what people typed is shown escaped, logging in is slowed down, and every
answer carries the security headers."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from starlette.testclient import TestClient

from tests.web.conftest import COORDINATOR, LEZER, PASSWORD, csrf_of, log_in
from wijkraad.web.actions import HANDLERS
from wijkraad.web.gate import is_public

pytestmark = pytest.mark.usefixtures("accounts")


def _routes(app, method: str, procedure_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Every route of the app for a method, with its parameters filled in: a page added later
    is covered without changing this test."""
    paths = []
    routes = []
    for route in app.routes:  # FastAPI >= 0.150 keeps included routers whole
        inner = getattr(route, "original_router", None)
        routes += inner.routes if inner is not None else [route]
    for route in routes:
        if not isinstance(route, APIRoute) or method not in route.methods:
            continue
        path = route.path.replace("{procedure_id}", str(procedure_id))
        path = path.replace("{slug}", "ruwaard")
        if "{action}" in path:
            paths += [path.replace("{action}", name) for name in HANDLERS]
        else:
            paths.append(path)
    assert paths, f"no {method} routes found: the checks over them would test nothing"
    return paths


def test_every_page_without_a_session_goes_to_login(app, anonymous, procedure_id) -> None:  # type: ignore[no-untyped-def]
    pages = [p for p in _routes(app, "GET", procedure_id) if not is_public(p)]
    assert {"/", f"/procedures/{procedure_id}", "/stalled", "/mail", "/proces"} <= set(pages)
    for path in pages:
        answer = anonymous.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/login"), path
    assert anonymous.get("/login").status_code == 200
    assert anonymous.get("/health").status_code in (200, 503)
    assert anonymous.get("/static/wijkraad.css").status_code == 200


def test_every_post_without_a_session_changes_nothing(  # type: ignore[no-untyped-def]
    app, anonymous, procedure_id, table_counts
) -> None:
    before = table_counts()
    token = csrf_of(anonymous.get("/login").text)  # a valid anonymous token does not help
    closed = [p for p in _routes(app, "POST", procedure_id) if not is_public(p)]
    assert "/logout" in closed and f"/procedures/{procedure_id}/annuleren" in closed, closed
    for path in closed:
        answer = anonymous.post(
            path, data={"csrf_token": token, "reason": "weg ermee"}, follow_redirects=False
        )
        assert answer.status_code == 303 and answer.headers["location"] == "/login", path
    assert table_counts() == before


def test_a_post_without_a_valid_csrf_token_is_refused(  # type: ignore[no-untyped-def]
    app, coordinator, procedure_id, table_counts
) -> None:
    client, token = coordinator
    before = table_counts()
    posts = [p for p in _routes(app, "POST", procedure_id) if p != "/login"]
    assert "/logout" in posts and f"/procedures/{procedure_id}/annuleren" in posts, posts
    for path in posts:
        for data in ({"reason": "weg ermee"}, {"reason": "x", "csrf_token": token[:-2] + "xx"}):
            answer = client.post(path, data=data, follow_redirects=False)
            assert answer.status_code == 403, path
            assert "niets vastgelegd" in answer.text
    assert table_counts() == before
    assert client.get("/").status_code == 200  # still logged in: logout was refused too


def test_login_without_the_csrf_cookie_is_refused(anonymous) -> None:  # type: ignore[no-untyped-def]
    answer = anonymous.post(
        "/login", data={"email": COORDINATOR, "password": PASSWORD, "csrf_token": "made-up"}
    )
    assert answer.status_code == 403


def test_a_lezer_sees_everything_and_changes_nothing(  # type: ignore[no-untyped-def]
    app, lezer, procedure_id, table_counts
) -> None:
    client, token = lezer
    pages = [p for p in _routes(app, "GET", procedure_id) if not is_public(p)]
    assert {"/", f"/procedures/{procedure_id}", "/mail"} <= set(pages), pages
    for path in pages:
        # a page of an object that does not exist (a message, an advice): past the gate
        expected = 404 if "{" in path else 200
        if path.startswith("/accounts"):
            expected = 403  # the accounts are a beheerder's

        filled = re.sub(r"\{[a-z_]+\}", "999999", path)
        assert client.get(filled).status_code == expected, path
    page = client.get(f"/procedures/{procedure_id}").text
    assert "ingelogd als lezer" in page
    before = table_counts()
    writes = [  # the residents' forms are anyone's
        p
        for p in _routes(app, "POST", procedure_id)
        if p not in ("/login", "/logout") and not is_public(p)
    ]
    assert f"/procedures/{procedure_id}/annuleren" in writes, writes
    for path in writes:
        answer = client.post(
            path,
            data={"csrf_token": token, "reason": "weg ermee", "name": "X", "email": "x@oss.nl"},
            follow_redirects=False,
        )
        assert answer.status_code == 403, path
        assert "lezer" in answer.text
    assert table_counts() == before
    assert (
        client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_name_with_a_script_is_shown_escaped(coordinator, procedure_id) -> None:  # type: ignore[no-untyped-def]
    from tasks.adapters.db import session_scope
    from tasks.steps import committee

    evil = '<script>alert("x")</script>'
    with session_scope() as session:
        committee.add_member(
            session,
            procedure_id,
            name=evil,
            email="evil@example.nl",
            postcode=None,
            house_number=None,
            appointed_by=[],
        )
    client, _ = coordinator
    page = client.get(f"/procedures/{procedure_id}").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert evil not in page


def test_twenty_login_attempts_are_slowed_down(anonymous, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(anonymous.get("/login").text)
    codes, messages = [], set()
    for n in range(20):
        email = COORDINATOR if n % 2 else f"niemand{n}@oss.nl"
        answer = anonymous.post(
            "/login", data={"email": email, "password": "fout fout fout", "csrf_token": token}
        )
        codes.append(answer.status_code)
        if answer.status_code == 401:
            messages.add(csrf_of(answer.text) and answer.text.split('role="alert"')[1][:200])
    assert codes[:5] == [401] * 5  # unknown and known addresses: one and the same answer
    assert set(codes[5:]) == {429}
    assert len(messages) == 1
    # the right password does not get through while this client address is slowed down
    right = anonymous.post(
        "/login", data={"email": COORDINATOR, "password": PASSWORD, "csrf_token": token}
    )
    assert right.status_code == 429 and "Probeer het over" in right.text
    assert int(right.headers["retry-after"]) >= 1
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-11-28T09:20")
    log_in(anonymous, COORDINATOR)


def test_headers_on_every_answer(anonymous, coordinator) -> None:  # type: ignore[no-untyped-def]
    client, _ = coordinator
    answers = [
        anonymous.get("/login"),
        anonymous.get("/", follow_redirects=False),
        anonymous.get("/static/wijkraad.css"),
        anonymous.get("/bestaat-niet"),
        anonymous.get("/health"),
        client.get("/"),
        client.get("/proces"),
        client.post("/logout", data={}),
    ]
    for answer in answers:
        csp = answer.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"


def test_no_inline_script_or_style_in_any_page(app, coordinator, procedure_id) -> None:  # type: ignore[no-untyped-def]
    client, _ = coordinator
    pages = [p for p in _routes(app, "GET", procedure_id) if p != "/health"]
    assert {"/", f"/procedures/{procedure_id}", "/login"} <= set(pages), pages
    for path in pages:
        html = client.get(path).text
        assert "<script" not in html and " style=" not in html and " onclick" not in html, path


def test_session_cookie_flags(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for https in ("false", "true"):
        monkeypatch.setenv("WIJKRAAD_WEB_HTTPS", https)
        with TestClient(app, base_url="https://testserver") as client:
            token = csrf_of(client.get("/login").text)
            answer = client.post(
                "/login",
                data={"email": COORDINATOR, "password": PASSWORD, "csrf_token": token},
                follow_redirects=False,
            )
            cookie = answer.headers["set-cookie"].lower()
            assert "httponly" in cookie and "samesite=lax" in cookie
            assert ("secure" in cookie) == (https == "true")


def test_a_session_ends_after_30_minutes_idle(coordinator, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client, _token = coordinator
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-11-28T09:25")
    assert client.get("/stalled").status_code == 200
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-11-28T09:56")
    answer = client.get("/stalled", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?volgende=/stalled"


def test_login_goes_back_only_to_this_site(anonymous) -> None:  # type: ignore[no-untyped-def]
    for target, expected in (("/mail", "/mail"), ("//elders.example", "/"), ("https://x.nl", "/")):
        token = csrf_of(anonymous.get("/login").text)
        answer = anonymous.post(
            "/login",
            data={
                "email": COORDINATOR,
                "password": PASSWORD,
                "csrf_token": token,
                "volgende": target,
            },
            follow_redirects=False,
        )
        assert answer.headers["location"] == expected
        anonymous.cookies.clear()


def test_health_needs_no_login_and_tells_no_personal_data(anonymous) -> None:  # type: ignore[no-untyped-def]
    answer = anonymous.get("/health")
    assert set(answer.json()) == {"status", "database", "prefect"}
    assert answer.json()["database"] == "ok"
    assert LEZER not in answer.text and COORDINATOR not in answer.text
