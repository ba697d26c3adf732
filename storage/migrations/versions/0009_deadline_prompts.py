"""The questions the "Change" button of a task puts ("New deadline for #5? Reply to this
message"), so that a reply to one is read as the new deadline of its task.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deadline_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("asked_in", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("asked_by", sa.Integer(), nullable=False),
        sa.Column("due_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_precision", sa.String(length=8), nullable=True),
        sa.Column("due_text", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name="fk_deadline_prompts_chat_id_chats", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["asked_in"],
            ["chats.id"],
            name="fk_deadline_prompts_asked_in_chats",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name="fk_deadline_prompts_task_id_tasks", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["asked_by"],
            ["persons.id"],
            name="fk_deadline_prompts_asked_by_persons",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_deadline_prompts"),
        sa.UniqueConstraint("asked_in", "message_id", name="uq_deadline_prompts_asked_in"),
    )
    op.create_index("ix_deadline_prompts_chat_id", "deadline_prompts", ["chat_id"], unique=False)
    op.create_index("ix_deadline_prompts_task_id", "deadline_prompts", ["task_id"], unique=False)


def downgrade() -> None:
    # Only questions waiting for a reply go: the deadlines they set are on the tasks. A reply
    # to one after the downgrade is not read (the /deadline command says the same).
    op.drop_index("ix_deadline_prompts_task_id", table_name="deadline_prompts")
    op.drop_index("ix_deadline_prompts_chat_id", table_name="deadline_prompts")
    op.drop_table("deadline_prompts")
