"""The audit trail: who changed what, when, before and after."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CTE, Insert, bindparam, insert, select

from bot.domain import HistoryEntry
from storage.models import AuditEventRow, PersonRow, table_of
from storage.session import UnitSession

# Core, built once: an ORM object added to the session cost a unit-of-work flush (and its
# bookkeeping) at commit, several times the statement itself. A Core statement does not flush
# pending ORM changes first; the event needs none (its chat and actor are in the database, every
# repository flushes the rows it adds, and its entity id is already known).
INSERT = insert(table_of(AuditEventRow))


@dataclass(frozen=True, slots=True)
class Event:
    """One event of a chat's audit trail: who changed what, when, before and after."""

    chat_id: int
    actor_id: int | None  # None: nobody (Telegram's note, not a command)
    action: str
    entity: str
    entity_id: int
    at: datetime
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    def row(self) -> dict[str, Any]:
        """The parameters of :data:`INSERT`."""
        return {name: getattr(self, name) for name in _COLUMNS}

    def params(self) -> dict[str, Any]:
        """The parameters of a :func:`recording` statement."""
        return {f"e_{name}": getattr(self, name) for name in _COLUMNS}


_COLUMNS = ("chat_id", "actor_id", "action", "entity", "entity_id", "at", "before", "after")


def recording(*changes: CTE) -> Insert:
    """PostgreSQL's statement that makes the data-modifying WITH queries ``changes`` and records
    their event (:meth:`Event.params`): one round trip to the server, where each took one.
    Parameters named as no column (``e_at``): an INSERT's compiler adds a column for each
    parameter of the execution named as one of its table's."""
    table = table_of(AuditEventRow)
    values = {name: bindparam(f"e_{name}", type_=table.c[name].type) for name in _COLUMNS}
    return insert(table).values(values).add_cte(*changes)


class AuditRepository:
    """Appends audit events; never commits."""

    def __init__(self, session: UnitSession) -> None:
        self._session = session

    async def record(self, event: Event) -> None:
        """Append one event to the trail."""
        await self._session.execute(INSERT, event.row())

    async def history(self, chat_id: int, entity: str, entity_id: int) -> list[HistoryEntry]:
        """Every change of one record of the chat, oldest first, with who made it."""
        result = await self._session.execute(
            select(AuditEventRow, PersonRow.first_name, PersonRow.last_name)
            .outerjoin(PersonRow, PersonRow.id == AuditEventRow.actor_id)
            .where(
                AuditEventRow.chat_id == chat_id,
                AuditEventRow.entity == entity,
                AuditEventRow.entity_id == entity_id,
            )
            .order_by(AuditEventRow.id)
        )
        return [
            HistoryEntry(
                at=row.at,
                actor=" ".join(p for p in (first, last) if p) or None,
                action=row.action,
                before=row.before,
                after=row.after,
            )
            for row, first, last in result.all()
        ]

    async def task_events(
        self,
        chat_id: int,
        actions: Collection[str],
        *,
        task_ids: Collection[int] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[tuple[int, HistoryEntry]]:
        """The chat's events of ``actions`` on tasks (those of ``task_ids`` when given, made
        between ``since`` and ``until`` included when given), oldest first, each with its
        task's id; without who made them (``actor`` is None)."""
        if task_ids is not None and not task_ids:
            return []
        query = select(AuditEventRow).where(
            AuditEventRow.chat_id == chat_id,
            AuditEventRow.entity == "task",
            AuditEventRow.action.in_(actions),
        )
        if task_ids is not None:
            query = query.where(AuditEventRow.entity_id.in_(task_ids))
        if since is not None:
            query = query.where(AuditEventRow.at >= since)
        if until is not None:
            query = query.where(AuditEventRow.at <= until)
        result = await self._session.execute(query.order_by(AuditEventRow.id))
        return [
            (row.entity_id, HistoryEntry(row.at, None, row.action, row.before, row.after))
            for row in result.scalars()
        ]
