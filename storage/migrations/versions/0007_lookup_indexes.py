"""Indexes for two lookups every command makes: a task's pending reminders, and a person by
@username in any case. Without them, both read every row of their table.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reminders_task_id", "reminders", ["task_id"])
    # An index on an expression: on SQLite, a later batch migration that rebuilds ``persons``
    # does not carry it over (SQLAlchemy warns "Skipped unsupported reflection"; the tests make
    # that warning an error) and must create it again.
    op.create_index("ix_persons_username_folded", "persons", [sa.text("lower(username)")])


def downgrade() -> None:
    op.drop_index("ix_persons_username_folded", table_name="persons")
    op.drop_index("ix_reminders_task_id", table_name="reminders")
