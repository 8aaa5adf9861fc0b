"""How `wijkraad web` runs uvicorn: no `server` header, no access log (URLs of the committee's
pages carry tokens), time limits against slow clients, and the client address from
X-Forwarded-For only from the proxies the operator names.

Time limits (a slowloris holds a connection only this long):
- HEADER_SECONDS for the request line and headers of a request, from the connection's first
  byte (or the first byte after the previous answer): the protocol below closes the connection;
- the whole body within guard.BODY_SECONDS (408);
- an idle kept-alive connection is closed after KEEP_ALIVE_SECONDS (uvicorn's own).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0
KEEP_ALIVE_SECONDS = 5


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the headers of each request."""

    header_seconds = HEADER_SECONDS
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self.cycle is None or self.cycle.response_complete:
            self._arm()  # a new request begins: its headers have their deadline
        before = self.cycle
        super().data_received(data)
        if self.cycle is not before:  # the headers are complete: the request runs
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _too_slow(self) -> None:
        self._header_timer = None
        if self.cycle is None or self.cycle.response_complete:
            self.transport.close()


def options(forwarded_allow_ips: str | None = None) -> dict[str, Any]:
    """uvicorn's settings for the page (uvicorn.run / uvicorn.Config keyword arguments)."""
    return {
        "http": TimedH11Protocol,
        "server_header": False,
        "access_log": False,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        # X-Forwarded-For only from the named proxies; uvicorn's default trusts 127.0.0.1
        "proxy_headers": bool(forwarded_allow_ips),
        "forwarded_allow_ips": forwarded_allow_ips or "",
    }
