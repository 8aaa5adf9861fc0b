"""The doors under a hostile visitor: bodies capped before they are read (and nothing read before
the login is checked), the framework's English said in Dutch, oversized ids and years, an
unexpected error as a Dutch page with the headers, unknown hosts, the pre-login CSRF token,
slow clients and the absolute session lifetime."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import COORDINATOR, PASSWORD, csrf_of
from tests.web.hostile import call, served

pytestmark = pytest.mark.usefixtures("accounts")
MIB = 1024 * 1024


def assert_headers(answer) -> None:  # type: ignore[no-untyped-def]
    headers = answer.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


async def megabytes(count: int, chunk: int = 64 * 1024) -> AsyncIterator[bytes]:
    for _ in range(count * MIB // chunk):
        yield b"x" * chunk


def test_nothing_of_a_body_is_read_before_the_login_is_checked(app, procedure_id) -> None:  # type: ignore[no-untyped-def]
    multipart = {"content-type": "multipart/form-data; boundary=grens"}
    for path in (f"/procedures/{procedure_id}/kandidaten-inlezen", "/procedures", "/logout"):
        answer = call(app, "POST", path, megabytes(200), multipart)
        assert answer.status == 303 and answer.headers["location"] == "/login", path
        assert answer.reads == 0, path
        sized = {**multipart, "content-length": str(200 * MIB)}
        assert call(app, "POST", path, megabytes(200), sized).reads == 0


def test_a_body_over_its_limit_is_413_in_dutch_while_it_arrives(app) -> None:  # type: ignore[no-untyped-def]
    form = {"content-type": "application/x-www-form-urlencoded"}
    answer = call(app, "POST", "/login", megabytes(200), form)
    assert answer.status == 413 and "Te veel tekst" in answer.text
    assert answer.reads <= 2  # 64 KiB: the first chunk fits, the second is too much
    answer = call(app, "POST", "/login", megabytes(1), {**form, "content-length": str(200 * MIB)})
    assert answer.status == 413 and answer.reads == 0
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_a_coordinators_upload_may_be_2_mib_and_no_more(coordinator, procedure_id) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    url = f"/procedures/{procedure_id}/kandidaten-inlezen"
    csv = b"name,email,postcode,house_number\n" + b"a,b@example.nl,5341AB,1\n" * (MIB // 24)
    answer = client.post(url, data={"csrf_token": token}, files={"file": ("a.csv", csv)})
    assert answer.status_code in (400, 409), answer.text  # read: the stage refuses it
    big = csv * 3
    answer = client.post(url, data={"csrf_token": token}, files={"file": ("a.csv", big)})
    assert answer.status_code == 413 and "Te veel tekst" in answer.text
    assert_headers(answer)
    # the same 1 MiB to a form that is no upload: a field may be 64 KiB
    answer = client.post("/procedures", data={"csrf_token": token}, files={"area": ("x.txt", csv)})
    assert answer.status_code in (400, 413)


ENGLISH = ("Too many", "exceeded maximum", "Missing boundary", "There was an error", "Field ")


def test_the_form_parsers_english_is_said_in_dutch(anonymous, coordinator, procedure_id) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(anonymous.get("/login").text)
    many = "&".join(f"v{n}=1" for n in range(1001)) + f"&csrf_token={token}"
    answer = anonymous.post(
        "/login", content=many, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert answer.status_code == 413 and "te veel velden" in answer.text
    answer = anonymous.post(
        "/login", content=b"csrf_token=x", headers={"content-type": "multipart/form-data"}
    )
    assert answer.status_code == 400 and "niet goed aan" in answer.text
    client, csrf = coordinator
    answer = client.post(  # one field of 1.1 MB in a coördinator's multipart form
        f"/procedures/{procedure_id}/opschorten",
        data={"csrf_token": csrf},
        files={"reason": (None, "x" * 1_100_000)},
    )
    assert answer.status_code == 413 and "Te veel tekst" in answer.text
    for text in (answer.text, anonymous.post("/login", content=many).text):
        assert not any(words in text for words in ENGLISH), text[:300]


def test_oversized_ids_and_years_are_404_and_400_in_dutch(coordinator, procedure_id) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    answer = client.get("/procedures/9223372036854775808")
    assert answer.status_code == 404 and "Niet gevonden" in answer.text
    assert_headers(answer)
    assert client.get("/procedures/2147483648").status_code == 404
    answer = client.get("/meetings?jaar=99999")
    assert answer.status_code == 400 and "jaar" in answer.text
    assert_headers(answer)
    answer = client.post(
        f"/procedures/{procedure_id}/gesprek",
        data={"csrf_token": token, "candidate_id": "1" * 30},
    )
    assert answer.status_code == 400 and "bestaat niet" in answer.text
    answer = client.post(
        "/commissie/onzin/gesprek",
        data={"csrf_token": csrf_of(client.get("/login").text), "candidate_id": "9" * 30},
    )
    assert answer.status_code in (400, 404)


def test_an_unexpected_error_is_a_dutch_page_with_the_headers_and_a_log(app) -> None:  # type: ignore[no-untyped-def]
    from tasks.adapters.settings import get_settings

    @app.get("/aanmelden-kapot")  # public, like the residents' pages
    def broken() -> None:
        raise RuntimeError("kapot van binnen")

    log = get_settings().home / "fouten.log"
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/aanmelden-kapot")
    assert answer.status_code == 500 and "Er ging iets mis" in answer.text
    assert "kapot van binnen" not in answer.text and "Traceback" not in answer.text
    assert_headers(answer)
    assert "server" not in answer.headers
    assert "RuntimeError: kapot van binnen" in Path(log).read_text()


def test_only_the_configured_hosts_are_served(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("WIJKRAAD_WEB_HOSTS")
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        assert client.get("/login").status_code == 200
        answer = client.get("/login", headers={"host": "evil.example"})
        assert answer.status_code == 400 and "evil.example" not in answer.text
        assert "niet bereikbaar onder deze naam" in answer.text
        assert_headers(answer)
        answer = client.get("/stalled/", headers={"host": "evil.example"})
        assert answer.status_code == 400 and "location" not in answer.headers
        assert client.get("/login", headers={"host": "localhost:8000"}).status_code == 200
        monkeypatch.setenv("WIJKRAAD_WEB_HOSTS", "wijkraden.oss.nl")
        assert client.get("/login", headers={"host": "wijkraden.oss.nl"}).status_code == 200
        assert client.get("/login", headers={"host": "localhost"}).status_code == 400


def test_a_trailing_slash_is_redirected_relatively(app) -> None:  # type: ignore[no-untyped-def]
    async def nothing() -> AsyncIterator[bytes]:
        return
        yield b""

    for path, target in (
        ("/login/", "/login"),
        ("/stalled/", "/stalled"),
        ("//evil.example/", "/evil.example"),
        ("/\\evil.example/", "/evil.example"),
    ):
        answer = call(app, "GET", path, nothing(), {"host": "evil.example"})
        assert answer.status == 400, path  # an unknown host is never echoed
        answer = call(app, "GET", path, nothing())
        assert answer.status == 307, path
        assert answer.headers["location"] == target, path


def test_the_pre_login_csrf_token_is_signed_for_the_pre_login_session(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    chosen = "a" * 43
    with TestClient(app) as client:
        client.cookies.set("wijkraad_csrf", chosen)
        answer = client.post(
            "/login", data={"email": COORDINATOR, "password": PASSWORD, "csrf_token": chosen}
        )
        assert answer.status_code == 403  # a pair the client picked
        token = csrf_of(client.get("/login").text)
        assert token != client.cookies["wijkraad_csrf"]
        client.cookies.set("wijkraad_csrf", "b" * 43)  # another pre-login session
        answer = client.post(
            "/login", data={"email": COORDINATOR, "password": PASSWORD, "csrf_token": token}
        )
        assert answer.status_code == 403
    monkeypatch.setenv("WIJKRAAD_WEB_HTTPS", "true")
    with TestClient(app, base_url="https://testserver") as client:
        page = client.get("/login")
        cookie = page.headers["set-cookie"]
        assert cookie.startswith("__Host-wijkraad_csrf=") and "Secure" in cookie
        assert "Path=/" in cookie and "Domain" not in cookie
        answer = client.post(
            "/login",
            data={"email": COORDINATOR, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
            follow_redirects=False,
        )
        assert answer.status_code == 303
        assert "__Host-wijkraad_sessie=" in answer.headers["set-cookie"]
        assert client.get("/").status_code == 200


def test_a_session_ends_after_8_hours_however_active(coordinator, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client, _ = coordinator
    moments = [f"2026-11-28T{h:02d}:{m:02d}" for h in range(9, 17) for m in (0, 20, 40)]
    assert moments
    for moment in moments[1:]:
        monkeypatch.setenv("WIJKRAAD_NOW", moment)
        assert client.get("/stalled", follow_redirects=False).status_code == 200, moment
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-11-28T17:00:01")
    answer = client.get("/stalled", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")


def test_a_slow_body_is_cut_off(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from wijkraad.web import guard

    monkeypatch.setattr(guard, "BODY_SECONDS", 0.3)

    async def slowly() -> AsyncIterator[bytes]:
        yield b"email="
        import asyncio

        await asyncio.sleep(3600)
        yield b"x"

    answer = call(
        app, "POST", "/login", slowly(), {"content-type": "application/x-www-form-urlencoded"}
    )
    assert answer.status == 408 and "duurde te lang" in answer.text


def test_slow_headers_are_cut_off_and_no_server_header(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import httpx

    from wijkraad.web import server

    monkeypatch.setattr(server.TimedH11Protocol, "header_seconds", 0.3)
    with served(app) as address:
        answer = httpx.get(f"http://{address}/login")
        assert answer.status_code == 200 and "server" not in answer.headers
        host, port = address.split(":")
        with socket.create_connection((host, int(port)), timeout=15) as slow:
            slow.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            assert slow.recv(1024) == b""  # closed by the server, not answered (no timeout)
        with socket.create_connection((host, int(port)), timeout=15) as idle:
            assert idle.recv(1024) == b""  # a connection that says nothing is closed too
