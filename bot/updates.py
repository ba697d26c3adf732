"""Handling each update once when Telegram delivers it more than once.

Webhook mode (:class:`UpdateLedger`): Telegram posts an update again when it did not get a 200 in
time, and behind a load balancer the second delivery may reach another replica. The update id is
recorded (insert-or-ignore) before the update is handled; whoever finds it recorded already skips
it. Recording first means a replica that dies mid-update loses that update rather than risking
handling it twice: a command is then simply typed again, while a task recorded twice would have
to be cleaned up.

Polling mode (:class:`RecentUpdates`): a ``getUpdates`` answer may hold an update again (a
confirmation lost on the way, a proxy replaying a batch). The ids are kept in memory, which is
enough there: polling runs in one process per token, since Telegram refuses a second
``getUpdates`` at the same time (409 Conflict) and any ``getUpdates`` while a webhook is set, so no
other process can have handled an update this one is served. It also costs no database round trip
per update, where the ledger costs a transaction of its own. What it leaves out: an update served
again to the next process after this one died, which only a stored id would catch. That needs an
update handled but never confirmed, and python-telegram-bot confirms a batch with its next
``getUpdates``, sent as soon as the batch is queued (and once more when it stops), so the window
is the few milliseconds between the two calls.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import timedelta

from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from storage import Database, UnitOfWork

log = logging.getLogger(__name__)
KEEP = timedelta(days=1)  # Telegram gives up redelivering long before this
PRUNE_EVERY = timedelta(hours=1)
# Update ids kept in memory when polling: a ``getUpdates`` answer holds at most 100 updates, and
# an update served again comes back within the next answers, not thousands of updates later.
RECENT = 10_000


class RecentUpdates:
    """The ids of the last updates handled by this process (polling mode)."""

    def __init__(self, keep: int = RECENT) -> None:
        self._keep = keep
        self._seen: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update_id: int) -> bool:
        """Remember ``update_id``; False when it is among the last ones handled.

        Not a "highest id so far" mark: after a week without updates Telegram picks the next id
        at random, possibly below the last one. No ``await`` here, so two deliveries of the same
        update handled concurrently cannot both pass.
        """
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > self._keep:
            self._seen.popitem(last=False)
        return True


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
