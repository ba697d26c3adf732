"""When to remind: the default plan scaled to how far away the deadline is, quiet hours, overdue.

Pure functions of the deadline, "now" and the chat's policy; every instant is aware.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Due, ReminderKind
from bot.text import fold

OVERDUE_REPEATS = 4  # the overdue notice, then weekly, four messages at most
OVERDUE_INTERVAL = timedelta(days=7)
# A number and its unit, as typed after folding ("2 ngày" -> "2 ngay"): d/h/m/w, or the word.
_OFFSET = re.compile(
    r"(\d{1,4})\s*(ngay|gio|phut|tuan|days?|hours?|minutes?|mins?|weeks?|[dhmw])(?![a-z])"
)
_UNITS = {
    "d": 24 * 60,
    "n": 24 * 60,
    "h": 60,
    "g": 60,
    "m": 1,
    "p": 1,
    "w": 7 * 24 * 60,
    "t": 7 * 24 * 60,
}
_JOINING = {"va", "and"}  # "14 ngày, 3 ngày và 1 ngày"
MAX_OFFSET_MINUTES = 90 * 24 * 60


@dataclass(frozen=True, slots=True)
class Policy:
    """A chat's reminder settings."""

    timezone: str = "Asia/Ho_Chi_Minh"
    morning_hour: int = 9
    quiet_start: int = 21
    quiet_end: int = 7
    offsets: tuple[int, ...] | None = None  # minutes before the deadline; None = the default plan

    @property
    def zone(self) -> ZoneInfo:
        """The chat's time zone."""
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True, order=True)
class Planned:
    """One reminder to send."""

    fire_at: datetime
    kind: ReminderKind


def parse_offsets(text: str) -> tuple[int, ...] | None:
    """``"14d 3d 1d 2h 10m"`` (or ``"2 tuần, 3 ngày và 2 giờ"``, ``"1 week 2 hours"``) as
    minutes before the deadline, largest first; None if unreadable."""
    folded = fold(text.replace(",", " "))
    found = list(_OFFSET.finditer(folded))
    left = _OFFSET.sub(" ", folded).split()
    if not found or len(found) > 8 or any(word not in _JOINING for word in left):
        return None
    minutes = []
    for match in found:
        value = int(match.group(1)) * _UNITS[match.group(2)[0]]
        if not 0 < value <= MAX_OFFSET_MINUTES:
            return None
        minutes.append(value)
    return tuple(sorted(set(minutes), reverse=True))


def default_offsets(days_away: int, has_time: bool) -> tuple[int, ...]:
    """The default plan in minutes before the deadline (0 = the morning of the due day)."""
    day = 24 * 60
    if days_away > 30:
        return (14 * day, 7 * day, day)
    if days_away >= 8:
        return (7 * day, day)
    if days_away >= 2:
        return (day, 0)
    return (120,) if has_time else (0,)


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), zone)


def out_of_quiet_hours(instant: datetime, policy: Policy) -> datetime:
    """Move an instant that falls in the quiet hours to the end of them (the next morning)."""
    local = instant.astimezone(policy.zone)
    start, end = policy.quiet_start, policy.quiet_end
    quiet = (start <= local.hour or local.hour < end) if start > end else start <= local.hour < end
    if not quiet:
        return instant
    day = local.date() + timedelta(days=1) if local.hour >= end and start > end else local.date()
    return _at(day, end, policy.zone)


def before_quiet_hours(instant: datetime, policy: Policy) -> datetime:
    """The last minute before the quiet hours that hold ``instant`` began (the evening before
    an early-morning instant); ``instant`` itself when it is not in the quiet hours."""
    if out_of_quiet_hours(instant, policy) == instant:
        return instant
    local = instant.astimezone(policy.zone)
    began = local.date()
    if policy.quiet_start > policy.quiet_end and local.hour < policy.quiet_end:
        began -= timedelta(days=1)  # after midnight: they began the evening before
    return _at(began, policy.quiet_start, policy.zone) - timedelta(minutes=1)


def _before(due: Due, policy: Policy, now: datetime, minutes: int) -> Planned | None:
    zone = policy.zone
    due_day = due.utc.astimezone(zone).date()
    has_time = due.precision == "time"
    if minutes == 0 or (not has_time and minutes < 24 * 60):
        # The morning of the due day; for a timed deadline, not later than two hours before it.
        fire = _at(due_day, policy.morning_hour, zone)
        if has_time:
            fire = min(fire, due.utc - timedelta(hours=2))
    elif has_time:
        fire = due.utc - timedelta(minutes=minutes)
    else:
        fire = _at(due_day - timedelta(days=minutes // (24 * 60)), policy.morning_hour, zone)
    later = out_of_quiet_hours(fire, policy)
    # Moved out of the quiet hours past the deadline, it would warn nobody: move it earlier
    # instead, to the last minute before they began (the evening before a 06:00 deadline).
    fire = later if later < due.utc else before_quiet_hours(fire, policy)
    if fire <= now or fire >= due.utc:
        return None
    kind = ReminderKind.DUE if fire.astimezone(zone).date() == due_day else ReminderKind.BEFORE
    return Planned(fire, kind)


DIGEST_WEEKDAY = 0  # Monday
DIGEST_WEEK = timedelta(days=7)


def next_digest(now: datetime, policy: Policy) -> datetime:
    """The next Monday digest, strictly after ``now``: at the chat's morning hour in its zone,
    out of the quiet hours, the very minute its morning reminders go out (a task's reminder of
    the day, an overdue notice), so that they join it in one message (``services.reminders``)."""
    local = now.astimezone(policy.zone)
    monday = local.date() - timedelta(days=(local.weekday() - DIGEST_WEEKDAY) % 7)
    for day in (monday, monday + DIGEST_WEEK):
        digest = out_of_quiet_hours(_at(day, policy.morning_hour, policy.zone), policy)
        if digest > now:
            break
    return digest


def plan(due: Due, now: datetime, policy: Policy) -> list[Planned]:
    """Every reminder of a task: before the deadline, then the overdue notices."""
    zone = policy.zone
    days_away = (due.utc.astimezone(zone).date() - now.astimezone(zone).date()).days
    offsets = policy.offsets or default_offsets(days_away, due.precision == "time")
    planned = {p for m in offsets if (p := _before(due, policy, now, m)) is not None}
    if due.precision == "time":
        first_overdue = due.utc
    else:
        first_overdue = _at(
            due.utc.astimezone(zone).date() + timedelta(days=1), policy.morning_hour, zone
        )
    if first_overdue <= now:
        # Recorded (or kept) after it was due: the overdue notices start at the next morning.
        local = now.astimezone(zone)
        morning = _at(local.date(), policy.morning_hour, zone)
        first_overdue = morning if morning > now else morning + timedelta(days=1)
    for i in range(OVERDUE_REPEATS):
        fire = out_of_quiet_hours(first_overdue + i * OVERDUE_INTERVAL, policy)
        if fire > now:
            planned.add(Planned(fire, ReminderKind.OVERDUE))
    unique = {p.fire_at: p for p in sorted(planned)}  # one reminder per instant
    return sorted(unique.values())
