"""Reminder settings per chat, deadline confirmation, private reminders and claim owners.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 08:04:22.434865
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_offsets", sa.JSON(), nullable=True))

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("private_chat", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))

    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("due_confirmed", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:

    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("due_confirmed")

    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_column("claimed_by")

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_column("private_chat")

    with op.batch_alter_table("chats", schema=None) as batch_op:
        batch_op.drop_column("reminder_offsets")
