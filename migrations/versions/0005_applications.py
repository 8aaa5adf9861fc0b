"""residents' own applications (confirmed by mail) and committee links

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=True),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("postcode", sa.String(length=6), nullable=True),
        sa.Column("house_number", sa.String(length=16), nullable=True),
        sa.Column("motivation", sa.Text(), nullable=True),
        sa.Column("politically_active", sa.Boolean(), nullable=False),
        sa.Column("municipal_employee", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("refused_at", sa.DateTime(), nullable=True),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_applications_candidate_id_candidates"),
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedures.id"],
            name=op.f("fk_applications_procedure_id_procedures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_applications_token_digest")),
    )
    op.create_index(op.f("ix_applications_procedure_id"), "applications", ["procedure_id"])
    op.create_index(op.f("ix_applications_expires_at"), "applications", ["expires_at"])
    op.create_table(
        "public_throttles",
        sa.Column("key_digest", sa.String(length=64), nullable=False),
        sa.Column("window_started_at", sa.DateTime(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key_digest", name=op.f("pk_public_throttles")),
    )


def downgrade() -> None:
    op.drop_table("public_throttles")
    op.drop_index(op.f("ix_applications_expires_at"), table_name="applications")
    op.drop_index(op.f("ix_applications_procedure_id"), table_name="applications")
    op.drop_table("applications")
