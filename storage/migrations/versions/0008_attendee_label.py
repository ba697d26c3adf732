"""The name of an organisation recorded present, kept on the attendance once the organisation is
removed (``/org remove``), so that the minutes still say who came.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from alembic.util import CommandError

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
    # Before 0008 an attendance is a person or an organisation of the group: one whose
    # organisation was removed since has only its name left, which would go with the column
    # (the minutes would no longer say who came). Refused, rather than losing it unasked.
    attendees = sa.table("meeting_attendees", sa.column("organisation_id"), sa.column("label"))
    name_only = op.get_bind().execute(
        sa.select(sa.func.count())
        .select_from(attendees)
        .where(attendees.c.organisation_id.is_(None), attendees.c.label.is_not(None))
    )
    if count := name_only.scalar_one():
        raise CommandError(
            "cannot go below revision 0008: the meeting attendances of removed organisations "
            f"({count}) would lose their names (meeting_attendees.label), and the minutes who "
            "attended. Stay at 0008, or export the minutes you need first (followup export) "
            "and set those labels to NULL to downgrade all the same."
        )
    op.drop_column("meeting_attendees", "label")
