"""Moving a task's current deadline: "lùi 1 tuần", "gia hạn 3 ngày", "+1w", "push 1 week".

DEADLINES.md reads a phrase from now; ``/deadline <n>`` also takes a move of the task's deadline
as it stands (the QA pass of a secretary, who had to work the date out herself). Spec-silent; we
read:
- The whole text is the move: a verb that moves later ("lùi", "dời", "hoãn", "gia hạn", "thêm",
  "kéo dài", "push", "postpone", "delay", "extend", "+") or earlier ("sớm hơn", "rút ngắn",
  "bring forward", "earlier by", "-"), a count and a unit. "1 tuần nữa", "sau 1 tuần",
  "in a week" stay spans from today (rule 6).
- A move keeps what the deadline said: a day stays a day (the end of the day it moves to), a
  time keeps its time of day (hours and minutes move the instant), and the end of a month moved
  by months is the end of that month ("cuối tháng 7" moved a month is 31 August, not the 31st
  of a shorter month clamped). Hours and minutes need a deadline with a time.
- Working days skip Saturdays and Sundays, as rule 6's do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from . import _calendar as cal
from ._lang_en import WORDS as EN_WORDS
from ._lang_vi import WORDS as VI_WORDS
from ._model import Deadline, ParseResult, Precision
from ._parser import reasons_for
from ._piece import Context
from ._text import flex, normalise, squash
from ._title import tail_start

_END_OF_DAY = time(23, 59, 59)
_MAX_COUNT = 999

_LATER_VI = (
    r"(?:lùi|dời|hoãn|gia hạn|kéo dài|cộng)(?: lại)?(?: hạn)?(?: thêm)?(?: (?:là|khoảng))?"
    r"|thêm|cộng thêm|\+"
)
_EARLIER_VI = (
    r"(?:(?:dời |đẩy |kéo |đưa )?sớm(?: hơn| lên)?|rút ngắn(?: hạn)?(?: đi| lại)?|lên sớm)|-"
)
_LATER_EN = (
    r"(?:push(?: back| out)?|postpone|delay|extend|add|move back)(?: it)?(?: by)?(?: another)?"
)
_EARLIER_EN = r"(?:bring forward|move up|pull in|earlier by|bring it forward|move it up)(?: by)?"
_AFTER_LATER = r"(?:later|more|longer)"
_AFTER_EARLIER = r"(?:earlier|sooner|sớm hơn)"

# The languages' units of a span ("tuần", "weeks"), and the shorter ones a move is typed with.
_UNITS = {
    **{word: str(unit) for word, unit in VI_WORDS["unit"].items()},
    **{word: str(unit) for word, unit in EN_WORDS["unit"].items()},
    "workday": "workday",
    "wk": "week",
    "wks": "week",
    "d": "day",
    "w": "week",
    "h": "hour",
    "ng": "day",
}
# Only right after the number, "+3d", "+1w", "+2h": alone a letter is too little to go by.
_SHORT_UNITS = frozenset({"d", "w", "h", "ng"})
_UNIT_OF = {squash(k): v for k, v in _UNITS.items()}
_NUMBERS = {
    squash(k): v for k, v in {**VI_WORDS["n"], **EN_WORDS["n"]}.items() if isinstance(v, int)
}


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(flex(re.escape(w)).replace(r"\ ", r"\s+") for w in ordered)


_COUNT = r"(?P<n>\d{1,3}|" + _alternation([*VI_WORDS["n"], *EN_WORDS["n"]]) + ")"
_LONG_UNIT = _alternation(u for u in _UNITS if u not in _SHORT_UNITS)
_SHORT_UNIT = _alternation(_SHORT_UNITS)
_AMOUNT = _COUNT + r"(?:\s*(?P<short>" + _SHORT_UNIT + r")|\s+(?P<unit>" + _LONG_UNIT + "))"
_SHIFT = re.compile(
    r"^\s*(?:"
    rf"(?P<later>{flex(_LATER_VI)}|{_LATER_EN})|(?P<earlier>{flex(_EARLIER_VI)}|{_EARLIER_EN})"
    rf")?\s*{_AMOUNT}(?:\s+(?:(?P<after_later>{_AFTER_LATER})"
    rf"|(?P<after_earlier>{flex(_AFTER_EARLIER)})|(?P<more>{flex('nữa')})))?[\s.!?]*$"
)


@dataclass(frozen=True, slots=True)
class Shift:
    """A move of a deadline: ``count`` (negative: earlier) ``unit``s, and the words typed."""

    count: int
    unit: str  # "day", "workday", "week", "month", "year", "hour" or "minute"
    text: str

    @property
    def needs_time(self) -> bool:
        """Whether only a deadline with a time of day can move so ("lùi 2 tiếng")."""
        return self.unit in ("hour", "minute")


def parse_shift(text: str) -> Shift | None:
    """The move ``text`` asks of a task's deadline ("lùi 1 tuần", "+3d"), or None."""
    norm = normalise(text)
    body = norm.text[: tail_start(norm.text)]  # "lùi 1 tuần nhé chị"
    found = _SHIFT.match(body)
    if found is None:
        return None
    groups = {k: v for k, v in found.groupdict().items() if v is not None}
    verb = groups.keys() & {"later", "earlier"}
    after = groups.keys() & {"after_later", "after_earlier"}
    if len(verb) == len(after) or ("more" in groups and "later" not in groups):
        return None  # a direction said once: "lùi 1 tuần", "2 days earlier"; not "1 tuần nữa"
    said = squash(groups["n"])
    count = int(said) if said.isdigit() else _NUMBERS.get(said)
    unit = _UNIT_OF.get(squash(groups.get("unit") or groups.get("short", "")))
    if not count or count > _MAX_COUNT or unit is None:
        return None
    earlier = "earlier" in groups or "after_earlier" in groups
    start, end = norm.original_span(found.start(), len(body.rstrip(" \t\n.!?")))
    return Shift(-count if earlier else count, unit, text[start:end].strip())


