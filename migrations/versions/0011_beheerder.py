"""accounts: the role 'beheerder' (a coördinator who also manages the accounts)

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("coordinator", "lezer")
AFTER = (*BEFORE, "beheerder")
CHECK = "ck_accounts_account_role"


def _role(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values, name="account_role", native_enum=False, create_constraint=True, length=11
    )


def _check(values: tuple[str, ...]) -> None:
    """The role's CHECK constraint with these values (SQLite rebuilds the table in batch)."""
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("accounts", recreate="always") as batch:
            batch.alter_column(
                "role",
                existing_type=_role(BEFORE if values == AFTER else AFTER),
                type_=_role(values),
                existing_nullable=False,
            )
        return
    listed = ", ".join(f"'{v}'" for v in values)
    op.drop_constraint(op.f(CHECK), "accounts", type_="check")
    op.create_check_constraint(op.f(CHECK), "accounts", f"role IN ({listed})")


def upgrade() -> None:
    _check(AFTER)


def downgrade() -> None:
    op.execute("UPDATE accounts SET role = 'coordinator' WHERE role = 'beheerder'")
    _check(BEFORE)
