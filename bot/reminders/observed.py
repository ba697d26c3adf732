"""Reminder metrics, observed from outside the reminder service.

The sender reports each message's fate to :class:`~bot.services.reminders.ReminderService`
(``sent``, ``retry_later``, ``chat_gone``); this subclass counts those reports. Planned
reminders are counted as their rows are written, by an SQLAlchemy event on the database's
engine, whichever service plans them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Insert, event

from bot.domain import Chat
from bot.metrics import Metrics
from bot.services.base import ServiceDeps
from bot.services.reminders import CLAIM_LIMIT, LATE_AFTER, ReminderMessage, ReminderService
from storage import Database
from storage.models import ReminderRow
from storage.repositories.tasks import NEW_TASK_REMINDER_KINDS


def count_planned(database: Database, metrics: Metrics) -> None:
    """Count every reminder row written through ``database`` in ``metrics``."""

    # The repository writes a unit's reminders with one statement ("executemany"), not row by
    # row through the ORM, so the statement is observed, not each row: its parameter sets are
    # the rows (a driver's rowcount after executemany is not to be relied on).
    def planned(
        _connection: Any, statement: Any, multi: Any, params: Any, _options: Any, result: Any
    ) -> None:
        # An ORM statement's table is an annotated copy: compare names.
        if isinstance(statement, Insert) and statement.table.name == ReminderRow.__tablename__:
            metrics.reminders_planned.inc(len(multi) if multi else max(result.rowcount, 0))
        elif (kinds := (params or {}).get(NEW_TASK_REMINDER_KINDS)) is not None:
            # PostgreSQL stores a new task with its reminders: one statement, which writes a
            # reminder of each kind this parameter lists (storage.repositories.tasks).
            metrics.reminders_planned.inc(len(kinds))

    for engine in database.engines:
        event.listen(engine, "after_execute", planned)


class ObservedReminderService(ReminderService):
    """The reminder service, counting what becomes of each claimed reminder."""

    def __init__(self, deps: ServiceDeps, owner: str, metrics: Metrics) -> None:
        super().__init__(deps, owner)
        self._metrics = metrics
        self._clock = deps.clock
        self._due: dict[int, datetime] = {}  # claimed row -> the minute it fell due

    async def claim(self, limit: int = CLAIM_LIMIT) -> list[ReminderMessage]:
        """Claim as the service does, remembering when each claimed row fell due."""
        messages = await super().claim(limit)
        for message in messages:
            self._due.update(dict.fromkeys(message.ids, message.fire_at))
        return messages

    async def renew(self, message: ReminderMessage) -> bool:
        """Renew as the service does; a message another sender took over is forgotten here."""
        kept = await super().renew(message)
        if not kept:
            for i in message.ids:
                self._due.pop(i, None)
        return kept

    async def sent(self, ids: list[int]) -> None:
        """Count the rows sent, and those sent late."""
        await super().sent(ids)
        now = self._clock.now()
        self._metrics.reminders_sent.inc(len(ids))
        late = [i for i in ids if now - self._due.pop(i, now) > LATE_AFTER]
        self._metrics.reminders_late.inc(len(late))

    async def retry_later(self, ids: list[int], delay: timedelta, error: str) -> None:
        """Count the rows put back for another attempt."""
        await super().retry_later(ids, delay, error)
        self._forget(ids, "retry")

    async def chat_gone(self, chat: Chat, ids: list[int], error: str) -> None:
        """Count the rows of a chat the bot can no longer write to."""
        await super().chat_gone(chat, ids, error)
        self._forget(ids, "chat_gone")

    def _forget(self, ids: list[int], reason: str) -> None:
        self._metrics.reminders_failed.labels(reason).inc(len(ids))
        for i in ids:
            self._due.pop(i, None)