def _add_workdays(day: date, count: int) -> date:
    step = 1 if count > 0 else -1
    for _ in range(abs(count)):
        day += timedelta(days=step)
        while day.weekday() >= 5:  # Saturday and Sunday are not working days
            day += timedelta(days=step)
    return day


def _move_day(day: date, shift: Shift, month_end: bool) -> date:
    if shift.unit == "day":
        return day + timedelta(days=shift.count)
    if shift.unit == "workday":
        return _add_workdays(day, shift.count)
    if shift.unit == "week":
        return day + timedelta(weeks=shift.count)
    months = shift.count * (12 if shift.unit == "year" else 1)
    moved = cal.add_months(day, months)
    return cal.month_end(moved.year, moved.month) if month_end else moved


def apply_shift(
    shift: Shift,
    *,
    due_utc: datetime,
    precision: str,
    now: datetime,
    tz: str | tzinfo = "Asia/Ho_Chi_Minh",
) -> ParseResult:
    """The deadline ``shift`` makes of the one due at ``due_utc`` with ``precision`` ("time",
    "day" or "period"), asked about when it is past or far, as a deadline read (see _reasons).

    Raises ValueError for hours or minutes on a deadline without a time (see Shift.needs_time).
    """
    if now.tzinfo is None:
        raise ValueError("apply_shift needs a timezone-aware 'now'")
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    said = Precision(precision)
    if shift.needs_time and said is not Precision.TIME:
        raise ValueError("a deadline without a time moves by days")
    local = due_utc.astimezone(zone)
    if shift.needs_time:
        step = timedelta(hours=1) if shift.unit == "hour" else timedelta(minutes=1)
        moved = (due_utc + step * shift.count).astimezone(zone)
        deadline = Deadline(moved.astimezone(UTC), moved.date(), moved.time(), said, shift.text)
    else:
        by_months = shift.unit in ("month", "year")
        month_end = said is Precision.PERIOD and by_months
        month_end = month_end and local.date() == cal.month_end(local.year, local.month)
        day = _move_day(local.date(), shift, month_end)
        clock = local.time().replace(tzinfo=None) if said is Precision.TIME else None
        wall = datetime.combine(day, clock or _END_OF_DAY, tzinfo=zone).astimezone(UTC)
        after = wall.astimezone(zone)
        kept = said if said is not Precision.PERIOD or month_end else Precision.DAY
        shown = after.time().replace(tzinfo=None) if clock is not None else None
        deadline = Deadline(wall, after.date(), shown, kept, shift.text)
    local_now = now.astimezone(zone)
    reasons = reasons_for(deadline, Context(local_now, local_now.date()))
    return ParseResult(deadline, (0, len(shift.text)), "", bool(reasons), reasons)
