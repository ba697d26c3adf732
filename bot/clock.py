"""The one place that knows what time it is.

Everything that needs "now" receives a :class:`Clock`. Only :class:`SystemClock` reads the system
clock; tests and the demo use :class:`FakeClock`, which they move forward by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Gives the current instant, always timezone-aware and in UTC."""

    def now(self) -> datetime:
        """Return the current instant (aware, UTC)."""
        ...


class SystemClock:
    """The real clock: the only code in the project that reads the system time."""

    def now(self) -> datetime:
        """Return the system's current instant in UTC."""
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to, and never backwards (after trio's ``MockClock``)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        """Return the instant the clock is set to."""
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by ``delta`` and return the new instant."""
        if delta < timedelta(0):
            raise ValueError("FakeClock cannot go backwards")
        self._now += delta
        return self._now

    def set(self, instant: datetime) -> datetime:
        """Move the clock forward to ``instant``."""
        return self.advance(instant.astimezone(UTC) - self._now)
