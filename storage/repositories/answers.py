"""Answers Telegram did not take, waiting to be sent again (``bot.resends``).

Claimed as reminders are (``storage.repositories.reminders``): a sender takes the lease of one
due answer in one statement before it tries, so two processes on the database never both send
it; a sender that dies meanwhile lets the lease run out, and the answer is tried again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update

from storage.models import ChatRow, PendingAnswerRow
from storage.session import UnitSession


@dataclass(frozen=True, slots=True)
class ClaimedAnswer:
    """An answer this process now holds the lease of."""

    id: int
    call: dict[str, Any]
    tries: int  # made in the background so far
    give_up_at: datetime


class PendingAnswerRepository:
    """Reads and writes the answers waiting; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def add(self, call: dict[str, Any], next_at: datetime, give_up_at: datetime) -> None:
        """Store the answer ``call`` (``sendMessage``'s arguments, JSON), tried at ``next_at``;
        it belongs to the chat recorded under its ``chat_id``, if any."""
        chat = select(ChatRow.id).where(ChatRow.telegram_id == call["chat_id"]).scalar_subquery()
        await self._session.execute(
            insert(PendingAnswerRow).values(
                chat_id=chat, call=call, tries=0, next_at=next_at, give_up_at=give_up_at
            )
        )

    async def claim_due(
        self, now: datetime, lease_until: datetime, owner: str
    ) -> ClaimedAnswer | None:
        """Take the lease of the answer due first by ``now``, if any (one statement: on
        PostgreSQL the inner select skips a row another process has locked, on SQLite writers
        are serialised and the outer condition is checked again)."""
        free = or_(PendingAnswerRow.claimed_until.is_(None), PendingAnswerRow.claimed_until < now)
        due = (PendingAnswerRow.next_at <= now, free)
        candidate = (
            select(PendingAnswerRow.id)
            .where(*due)
            .order_by(PendingAnswerRow.next_at, PendingAnswerRow.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .cte("candidate")
        )
        result = await self._session.execute(
            update(PendingAnswerRow)
            .where(PendingAnswerRow.id.in_(select(candidate.c.id)), *due)
            .values(claimed_until=lease_until, claimed_by=owner)
            .returning(
                PendingAnswerRow.id,
                PendingAnswerRow.call,
                PendingAnswerRow.tries,
                PendingAnswerRow.give_up_at,
            )
        )
        row = result.one_or_none()
        return None if row is None else ClaimedAnswer(row.id, row.call, row.tries, row.give_up_at)

    async def postpone(self, answer_id: int, owner: str, next_at: datetime) -> None:
        """One more try failed: the next at ``next_at``, the lease given back."""
        await self._session.execute(
            update(PendingAnswerRow)
            .where(PendingAnswerRow.id == answer_id, PendingAnswerRow.claimed_by == owner)
            .values(
                tries=PendingAnswerRow.tries + 1,
                next_at=next_at,
                claimed_until=None,
                claimed_by=None,
            )
        )

    async def remove(self, answer_id: int) -> None:
        """The answer went out, or is given up."""
        await self._session.execute(
            delete(PendingAnswerRow).where(PendingAnswerRow.id == answer_id)
        )

    async def next_at(self) -> datetime | None:
        """When the next answer not held by a sender is due. One held by a sender that died
        is left to the minute's sweep, once its lease has run out."""
        found: datetime | None = await self._session.scalar(
            select(func.min(PendingAnswerRow.next_at)).where(
                PendingAnswerRow.claimed_until.is_(None)
            )
        )
        return found
