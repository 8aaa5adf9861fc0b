"""Helpers of the hostile-visitor tests: the app called at the ASGI level (to see how much of a
body it reads), and the app served by uvicorn with the options of `wijkraad web`."""

from __future__ import annotations

import asyncio
import contextvars
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Answer:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    reads: int = 0  # how many times the app asked for more of the request body

    @property
    def text(self) -> str:
        return self.body.decode()


async def _call(
    app: Any,
    method: str,
    path: str,
    headers: dict[str, str],
    chunks: AsyncIterator[bytes],
) -> Answer:
    answer = Answer()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (k.lower().encode(), v.encode()) for k, v in ({"host": "testserver"} | headers).items()
        ],
        "client": ("192.0.2.50", 40000),
        "server": ("testserver", 80),
    }
    finished = False

    async def receive() -> dict[str, Any]:
        nonlocal finished
        if finished:
            await asyncio.sleep(3600)
        answer.reads += 1
        try:
            chunk = await chunks.__anext__()
        except StopAsyncIteration:
            finished = True
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            for name, value in message["headers"]:
                key = name.decode().lower()
                answer.headers[key] = ", ".join(
                    filter(None, [answer.headers.get(key), value.decode()])
                )
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    await app(scope, receive, send)
    return answer


def call(
    app: Any,
    method: str,
    path: str,
    chunks: AsyncIterator[bytes],
    headers: dict[str, str] | None = None,
    within: float = 30,
) -> Answer:
    """One request straight into the ASGI app; fails (instead of hanging) after `within` s."""

    async def run() -> Answer:
        return await asyncio.wait_for(_call(app, method, path, headers or {}, chunks), within)

    return asyncio.run(run())


@contextmanager
def served(app: Any, **overrides: Any) -> Iterator[str]:
    """The app on 127.0.0.1 under uvicorn with the options of `wijkraad web`."""
    import uvicorn

    from wijkraad.web import server

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = server.options() | overrides
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **options)
    uv = uvicorn.Server(config)
    context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(uv.run,), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started, "the web server did not start"
    try:
        yield f"127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
