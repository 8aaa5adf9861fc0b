"""advice: the councils' advice to B&W and B&W's answer; every advice decision recorded before
becomes an advice sent on the day of its meeting

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTCOMES = ("overgenomen", "deels_overgenomen", "niet_overgenomen")
ANSWER_WEEKS = 6  # the default of WIJKRAAD_ADVICE_ANSWER_WEEKS when this migration was written


def upgrade() -> None:
    advice = op.create_table(
        "advice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("answer_due_on", sa.Date(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=True),
        sa.Column("answer_reference", sa.String(length=200), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                *OUTCOMES,
                name="advice_outcome",
                native_enum=False,
                create_constraint=True,
                length=17,
            ),
            nullable=True,
        ),
        sa.Column("answer_recorded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_advice_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["council_decisions.id"],
            name=op.f("fk_advice_decision_id_council_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advice")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_advice_decision_id")),
    )
    op.create_index(op.f("ix_advice_area_id"), "advice", ["area_id"], unique=False)
    op.create_index(op.f("ix_advice_answer_due_on"), "advice", ["answer_due_on"], unique=False)
    rows = op.get_bind().execute(
        sa.text(
            "SELECT d.id, m.area_id, d.summary, m.held_on FROM council_decisions d "
            "JOIN meetings m ON m.id = d.meeting_id WHERE d.kind = 'advies' ORDER BY d.id"
        )
    )
    existing = []
    for decision_id, area_id, summary, held_on in rows:
        sent = held_on if isinstance(held_on, date) else date.fromisoformat(str(held_on))
        first = (summary.strip().splitlines() or [summary])[0]
        existing.append(
            {
                "decision_id": decision_id,
                "area_id": area_id,
                "subject": first if len(first) <= 200 else first[:199] + "…",
                "text": summary,
                "sent_on": sent,
                "answer_due_on": sent + timedelta(weeks=ANSWER_WEEKS),
            }
        )
    if existing:
        op.bulk_insert(advice, existing)


def downgrade() -> None:
    op.drop_index(op.f("ix_advice_answer_due_on"), table_name="advice")
    op.drop_index(op.f("ix_advice_area_id"), table_name="advice")
    op.drop_table("advice")
