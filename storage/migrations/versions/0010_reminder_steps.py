"""Each planned reminder of a task says which step of the plan it is and for which deadline, so
that planning again after a change of the chat's settings (a later morning hour, just after the
morning's reminders went out) does not send a step a second time.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE, as in 0008. Rows planned before have neither: their steps are not
    # known, and a new plan treats them as not sent (as every plan did before).
    op.add_column("reminders", sa.Column("step", sa.Integer(), nullable=True))
    op.add_column("reminders", sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Only planning's memory goes: a later change of settings may send a step again.
    op.drop_column("reminders", "due_at")
    op.drop_column("reminders", "step")
