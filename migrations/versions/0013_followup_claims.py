"""followup claims: the moment a worker took a procedure's pending step, so that a step handed
over twice runs once; a claim older than the grace is taken over (its worker died)

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("procedures", sa.Column("pending_claimed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("procedures") as batch:  # SQLite drops a column by a copy
        batch.drop_column("pending_claimed_at")
