"""Telegram users the bot has seen, and the @username -> id mapping it learns from them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import PersonRef
from storage.models import ChatMemberRow, PersonRow


class PersonRepository:
    """Reads and writes persons; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert(self, ref: PersonRef, now: datetime) -> int:
        """Record what the update says about a user; return the person's id."""
        row = await self._by_telegram_id(ref.telegram_id)
        if ref.username:
            # Usernames move between accounts: the newest holder keeps it.
            await self._session.execute(
                update(PersonRow)
                .where(func.lower(PersonRow.username) == ref.username.lower())
                .where(PersonRow.telegram_id != ref.telegram_id)
                .values(username=None)
            )
        if row is None:
            row = PersonRow(telegram_id=ref.telegram_id, updated_at=now, first_name=ref.first_name)
            self._session.add(row)
        row.username, row.first_name, row.last_name = ref.username, ref.first_name, ref.last_name
        row.language_code, row.is_bot, row.updated_at = ref.language_code, ref.is_bot, now
        await self._session.flush()
        return row.id

    async def seen_in_chat(self, chat_id: int, person_id: int, now: datetime) -> None:
        """Remember that the person spoke in the chat."""
        member = await self._session.get(ChatMemberRow, (chat_id, person_id))
        if member is None:
            self._session.add(ChatMemberRow(chat_id=chat_id, person_id=person_id, last_seen_at=now))
        else:
            member.last_seen_at = now

    async def by_username(self, username: str) -> tuple[int, int] | None:
        """``(person id, telegram id)`` of the user who holds ``username``, if seen."""
        result = await self._session.execute(
            select(PersonRow.id, PersonRow.telegram_id).where(
                func.lower(PersonRow.username) == username.lower()
            )
        )
        found = result.first()
        return None if found is None else (found[0], found[1])

    async def _by_telegram_id(self, telegram_id: int) -> PersonRow | None:
        result = await self._session.execute(
            select(PersonRow).where(PersonRow.telegram_id == telegram_id)
        )
        return result.scalar_one_or_none()
