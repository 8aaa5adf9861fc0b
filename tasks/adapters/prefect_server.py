"""The local Prefect server: what `prefect server start` runs, with one difference on SQLite.

On SQLite a transaction that reads first and then writes fails at its write when another
connection wrote meanwhile ("database is locked" at once: it cannot wait for a newer snapshot).
The server answers 503 and Prefect's client waits 2 s, then 4 s, before it asks again.
Measured with two workers: the creation of a flow run failed that way again and again while
the other worker or the event store wrote; the slowest steps waited 2-7 s for nothing, and two
processes running 40 small flows each took 8.8-9.6 s (6.3-6.4 s without). Here every
transaction that may write takes the write lock when it begins (BEGIN IMMEDIATE, as Prefect
already does for the reads it will update), so it waits for the lock (Prefect's busy timeout)
instead of failing. On PostgreSQL nothing changes. Everything else is Prefect's own app and
settings.

    python -m tasks.adapters.prefect_server HOST PORT   (started by tasks/adapters/orchestrator)
"""

from __future__ import annotations

import sys
from typing import Any


def immediate_sqlite() -> Any:
    """Prefect's SQLite configuration, every transaction that may write begun immediately (see
    the module's docstring)."""
    from contextlib import asynccontextmanager

    from prefect.server.database.configurations import AioSqliteConfiguration

    class ImmediateSqlite(AioSqliteConfiguration):
        @asynccontextmanager
        async def begin_transaction(self, session: Any, with_for_update: bool = False) -> Any:
            async with super().begin_transaction(session, with_for_update=True) as transaction:
                yield transaction

    from prefect.settings import PREFECT_API_DATABASE_CONNECTION_URL

    return ImmediateSqlite(connection_url=PREFECT_API_DATABASE_CONNECTION_URL.value())


def main(argv: list[str]) -> None:
    host, port = argv
    import uvicorn
    from prefect.server.api.server import create_app
    from prefect.server.database.dependencies import temporary_database_config
    from prefect.server.utilities.database import get_dialect
    from prefect.settings import PREFECT_API_DATABASE_CONNECTION_URL

    sqlite = get_dialect(PREFECT_API_DATABASE_CONNECTION_URL.value()).name == "sqlite"
    config = immediate_sqlite() if sqlite else None
    with temporary_database_config(config):
        uvicorn.run(
            create_app(final=True),
            host=host,
            port=int(port),
            log_level="warning",
            timeout_keep_alive=5,
            ws_ping_interval=20.0,
            ws_ping_timeout=20.0,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
