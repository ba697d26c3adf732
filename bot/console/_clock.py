"""The console's clock: the system clock, which ``:clock +3d`` can move ahead (never back)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.clock import Clock


class ShiftedClock:
    """Another clock's time plus an offset that only grows.

    Reminders fire in real time, as with the real bot; moving ahead lets a newcomer see next
    week's reminders now.
    """

    def __init__(self, base: Clock) -> None:
        self._base = base
        self._offset = timedelta(0)

    def now(self) -> datetime:
        """The base clock's instant, moved ahead by everything asked so far."""
        return self._base.now() + self._offset

    def move_to(self, instant: datetime) -> datetime:
        """Move ahead to ``instant`` (an instant already past leaves the clock alone)."""
        self._offset += max(timedelta(0), instant - self.now())
        return self.now()
