"""pending follow-up steps of procedures

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STEPS = (
    "request_committee",
    "open_recruitment",
    "screen_candidates",
    "submit_nomination",
    "record_board_decision",
    "complete_onboarding",
)


def upgrade() -> None:
    with op.batch_alter_table("procedures") as batch:
        batch.add_column(
            sa.Column(
                "pending_step",
                sa.Enum(*STEPS, name="pending_step", native_enum=False, create_constraint=True),
                nullable=True,
            )
        )
        batch.add_column(sa.Column("pending_since", sa.DateTime(), nullable=True))
        batch.create_index("ix_procedures_pending_step", ["pending_step"])


def downgrade() -> None:
    with op.batch_alter_table("procedures") as batch:
        batch.drop_index("ix_procedures_pending_step")
        batch.drop_column("pending_since")
        batch.drop_column("pending_step")
