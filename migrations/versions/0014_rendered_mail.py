"""outbox: messages rendered when queued (recipient, subject, text, HTML, attachments), and
withdrawn letters; the place of a calendar event

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("pending", "sending", "delivered", "temporary_failure", "permanent_failure")
AFTER = (*BEFORE, "withdrawn")
CHECK = "ck_outbox_messages_message_status"
COLUMNS = (
    ("rendered_at", sa.DateTime()),
    ("recipient_name", sa.String(255)),
    ("recipient_email", sa.String(320)),
    ("subject_line", sa.Text()),
    ("body_text", sa.Text()),
    ("body_html", sa.Text()),
    ("bodies_erased_at", sa.DateTime()),
    ("withdrawn_at", sa.DateTime()),
    ("withdrawn_reason", sa.String(255)),
)


def _status(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="message_status", native_enum=False, create_constraint=True, length=17
    )


def _check(values: tuple[str, ...]) -> None:
    """The status's CHECK constraint with these values (SQLite rebuilds the table in batch)."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("outbox_messages", recreate="always") as batch:
            batch.alter_column(
                "status",
                existing_type=_status(BEFORE if values == AFTER else AFTER),
                type_=_status(values),
                existing_nullable=False,
            )
        return
    listed = ", ".join(f"'{v}'" for v in values)
    op.drop_constraint(op.f(CHECK), "outbox_messages", type_="check")
    op.create_check_constraint(op.f(CHECK), "outbox_messages", f"status IN ({listed})")


def upgrade() -> None:
    with op.batch_alter_table("calendar_events") as batch:
        batch.add_column(sa.Column("location", sa.String(200), nullable=True))
    with op.batch_alter_table("outbox_messages") as batch:
        for name, type_ in COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    _check(AFTER)
    op.create_table(
        "outbox_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("content_type", sa.String(255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_outbox_attachments_message_id_outbox_messages"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_attachments")),
    )
    op.create_index(op.f("ix_outbox_attachments_message_id"), "outbox_attachments", ["message_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_attachments_message_id"), table_name="outbox_attachments")
    op.drop_table("outbox_attachments")
    op.execute("UPDATE outbox_messages SET status = 'permanent_failure' WHERE status = 'withdrawn'")
    _check(BEFORE)
    with op.batch_alter_table("outbox_messages") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
    with op.batch_alter_table("calendar_events") as batch:
        batch.drop_column("location")
