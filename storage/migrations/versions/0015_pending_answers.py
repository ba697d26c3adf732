"""Answers Telegram did not take wait in the database to be sent again, so that a restart of the
bot does not lose them.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-22 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=True),
        sa.Column("call", sa.JSON(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("give_up_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name="fk_pending_answers_chat_id_chats", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pending_answers"),
    )
    op.create_index("ix_pending_answers_chat_id", "pending_answers", ["chat_id"], unique=False)
    op.create_index("ix_pending_answers_next_at", "pending_answers", ["next_at"], unique=False)


def downgrade() -> None:
    # Answers waiting then are lost, as they were when the bot stopped before 0015: their work
    # stays recorded (/ds shows it).
    op.drop_index("ix_pending_answers_next_at", table_name="pending_answers")
    op.drop_index("ix_pending_answers_chat_id", table_name="pending_answers")
    op.drop_table("pending_answers")
