"""Task drafts (a /task waiting for its organisations).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name="fk_task_drafts_chat_id_chats", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["persons.id"],
            name="fk_task_drafts_created_by_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_task_drafts"),
    )
    op.create_index("ix_task_drafts_chat_id", "task_drafts", ["chat_id"], unique=False)
    op.create_index("ix_task_drafts_expires_at", "task_drafts", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_task_drafts_expires_at", table_name="task_drafts")
    op.drop_index("ix_task_drafts_chat_id", table_name="task_drafts")
    op.drop_table("task_drafts")
