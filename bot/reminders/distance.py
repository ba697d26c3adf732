"""How far a deadline is from a moment: the one rule of every "2 days left", "due today" and
"overdue by 3 days" the bot says.

Days are counted on the chat's calendar, whether the deadline is a date or a time of day: a
task due on Friday and one due at 17:00 on Friday are both three days overdue on Monday
morning (counting whole 24 hours, the second was two, the first three).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Due


@dataclass(frozen=True, slots=True)
class Distance:
    """A deadline seen from a moment, in the chat's zone."""

    days: int  # its date less the moment's date: 1 tomorrow, 0 today, -3 three days ago
    passed: bool  # the deadline is the moment or before it
    # A time of day less than 24 hours away either way: said as its time ("tomorrow at 06:00",
    # "since 22:00 yesterday") rather than as a day that is not all there.
    near: bool
    local: datetime  # the deadline in the chat's zone

    @property
    def late(self) -> int:
        """Days overdue (0 on the due day)."""
        return max(-self.days, 0)


def distance(due: Due, at: datetime, timezone: str) -> Distance:
    """How far ``due`` is from ``at``, as the chat's calendar counts it."""
    zone = ZoneInfo(timezone)
    local, now = due.utc.astimezone(zone), at.astimezone(zone)
    near = due.precision == "time" and abs(due.utc - at) < timedelta(days=1)
    return Distance((local.date() - now.date()).days, due.utc <= at, near, local)
