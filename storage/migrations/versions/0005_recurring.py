"""Recurring tasks: room for an RFC 5545 rule, and each occurrence linked to the one it follows.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 12:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 32 characters hold "FREQ=MONTHLY;BYMONTHDAY=5" but not the end of each quarter
    # ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1") nor the 30th of short months (BYSETPOS).
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.alter_column(
            "recurrence",
            existing_type=sa.String(length=32),
            type_=sa.String(length=200),
            existing_nullable=True,
        )
        batch_op.add_column(sa.Column("previous_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_tasks_previous_id_tasks", "tasks", ["previous_id"], ["id"], ondelete="SET NULL"
        )
        # One next occurrence per closed one, even when two closes race.
        batch_op.create_index("ix_tasks_previous_id", ["previous_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_previous_id")
        batch_op.drop_constraint("fk_tasks_previous_id_tasks", type_="foreignkey")
        batch_op.drop_column("previous_id")
        batch_op.alter_column(
            "recurrence",
            existing_type=sa.String(length=200),
            type_=sa.String(length=32),
            existing_nullable=True,
        )
