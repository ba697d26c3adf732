"""An index of the reminders an older version planned without their steps (before 0010), which
the bot plans again when it starts (``bot.services.old_plans``): its query, on every start of
every replica, read the whole reminders table, which keeps every reminder ever sent. Partial,
it holds only such rows still to send, none once they are planned again.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_OLD_PLANS = sa.text("step IS NULL AND sent_at IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_reminders_old_plans",
        "reminders",
        ["chat_id"],
        postgresql_where=_OLD_PLANS,
        sqlite_where=_OLD_PLANS,
    )


def downgrade() -> None:
    op.drop_index("ix_reminders_old_plans", table_name="reminders")
