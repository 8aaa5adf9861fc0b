"""interviews: one per committee member per candidate (a member's second submission changes
it); form_keys: the one-time keys of forms that took effect; applications: when the
confirmation mail was last sent (a repeat form sends it again at most once an hour)

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Interviews recorded so far name no member: they stay as they are (NULL never conflicts).
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("committee_member_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_interviews_committee_member_id_committee_members",
            "committee_members",
            ["committee_member_id"],
            ["id"],
        )
        batch.create_unique_constraint(
            "uq_interviews_member", ["candidate_id", "committee_member_id"]
        )
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("last_sent_at", sa.DateTime(), nullable=True))
    op.create_table(
        "form_keys",
        sa.Column("key_digest", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key_digest", name="pk_form_keys"),
    )


def downgrade() -> None:
    op.drop_table("form_keys")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("last_sent_at")
    with op.batch_alter_table("interviews") as batch:
        batch.drop_constraint("uq_interviews_member", type_="unique")
        batch.drop_constraint(
            "fk_interviews_committee_member_id_committee_members", type_="foreignkey"
        )
        batch.drop_column("committee_member_id")
