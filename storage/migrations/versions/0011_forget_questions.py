"""The questions /forget asks, so that the first press of one of their buttons answers them
once: a second press (a double tap, another device, a delivery twice) deletes nothing.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-20 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A question asked before the upgrade has buttons of the old form: "this button no longer
    # works", and /forget asks again.
    op.create_table(
        "forget_questions",
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=True),
        sa.Column("asker", sa.BigInteger(), nullable=True),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["chat_id"], ["chats.id"], name="fk_forget_questions_chat_id_chats", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token", name="pk_forget_questions"),
    )
    op.create_index("ix_forget_questions_asked_at", "forget_questions", ["asked_at"], unique=False)
    op.create_index("ix_forget_questions_chat_id", "forget_questions", ["chat_id"], unique=False)


def downgrade() -> None:
    # Only the open questions go: their buttons then say "this button no longer works".
    op.drop_index("ix_forget_questions_chat_id", table_name="forget_questions")
    op.drop_index("ix_forget_questions_asked_at", table_name="forget_questions")
    op.drop_table("forget_questions")
