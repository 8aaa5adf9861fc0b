"""the burgerpanel by lot: panels, their pool and their draws

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "panels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("registration_until", sa.Date(), nullable=False),
        sa.Column("quotas", sa.JSON(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["experiment_id"], ["experiments.id"], name=op.f("fk_panels_experiment_id_experiments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panels")),
        sa.UniqueConstraint("experiment_id", name=op.f("uq_panels_experiment_id")),
    )
    op.create_table(
        "panel_pool",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("postcode", sa.String(length=6), nullable=True),
        sa.Column("house_number", sa.String(length=16), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("drawn_in", sa.Integer(), nullable=True),
        sa.Column("reply_digest", sa.String(length=64), nullable=True),
        sa.Column("reply_until", sa.Date(), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["panel_id"], ["panels.id"], name=op.f("fk_panel_pool_panel_id_panels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_pool")),
        sa.UniqueConstraint("panel_id", "pseudonym", name="uq_panel_pool_pseudonym"),
        sa.UniqueConstraint("token_digest", name=op.f("uq_panel_pool_token_digest")),
        sa.UniqueConstraint("reply_digest", name=op.f("uq_panel_pool_reply_digest")),
    )
    op.create_index(op.f("ix_panel_pool_panel_id"), "panel_pool", ["panel_id"])
    op.create_table(
        "panel_draws",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("panel_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("drawn_on", sa.Date(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(), nullable=True),
        sa.Column("record", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["panel_id"], ["panels.id"], name=op.f("fk_panel_draws_panel_id_panels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_draws")),
        sa.UniqueConstraint("panel_id", "number", name="uq_panel_draws_number"),
    )
    op.create_index(op.f("ix_panel_draws_panel_id"), "panel_draws", ["panel_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_panel_draws_panel_id"), table_name="panel_draws")
    op.drop_table("panel_draws")
    op.drop_index(op.f("ix_panel_pool_panel_id"), table_name="panel_pool")
    op.drop_table("panel_pool")
    op.drop_table("panels")
