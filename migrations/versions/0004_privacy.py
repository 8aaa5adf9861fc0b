"""retention and publication without names

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
    # Existing applicants count as private persons: the safe side for a public list.
    with op.batch_alter_table("council_decisions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("organisation", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("council_decisions", schema=None) as batch_op:
        batch_op.drop_column("organisation")
    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
