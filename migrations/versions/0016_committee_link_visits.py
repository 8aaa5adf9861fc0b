"""committee_members: when the member last opened their personal link (the procedure page
shows whether the link was used)

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("committee_members") as batch:
        batch.add_column(sa.Column("link_visited_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("committee_members") as batch:
        batch.drop_column("link_visited_at")
