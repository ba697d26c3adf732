"""A chat's days off, when no reminder goes out: the country whose public holidays they are
(Vietnam's for the chats there were) and whether Saturday and Sunday are off too.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-12 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE, as in 0008. The chats there were take the defaults of a new chat.
    op.add_column("chats", sa.Column("holiday_country", sa.String(length=8), server_default="VN"))
    op.add_column(
        "chats",
        sa.Column("weekends_off", sa.Boolean(), server_default=sa.true(), nullable=False),
    )


def downgrade() -> None:
    # The reminders already planned keep their days; later plans remind on any day again.
    op.drop_column("chats", "weekends_off")
    op.drop_column("chats", "holiday_country")
