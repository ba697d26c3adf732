"""The questions the "Change" button of a task puts, waiting for a reply."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.domain import DeadlinePrompt, Due
from storage.models import ChatRow, DeadlinePromptRow, PersonRow
from storage.session import UnitSession


class PromptRepository:
    """Reads and writes deadline questions; never commits.

    A question stays after it was answered: a second reply to it is then told that the
    deadline changed since, rather than met with silence. It goes with its task, its chat,
    and the chat it was asked in (one per press of a manager, as the audit trail grows).
    """

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def add(
        self,
        *,
        chat_id: int,
        asked_in: int,
        message_id: int,
        task_id: int,
        asked_by: int,
        due: Due | None,
        now: datetime,
    ) -> None:
        """Remember that message ``message_id`` of chat ``asked_in`` asks for a deadline."""
        self._session.add(
            DeadlinePromptRow(
                chat_id=chat_id,
                asked_in=asked_in,
                message_id=message_id,
                task_id=task_id,
                asked_by=asked_by,
                due_utc=due.utc if due else None,
                due_precision=due.precision if due else None,
                due_text=due.text if due else None,
                created_at=now,
            )
        )
        await self._session.flush()

    async def find(self, telegram_chat_id: int, message_id: int) -> DeadlinePrompt | None:
        """The question that message ``message_id`` of the chat with this Telegram id is."""
        result = await self._session.execute(
            select(DeadlinePromptRow, PersonRow.first_name, PersonRow.last_name)
            .join(ChatRow, ChatRow.id == DeadlinePromptRow.asked_in)
            .join(PersonRow, PersonRow.id == DeadlinePromptRow.asked_by)
            .where(
                ChatRow.telegram_id == telegram_chat_id,
                DeadlinePromptRow.message_id == message_id,
            )
        )
        found = result.first()
        if found is None:
            return None
        row, first, last = found
        due = None
        if row.due_utc is not None:
            due = Due(row.due_utc, row.due_precision or "day", row.due_text or "")
        return DeadlinePrompt(
            id=row.id,
            chat_id=row.chat_id,
            asked_in=row.asked_in,
            task_id=row.task_id,
            asked_by=row.asked_by,
            asker_name=" ".join(p for p in (first, last) if p),
            due=due,
        )
