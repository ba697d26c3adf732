"""The timer: one job armed for the next due reminder, plus a periodic safety sweep.

Answers sent again (``bot.resends``) have a timer of their own, named ``answer``: the same
pattern, on the system clock.

APScheduler (through PTB's ``JobQueue``) only wakes the sender; what is due is always read from
the database, so memory does not grow with the number of pending reminders and a restart loses
nothing. ``misfire_grace_time=None``: a wake-up that comes late still runs (APScheduler's default
of one second would silently drop it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from telegram.ext import Job, JobQueue

from bot.clock import Clock

log = logging.getLogger(__name__)
Callback = Callable[[Any], Coroutine[Any, Any, None]]  # a PTB job callback
SWEEP_EVERY = timedelta(seconds=60)
SWEEP_JOB = "reminder-sweep"  # the reminders' (the health check looks for it)
JOB_KWARGS = {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}


class ReminderTimer:
    """Arms the job queue so that the sender runs when the next reminder falls due."""

    def __init__(self, clock: Clock, name: str = "reminder") -> None:
        self._clock = clock
        self._name = name  # its jobs' names start with it
        self._queue: JobQueue[Any] | None = None
        self._callback: Callback | None = None
        self._next: Job[Any] | None = None
        self._next_at: datetime | None = None

    def attach(self, queue: JobQueue[Any], callback: Callback) -> None:
        """Send at once what fell due while the bot was down, then sweep every minute."""
        self._queue, self._callback = queue, callback
        # A one-off job for start-up: an interval job's first run comes one interval after its
        # start date when the scheduler starts later than the job was added.
        name = self._name
        queue.run_once(callback, when=0, name=f"{name}-startup", job_kwargs=JOB_KWARGS)
        queue.run_repeating(
            callback,
            interval=SWEEP_EVERY,
            first=SWEEP_EVERY,
            name=f"{name}-sweep",
            job_kwargs=JOB_KWARGS,
        )

    def planned(self, earliest: datetime) -> None:
        """A reminder falls due at ``earliest``: fire then, unless armed earlier already."""
        if self._queue is None or self._callback is None:
            return
        armed = self._next is not None and not self._next.removed
        if armed and self._next_at is not None and self._next_at <= earliest:
            return
        if self._next is not None:
            self._next.schedule_removal()
        delay = max(timedelta(0), earliest - self._clock.now())
        self._next_at = earliest
        self._next = self._queue.run_once(
            self._callback, when=delay, name=f"{self._name}-next", job_kwargs=JOB_KWARGS
        )
        log.debug("%s timer armed for %s", self._name, earliest.isoformat())

    def fired(self) -> None:
        """The sender ran: the armed job is spent."""
        self._next, self._next_at = None, None
