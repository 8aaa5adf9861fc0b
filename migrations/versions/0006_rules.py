"""the rules as the municipality means them: roles, moves, overturned findings, experiments' links

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "membership_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("membership_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["memberships.id"],
            name=op.f("fk_membership_roles_membership_id_memberships"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_roles")),
    )
    op.create_index(
        op.f("ix_membership_roles_membership_id"), "membership_roles", ["membership_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_membership_roles_membership_id"), table_name="membership_roles")
    op.drop_table("membership_roles")
