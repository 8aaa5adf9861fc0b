"""candidates: the status `cancelled` (the procedure stopped before their outcome); audit
events: a candidate's status change keeps the status left and the one reached; outbox: an
outcome letter keeps the candidate and the status it tells them

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = (
    "applied",
    "needs_check",
    "eligible",
    "ineligible",
    "interviewed",
    "nominated",
    "not_nominated",
    "appointed",
    "not_appointed",
    "withdrawn",
)
AFTER = (*BEFORE, "cancelled")
CHECK = "ck_candidates_candidate_status"


def _status(name: str, values: tuple[str, ...] = AFTER) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=13)


def _candidate_check(values: tuple[str, ...]) -> None:
    """The candidate status's CHECK constraint with these values (SQLite rebuilds the table)."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("candidates", recreate="always") as batch:
            batch.alter_column(
                "status",
                existing_type=_status("candidate_status", BEFORE if values == AFTER else AFTER),
                type_=_status("candidate_status", values),
                existing_nullable=False,
            )
        return
    listed = ", ".join(f"'{v}'" for v in values)
    op.drop_constraint(op.f(CHECK), "candidates", type_="check")
    op.create_check_constraint(op.f(CHECK), "candidates", f"status IN ({listed})")


def upgrade() -> None:
    _candidate_check(AFTER)
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("from_status", _status("audit_from_status"), nullable=True))
        batch.add_column(sa.Column("to_status", _status("audit_to_status"), nullable=True))
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("candidate_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("asserted_status", _status("asserted_status"), nullable=True))
        batch.create_foreign_key(
            "fk_outbox_messages_candidate_id_candidates", "candidates", ["candidate_id"], ["id"]
        )
        batch.create_index("ix_outbox_messages_candidate_id", ["candidate_id"])


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_index("ix_outbox_messages_candidate_id")
        batch.drop_constraint("fk_outbox_messages_candidate_id_candidates", type_="foreignkey")
        batch.drop_column("asserted_status")
        batch.drop_column("candidate_id")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("to_status")
        batch.drop_column("from_status")
    op.execute("UPDATE candidates SET status = 'withdrawn' WHERE status = 'cancelled'")
    _candidate_check(BEFORE)
