"""Own notes become a choice of their own: a person's private chat with no group chosen now acts
on their only group (or asks which one), where before it kept their own notes. Whoever already
keeps notes there (a task or a decision in their private chat) has them chosen, as they were
(``persons.selected_chat_id`` names the private chat itself), so nothing they write privately
goes to a group unasked.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_OWN_CHAT = (
    "SELECT c.id FROM chats c WHERE c.telegram_id = persons.telegram_id AND c.type = 'private'"
)


def upgrade() -> None:
    op.execute(
        sa.text(
            f"UPDATE persons SET selected_chat_id = ({_OWN_CHAT}) "
            f"WHERE selected_chat_id IS NULL AND EXISTS ({_OWN_CHAT} AND ("
            "EXISTS (SELECT 1 FROM tasks t WHERE t.chat_id = c.id) "
            "OR EXISTS (SELECT 1 FROM decisions d WHERE d.chat_id = c.id)))"
        )
    )


def downgrade() -> None:
    # Before 0011 no choice meant one's own notes, and a private chat chosen was a group gone.
    op.execute(
        sa.text(
            "UPDATE persons SET selected_chat_id = NULL "
            "WHERE selected_chat_id IN (SELECT id FROM chats WHERE type = 'private')"
        )
    )
