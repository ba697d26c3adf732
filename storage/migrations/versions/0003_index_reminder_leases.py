"""An index on reminder leases, so finding the next one to wake for reads one row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 10:01:21.029549
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index("ix_reminders_claimed_until", ["claimed_until"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index("ix_reminders_claimed_until")
