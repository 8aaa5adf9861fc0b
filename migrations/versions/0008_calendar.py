"""calendar events: meetings and planned gesprekken sent as .ics invitations

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=255), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("committee_member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_calendar_events_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_calendar_events_candidate_id_candidates"),
        ),
        sa.ForeignKeyConstraint(
            ["committee_member_id"],
            ["committee_members.id"],
            name=op.f("fk_calendar_events_committee_member_id_committee_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_events")),
        sa.UniqueConstraint("uid", name=op.f("uq_calendar_events_uid")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_calendar_events_meeting_id")),
        sa.UniqueConstraint(
            "candidate_id", "committee_member_id", name=op.f("uq_calendar_events_candidate_id")
        ),
    )
    op.create_index(op.f("ix_calendar_events_candidate_id"), "calendar_events", ["candidate_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_calendar_events_candidate_id"), table_name="calendar_events")
    op.drop_table("calendar_events")
