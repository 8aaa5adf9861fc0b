"""Alembic environment: runs on the connection that `tasks.db.upgrade_schema` passes in, or on
WIJKRAAD_DATABASE_URL when called from the alembic command line."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import models
from tasks.adapters.db import engine

target_metadata = models.Base.metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    run(given)
else:
    with engine().begin() as conn:
        run(conn)
