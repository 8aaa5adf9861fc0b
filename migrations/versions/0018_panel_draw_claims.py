"""panel draw claims: a draw is recorded before it runs and handed over to a worker; the moment
a worker took it (a draw handed over twice runs once, a stale claim is taken over) and, when the
quotas could not be met, why (in Dutch, naming features only)

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("panel_draws", sa.Column("prepared_at", sa.DateTime(), nullable=True))
    op.add_column("panel_draws", sa.Column("claimed_at", sa.DateTime(), nullable=True))
    op.add_column("panel_draws", sa.Column("failure", sa.String(500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("panel_draws") as batch:  # SQLite drops a column by a copy
        batch.drop_column("failure")
        batch.drop_column("claimed_at")
        batch.drop_column("prepared_at")
