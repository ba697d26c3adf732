"""When to remind: the default plan scaled to how far away the deadline is, quiet hours, days
off, overdue.

Pure functions of the deadline, "now" and the chat's policy; every instant is aware.

Nothing goes out on a chat's day off (:mod:`bot.reminders.workdays`): a reminder before the
deadline that falls on one goes out at the same time on the last working day before it (not
before now: then it is left out), an overdue notice or the weekly digest on the next working
day, at the chat's morning hour. The deadline itself stays as it was said, and so does the
notice a deadline at a time of day sends when that time comes.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Due, ReminderKind
from bot.reminders.workdays import is_day_off
from bot.text import fold

# The overdue notice, then one with each of the next weekly digests (the first at least a day
# after it), four messages at most: a task is not pinged on Tuesday after Monday's digest.
OVERDUE_REPEATS = 4
OVERDUE_GAP = timedelta(days=1)
# The longest run of days off looked through: Tết and the weekends around it are ten days at
# most. A chat that works none of 31 days in a row (which no setting gives) is reminded anyway.
MAX_DAYS_OFF = 31
DAY = 24 * 60  # minutes
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
    holidays: str | None = "VN"  # the country whose public holidays are days off; None: none
    weekends_off: bool = True  # Saturday and Sunday are days off

    @property
    def zone(self) -> ZoneInfo:
        """The chat's time zone."""
        return ZoneInfo(self.timezone)

    def day_off(self, day: date) -> bool:
        """Whether nothing goes out on ``day`` (a date of the chat's calendar)."""
        return is_day_off(day, self.holidays, self.weekends_off)


@dataclass(frozen=True, slots=True, order=True)
class Planned:
    """One reminder to send, and the step of the plan it is (:func:`plan`)."""

    fire_at: datetime
    kind: ReminderKind
    step: int


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


def last_working(instant: datetime, policy: Policy) -> datetime:
    """``instant``, or when it falls on a day off, the same time of day on the last working day
    before it."""
    local = instant.astimezone(policy.zone)
    day = local.date()
    for _ in range(MAX_DAYS_OFF):
        if not policy.day_off(day):
            break
        day -= timedelta(days=1)
    else:
        return instant
    if day == local.date():
        return instant
    return datetime.combine(day, local.time(), policy.zone)


def next_working(instant: datetime, policy: Policy) -> datetime:
    """``instant``, or when it falls on a day off, the chat's morning hour of the next working
    day (out of the quiet hours)."""
    moved = instant
    for _ in range(MAX_DAYS_OFF):
        day = moved.astimezone(policy.zone).date()
        if not policy.day_off(day):
            return moved
        following = _at(day + timedelta(days=1), policy.morning_hour, policy.zone)
        moved = out_of_quiet_hours(following, policy)
    return instant


def _order(step: int) -> tuple[bool, int]:
    """Where a step stands in time in its plan: the reminders before the deadline, farthest
    first (14 days, 7, 1, the morning of the day), then the overdue notices (-1, -2...)."""
    return (step < 0, -step)


def _step(due: Due, minutes: int) -> int:
    """The step of the plan ``minutes`` before the deadline is: a deadline given as a date is
    reminded in the morning of a day, so its offsets count whole days (less than one is the
    morning of its day, 0)."""
    if due.precision == "time":
        return minutes
    return minutes // DAY * DAY


def soonest(now: datetime, policy: Policy) -> datetime:
    """The first instant from ``now`` a reminder may go out: ``now``, or the end of the quiet
    hours, or the morning hour of the next working day."""
    return next_working(out_of_quiet_hours(now, policy), policy)


