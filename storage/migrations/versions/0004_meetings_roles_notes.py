"""Task notes and recurrence, a secretary's selected group, and the update ids already handled.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name="fk_task_notes_task_id_tasks", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["persons.id"], name="fk_task_notes_author_id_persons"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_task_notes"),
    )
    op.create_index("ix_task_notes_task_id", "task_notes", ["task_id"], unique=False)
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name="pk_processed_updates"),
    )
    op.create_index(
        "ix_processed_updates_handled_at", "processed_updates", ["handled_at"], unique=False
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recurrence", sa.String(length=32), nullable=True))
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("selected_chat_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_persons_selected_chat_id_chats",
            "chats",
            ["selected_chat_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_constraint("fk_persons_selected_chat_id_chats", type_="foreignkey")
        batch_op.drop_column("selected_chat_id")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("recurrence")
    op.drop_index("ix_processed_updates_handled_at", table_name="processed_updates")
    op.drop_table("processed_updates")
    op.drop_index("ix_task_notes_task_id", table_name="task_notes")
    op.drop_table("task_notes")
