"""The console's clock, and where ``:clock +3d`` or ``:clock 2022-07-07 09:00`` moves it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from bot.clock import Clock

STEP = re.compile(r"\+(\d{1,4})([wdhm])")
UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
# The ISO order a tester writes, and the day-first order the console (and Vietnam) shows dates in.
FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y")


class ShiftedClock:
    """Another clock's time plus an offset.

    Reminders fire in real time, as with the real bot; moving ahead lets a newcomer see next
    week's reminders now. Setting it (back too) replays a real meeting's day; the console allows
    going back only before the bot has been told anything (see ``Session``).
    """

    def __init__(self, base: Clock) -> None:
        self._base = base
        self._offset = timedelta(0)

    def now(self) -> datetime:
        """The base clock's instant, moved by everything asked so far."""
        return self._base.now() + self._offset

    def move_to(self, instant: datetime) -> datetime:
        """Move ahead to ``instant`` (an instant already past leaves the clock alone)."""
        self._offset += max(timedelta(0), instant - self.now())
        return self.now()

    def set_to(self, instant: datetime) -> datetime:
        """Stand at ``instant``, earlier or later; the base clock goes on from there."""
        self._offset = instant - self._base.now()
        return self.now()


def read_target(argument: str, now: datetime, zone: tzinfo) -> datetime | None:
    """Where ``:clock argument`` moves the clock: ``+3d`` (``w d h m``) ahead of ``now``, or a
    date with an optional time (``2022-07-07 09:00``, ``07/07/2022 09:00``) in ``zone``; None
    when the argument is neither."""
    step = STEP.fullmatch(argument.replace(" ", ""))
    if step is not None:
        return now + timedelta(**{UNITS[step[2]]: int(step[1])})
    written = " ".join(argument.split())
    for form in FORMATS:
        try:
            return datetime.strptime(written, form).replace(tzinfo=zone)
        except ValueError:
            continue
    return None
