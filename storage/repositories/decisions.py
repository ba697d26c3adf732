"""Decisions recorded in a chat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.domain import Decision
from storage.models import DecisionRow, PersonRow
from storage.session import UnitSession


class DecisionRepository:
    """Reads and writes decisions; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        chat_id: int,
        number: int,
        text: str,
        recorded_by: int | None,
        source_message_id: int | None,
        message_thread_id: int | None,
        now: datetime,
        meeting_id: int | None = None,
    ) -> Decision:
        """Store a decision and return it."""
        row = DecisionRow(
            chat_id=chat_id,
            number=number,
            text=text,
            recorded_by=recorded_by,
            source_message_id=source_message_id,
            message_thread_id=message_thread_id,
            meeting_id=meeting_id,
            recorded_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return Decision(row.id, chat_id, number, text, now, meeting_id=meeting_id)

    async def latest(
        self, chat_id: int, limit: int, meeting_id: int | None = None
    ) -> list[Decision]:
        """The chat's latest decisions (of one meeting, when given), oldest first."""
        query = (
            select(DecisionRow, PersonRow.first_name)
            .outerjoin(PersonRow, PersonRow.id == DecisionRow.recorded_by)
            .where(DecisionRow.chat_id == chat_id)
        )
        if meeting_id is not None:
            query = query.where(DecisionRow.meeting_id == meeting_id)
        result = await self._session.execute(query.order_by(DecisionRow.number.desc()).limit(limit))
        decisions = [
            Decision(
                row.id, row.chat_id, row.number, row.text, row.recorded_at, name, row.meeting_id
            )
            for row, name in result.all()
        ]
        return decisions[::-1]
