"""Handling each update once when Telegram delivers it more than once (webhook mode).

Telegram posts an update again when it did not get a 200 in time, and behind a load balancer the
second delivery may reach another replica. The update id is recorded (insert-or-ignore) before
the update is handled; whoever finds it recorded already skips it. Recording first means a
replica that dies mid-update loses that update rather than risking handling it twice: a command
is then simply typed again, while a task recorded twice would have to be cleaned up.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from storage import Database, UnitOfWork

log = logging.getLogger(__name__)
KEEP = timedelta(days=1)  # Telegram gives up redelivering long before this
PRUNE_EVERY = timedelta(hours=1)


class UpdateLedger:
    """The shared record of handled update ids."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    async def first_time(self, update_id: int) -> bool:
        """Record ``update_id``; False when it was handled already (here or by another replica).

        When the database cannot be written, the update is let through: handling it will meet the
        same failure and answer the user, rather than dropping the update without a word.
        """
        try:
            async with UnitOfWork(self._database) as uow:
                first = await uow.updates.record(update_id, self._clock.now())
                await uow.commit()
        except SQLAlchemyError as exc:
            log.error("update %s could not be recorded as handled: %s", update_id, exc)
            return True
        return first

    async def prune(self) -> int:
        """Forget the ids older than :data:`KEEP`; return how many."""
        async with UnitOfWork(self._database) as uow:
            removed = await uow.updates.prune(self._clock.now() - KEEP)
            await uow.commit()
        return removed
