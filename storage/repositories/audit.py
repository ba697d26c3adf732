"""The audit trail: who changed what, when, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEventRow


class AuditRepository:
    """Appends audit events; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self,
        *,
        chat_id: int,
        actor_id: int | None,
        action: str,
        entity: str,
        entity_id: int,
        now: datetime,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        """Append one event to the trail."""
        self._session.add(
            AuditEventRow(
                chat_id=chat_id,
                actor_id=actor_id,
                at=now,
                action=action,
                entity=entity,
                entity_id=entity_id,
                before=before,
                after=after,
            )
        )
