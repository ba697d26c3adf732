"""Tasks waiting for their secretary to say which organisation a name means."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from bot.task_draft import Draft, StoredDraft
from storage.models import PersonRow, TaskDraftRow
from storage.session import UnitSession


class DraftRepository:
    """Reads and writes task drafts; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def add(
        self, chat_id: int, created_by: int, draft: Draft, now: datetime, expires_at: datetime
    ) -> int:
        """Store a new draft and return its id."""
        row = TaskDraftRow(
            chat_id=chat_id,
            created_by=created_by,
            created_at=now,
            expires_at=expires_at,
            payload=draft.to_json(),
        )
        self._session.add(row)
        await self._session.flush()
        return row.id

    async def claim(self, chat_id: int, draft_id: int) -> StoredDraft | None:
        """The chat's draft ``draft_id``, locked until the transaction ends (on PostgreSQL;
        SQLite's transactions already take the write lock when they begin), so two presses
        of its buttons are answered one after the other."""
        result = await self._session.execute(
            select(TaskDraftRow, PersonRow.first_name, PersonRow.last_name)
            .join(PersonRow, PersonRow.id == TaskDraftRow.created_by)
            .where(TaskDraftRow.chat_id == chat_id, TaskDraftRow.id == draft_id)
            .with_for_update(of=TaskDraftRow)
        )
        found = result.first()
        if found is None:
            return None
        row, first, last = found
        return StoredDraft(
            row.id,
            row.chat_id,
            row.created_by,
            row.expires_at,
            Draft.from_json(row.payload),
            " ".join(p for p in (first, last) if p),
        )

    async def save(self, draft_id: int, draft: Draft) -> None:
        """Replace the draft's content (a name was settled)."""
        row = await self._session.get_one(TaskDraftRow, draft_id)
        row.payload = draft.to_json()
        await self._session.flush()

    async def remove(self, draft_id: int) -> None:
        """Forget the draft (recorded or cancelled)."""
        await self._session.execute(delete(TaskDraftRow).where(TaskDraftRow.id == draft_id))

    async def waiting(self, chat_id: int) -> list[tuple[int, Draft]]:
        """The chat's drafts, with their ids, oldest first: each becomes a task, answered or
        (past its day) with its open names as typed, so a change to the chat reaches them all."""
        result = await self._session.execute(
            select(TaskDraftRow.id, TaskDraftRow.payload)
            .where(TaskDraftRow.chat_id == chat_id)
            .order_by(TaskDraftRow.id)
        )
        return [(draft_id, Draft.from_json(payload)) for draft_id, payload in result.all()]

    async def expired(self, now: datetime, limit: int) -> list[tuple[int, int]]:
        """Up to ``limit`` drafts of any chat left unanswered until ``now`` past their day, as
        (chat id, draft id), the oldest first."""
        result = await self._session.execute(
            select(TaskDraftRow.chat_id, TaskDraftRow.id)
            .where(TaskDraftRow.expires_at <= now)
            .order_by(TaskDraftRow.expires_at, TaskDraftRow.id)
            .limit(limit)
        )
        return [(chat_id, draft_id) for chat_id, draft_id in result.all()]

    async def next_expiry(self, now: datetime) -> datetime | None:
        """When the next draft's day ends, after ``now`` (those ended already are for the sweep
        running now, or the next one: never a reason to wake the timer again at once)."""
        found: datetime | None = await self._session.scalar(
            select(TaskDraftRow.expires_at)
            .where(TaskDraftRow.expires_at > now)
            .order_by(TaskDraftRow.expires_at)
            .limit(1)
        )
        return found
