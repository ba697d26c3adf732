"""Update ids already handled: a webhook update delivered twice is handled once, by one replica."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from storage.models import ProcessedUpdateRow
from storage.repositories._insert import insert_ignoring_conflict
from storage.session import UnitSession


class ProcessedUpdateRepository:
    """Records update ids; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def record(self, update_id: int, now: datetime) -> bool:
        """Record ``update_id``; False when it was recorded already (by this or another replica)."""
        return await insert_ignoring_conflict(
            self._session, ProcessedUpdateRow, update_id=update_id, handled_at=now
        )

    async def prune(self, before: datetime) -> int:
        """Forget the ids recorded before ``before``; return how many."""
        result = await self._session.execute(
            delete(ProcessedUpdateRow).where(ProcessedUpdateRow.handled_at < before)
        )
        removed: int = result.rowcount  # type: ignore[attr-defined]  # a DELETE's CursorResult
        return removed