def _before(
    due: Due, policy: Policy, now: datetime, step: int, owed: bool = False
) -> Planned | None:
    zone = policy.zone
    due_day = due.utc.astimezone(zone).date()
    has_time = due.precision == "time"
    if step == 0:
        # The morning of the due day; for a timed deadline, not later than two hours before it.
        fire = _at(due_day, policy.morning_hour, zone)
        if has_time:
            fire = min(fire, due.utc - timedelta(hours=2))
    elif has_time:
        fire = due.utc - timedelta(minutes=step)
    else:
        fire = _at(due_day - timedelta(days=step // DAY), policy.morning_hour, zone)
    later = out_of_quiet_hours(fire, policy)
    # Moved out of the quiet hours past the deadline, it would warn nobody: move it earlier
    # instead, to the last minute before they began (the evening before a 06:00 deadline).
    fire = later if later < due.utc else before_quiet_hours(fire, policy)
    # On a day off: the last working day before it, at the same time (never after the quiet
    # hours began, nor past the deadline); before now, nobody is warned any more, unless the
    # step was still to come (``owed``): it goes out as soon as it may, before the deadline.
    fire = last_working(fire, policy)
    if fire <= now:
        if not owed:
            return None
        fire = soonest(now, policy)
    if fire >= due.utc:
        return None
    kind = ReminderKind.DUE if fire.astimezone(zone).date() == due_day else ReminderKind.BEFORE
    return Planned(fire, kind, step)


DIGEST_WEEKDAY = 0  # Monday
DIGEST_WEEK = timedelta(days=7)


def digest_week(instant: datetime, policy: Policy) -> datetime:
    """The Monday of the week of ``instant`` at the chat's morning hour (out of the quiet
    hours): when that week's digest goes out unless the Monday is a day off."""
    local = instant.astimezone(policy.zone)
    monday = local.date() - timedelta(days=(local.weekday() - DIGEST_WEEKDAY) % 7)
    return out_of_quiet_hours(_at(monday, policy.morning_hour, policy.zone), policy)


def next_digest(now: datetime, policy: Policy) -> datetime:
    """The next Monday digest, strictly after ``now``: at the chat's morning hour in its zone,
    out of the quiet hours, the very minute its morning reminders go out (a task's reminder of
    the day, an overdue notice), so that they join it in one message (``services.reminders``).
    A Monday off moves it to the next working day at the morning hour, as it moves them."""
    monday = digest_week(now, policy)
    for start in (monday, monday + DIGEST_WEEK):
        digest = next_working(digest_week(start, policy), policy)
        if digest > now:
            break
    return digest


def _default_steps(due: Due) -> set[int]:
    """Every step a default plan of ``due`` has, however far away the deadline was."""
    has_time = due.precision == "time"
    return {_step(due, m) for days in (31, 8, 2, 1) for m in default_offsets(days, has_time)}


def plan(
    due: Due,
    now: datetime,
    policy: Policy,
    done: Collection[int] = frozenset(),
    owed: Collection[int] = frozenset(),
) -> list[Planned]:
    """Every reminder of a task still to come: before the deadline, then the overdue notices,
    less the steps ``done`` (sent, or being sent, for this deadline).

    A step is what stays the same when the chat's hours or zone move its time: minutes before
    the deadline (0, the morning of its day), or, negative, the overdue notices (-1 the first,
    -2 the one with the next weekly digest...). Planning again after a change of the chat's
    settings (a later morning hour just after the morning's reminders went out) must not send a
    step twice, nor one before a step sent.

    Nor must it lose one: the steps ``owed`` were still to come in the plan it replaces. One
    that the new settings put at or before now (a morning hour set earlier, already past) goes
    out now, or as soon as the quiet hours and days off allow (:func:`soonest`; before the
    deadline, for a reminder before it), rather than not at all or the next morning. And with
    the default plan they stay in it: it is scaled to the deadline's distance when first made,
    and scaled again from now (the day before the deadline) it would drop the day's reminder.
    """
    zone = policy.zone
    days_away = (due.utc.astimezone(zone).date() - now.astimezone(zone).date()).days
    offsets = policy.offsets or default_offsets(days_away, due.precision == "time")
    # A step sent makes the ones before it moot: two steps a day off moved to the same minute
    # went out as one, under the later step's name.
    latest = max((_order(step) for step in done), default=None)

    def to_come(step: int) -> bool:
        return latest is None or _order(step) > latest

    steps = {_step(due, minutes) for minutes in offsets}
    if policy.offsets is None:
        steps |= set(owed) & _default_steps(due)
    planned = {
        p
        for step in steps
        if to_come(step) and (p := _before(due, policy, now, step, step in owed)) is not None
    }
    due_now = due.precision == "time"  # its first notice goes out when the time comes
    if due_now:
        first_overdue = due.utc
    else:
        first_overdue = _at(
            due.utc.astimezone(zone).date() + timedelta(days=1), policy.morning_hour, zone
        )
    if first_overdue <= now and not any(step < 0 for step in done) and -1 not in owed:
        # Recorded (or kept) after it was due: the overdue notices start at the next morning.
        # Once one went out, the others stay counted from the deadline, at the chat's hours of
        # now: a new plan does not send one again the next morning.
        local = now.astimezone(zone)
        morning = _at(local.date(), policy.morning_hour, zone)
        first_overdue = morning if morning > now else morning + timedelta(days=1)
        due_now = False
    notice = out_of_quiet_hours(first_overdue, policy)
    if not due_now:
        notice = next_working(notice, policy)
    for i in range(OVERDUE_REPEATS):
        step = -(i + 1)
        # Past, it is gone, unless it was still to come: then it goes out as soon as it may.
        fire = notice if notice > now else soonest(now, policy) if step in owed else None
        if fire is not None and to_come(step):
            planned.add(Planned(fire, ReminderKind.OVERDUE, step))
        # The next with the weekly digest, the minute it goes out: one message, not two.
        notice = next_digest(notice + OVERDUE_GAP, policy)
    # One reminder per instant: two steps moved there by a day off are one, the later.
    unique: dict[datetime, Planned] = {}
    for p in planned:
        if p.fire_at not in unique or _order(p.step) > _order(unique[p.fire_at].step):
            unique[p.fire_at] = p
    return sorted(unique.values())
