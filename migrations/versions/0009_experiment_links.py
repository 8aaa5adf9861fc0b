"""experiments: the procedure that caused a proposal apart from the one an evaluation started;
a proposal can lapse

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("proposed", "running", "continued", "stopped", "procedure_started", "dismissed")
AFTER = (*BEFORE, "lapsed")
CHECK = "ck_experiments_experiment_status"


def _status(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="experiment_status", native_enum=False, create_constraint=True, length=17
    )


def _check(values: tuple[str, ...]) -> None:
    """The status's CHECK constraint with these values (SQLite rebuilds the table in batch)."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("experiments", recreate="always") as batch:
            batch.alter_column(
                "status",
                existing_type=_status(BEFORE if values == AFTER else AFTER),
                type_=_status(values),
                existing_nullable=False,
            )
        return
    listed = ", ".join(f"'{v}'" for v in values)
    op.drop_constraint(op.f(CHECK), "experiments", type_="check")
    op.create_check_constraint(op.f(CHECK), "experiments", f"status IN ({listed})")


def upgrade() -> None:
    with op.batch_alter_table("experiments") as batch:
        batch.add_column(sa.Column("cause_procedure_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("started_procedure_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_experiments_cause_procedure_id_procedures"),
            "procedures",
            ["cause_procedure_id"],
            ["id"],
        )
        batch.create_foreign_key(
            op.f("fk_experiments_started_procedure_id_procedures"),
            "procedures",
            ["started_procedure_id"],
            ["id"],
        )
    op.execute(
        "UPDATE experiments SET started_procedure_id = procedure_id "
        "WHERE status = 'procedure_started'"
    )
    op.execute(
        "UPDATE experiments SET cause_procedure_id = procedure_id "
        "WHERE status <> 'procedure_started'"
    )
    with op.batch_alter_table("experiments") as batch:
        batch.drop_constraint(op.f("fk_experiments_procedure_id_procedures"), type_="foreignkey")
        batch.drop_column("procedure_id")
    _check(AFTER)


def downgrade() -> None:
    op.execute("UPDATE experiments SET status = 'proposed' WHERE status = 'lapsed'")
    _check(BEFORE)
    with op.batch_alter_table("experiments") as batch:
        batch.add_column(sa.Column("procedure_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_experiments_procedure_id_procedures"), "procedures", ["procedure_id"], ["id"]
        )
    op.execute(
        "UPDATE experiments SET procedure_id = COALESCE(started_procedure_id, cause_procedure_id)"
    )
    with op.batch_alter_table("experiments") as batch:
        batch.drop_constraint(
            op.f("fk_experiments_started_procedure_id_procedures"), type_="foreignkey"
        )
        batch.drop_constraint(
            op.f("fk_experiments_cause_procedure_id_procedures"), type_="foreignkey"
        )
        batch.drop_column("started_procedure_id")
        batch.drop_column("cause_procedure_id")
