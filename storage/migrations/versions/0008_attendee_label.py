"""The name of an organisation recorded present, kept on the attendance once the organisation is
removed (``/org remove``), so that the minutes still say who came.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite has both since 3.35, which RETURNING elsewhere needs too): a
    # batch migration rebuilding the table would reflect ``persons``, whose index on an
    # expression SQLAlchemy cannot read back.
    op.add_column("meeting_attendees", sa.Column("label", sa.String(length=255), nullable=True))


def downgrade() -> None:
    op.drop_column("meeting_attendees", "label")
