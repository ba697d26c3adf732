"""Chats the bot serves, and their per-chat counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import Chat, ChatRef
from storage.models import ChatRow
from storage.repositories._insert import insert_ignoring_conflict


def to_chat(row: ChatRow) -> Chat:
    """The domain view of a chat row."""
    return Chat(
        id=row.id,
        telegram_id=row.telegram_id,
        title=row.title,
        timezone=row.timezone,
        language=row.language,
        active=row.active,
        morning_hour=row.morning_hour,
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        reminder_offsets=tuple(row.reminder_offsets) if row.reminder_offsets else None,
        digest_enabled=row.digest_enabled,
    )


class ChatRepository:
    """Reads and writes chats; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert(self, ref: ChatRef, *, timezone: str, language: str, now: datetime) -> Chat:
        """Return the chat for ``ref``, creating it with the defaults the first time it is seen."""
        chat, _ = await self.ensure(ref, timezone=timezone, language=language, now=now)
        return chat

    async def ensure(
        self,
        ref: ChatRef,
        *,
        timezone: str,
        language: str,
        now: datetime,
        row: ChatRow | None = None,
    ) -> tuple[Chat, bool]:
        """The chat for ``ref`` and whether this call created it (``row``: already read)."""
        row, created = row or await self._row(ref.telegram_id), False
        if row is None:
            created = await insert_ignoring_conflict(
                self._session,
                ChatRow,
                telegram_id=ref.telegram_id,
                type=ref.type,
                title=ref.title,
                timezone=timezone,
                language=language,
                active=True,
                morning_hour=9,
                quiet_start=21,
                quiet_end=7,
                digest_enabled=True,
                next_task_number=1,
                next_decision_number=1,
                next_meeting_number=1,
                created_at=now,
                updated_at=now,
            )
            row = await self._row(ref.telegram_id)
            assert row is not None  # inserted now, or by a concurrent update
        elif (ref.title is not None and row.title != ref.title) or not row.active:
            # Any update from the chat shows the bot is back in it.
            row.title, row.active, row.updated_at = ref.title or row.title, True, now
        return to_chat(row), created

    async def get_by_telegram_id(self, telegram_id: int) -> Chat | None:
        """The chat with this Telegram id, if the bot has seen it."""
        row = await self._row(telegram_id)
        return None if row is None else to_chat(row)

    async def set_language(self, chat_id: int, language: str, now: datetime) -> None:
        """Change the language the bot speaks in the chat."""
        await self._session.execute(
            update(ChatRow).where(ChatRow.id == chat_id).values(language=language, updated_at=now)
        )

    async def save_settings(self, chat: Chat, now: datetime) -> None:
        """Store the chat's settings as ``chat`` holds them."""
        await self._session.execute(
            update(ChatRow)
            .where(ChatRow.id == chat.id)
            .values(
                timezone=chat.timezone,
                language=chat.language,
                morning_hour=chat.morning_hour,
                quiet_start=chat.quiet_start,
                quiet_end=chat.quiet_end,
                digest_enabled=chat.digest_enabled,
                updated_at=now,
            )
        )

    async def set_reminder_offsets(
        self, chat_id: int, offsets: tuple[int, ...] | None, now: datetime
    ) -> None:
        """Change the chat's reminder plan (None: back to the default plan)."""
        values = list(offsets) if offsets else None
        await self._session.execute(
            update(ChatRow)
            .where(ChatRow.id == chat_id)
            .values(reminder_offsets=values, updated_at=now)
        )

    async def get(self, chat_id: int) -> Chat | None:
        """The chat with this internal id."""
        row = await self._session.get(ChatRow, chat_id)
        return None if row is None else to_chat(row)

    async def deactivate(self, chat_id: int, now: datetime) -> None:
        """Stop reminding a chat the bot can no longer write to."""
        await self._session.execute(
            update(ChatRow).where(ChatRow.id == chat_id).values(active=False, updated_at=now)
        )

    async def migrate(self, chat_id: int, new_telegram_id: int, now: datetime) -> None:
        """A group became a supergroup: its records follow it to the new id."""
        await self._session.execute(
            update(ChatRow)
            .where(ChatRow.id == chat_id)
            .values(telegram_id=new_telegram_id, type="supergroup", updated_at=now)
        )

    async def next_number(self, chat_id: int, counter: str) -> int:
        """Take the next task or decision number of the chat (the row lock serialises writers)."""
        column = getattr(ChatRow, counter)
        result = await self._session.execute(
            update(ChatRow)
            .where(ChatRow.id == chat_id)
            .values({column: column + 1})
            .returning(column)
        )
        return int(result.scalar_one()) - 1

    async def _row(self, telegram_id: int) -> ChatRow | None:
        result = await self._session.execute(
            select(ChatRow).where(ChatRow.telegram_id == telegram_id)
        )
        return result.scalar_one_or_none()
