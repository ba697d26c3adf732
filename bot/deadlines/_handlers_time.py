"""Handlers for times of day, parts of day, relative days and relative spans."""

from __future__ import annotations

import math
from datetime import UTC, date, timedelta

from . import _calendar as cal
from ._model import Precision
from ._piece import IMPOSSIBLE_TIME, Context, Groups, Handler, Piece
from ._text import squash

# Hours without "sáng"/"chiều"/am/pm that are more often meant in the afternoon: ask.
_AMBIGUOUS_HOURS = range(1, 7)


def to_24h(hour: int, part: str | None) -> int:
    """Turn an hour said with a part of day ("3 giờ chiều", "5pm") into a 24-hour clock hour."""
    if part == "night" and hour == 12:  # "12 giờ đêm" is the end of that day
        return 24
    if part == "am":
        return 0 if hour == 12 else hour
    if part in ("pm", "afternoon", "evening") or (part == "night" and 6 <= hour < 12):
        return hour + 12 if hour < 12 else hour
    if part == "noon" and hour < 6:  # "1 giờ trưa" is 13:00
        return hour + 12
    return hour


def _time(groups: Groups, ctx: Context) -> Piece | None:
    hour = groups.number("h")
    minute = groups.number("mi") or groups.number("mis") or groups.number("hh") or 0
    part, less = groups.value("ampm"), groups.number("less")
    if hour is None:
        return None
    if groups.raw("dotted") is not None and (hour > 23 or minute > 59):
        return None  # "25.30", "9.75": a number, not an impossible time
    if hour > 24 or minute > 59 or (hour == 24 and minute) or (part and not 1 <= hour <= 12):
        return IMPOSSIBLE_TIME
    ambiguous = part is None and hour in _AMBIGUOUS_HOURS  # the hour as said, "1 giờ kém 15"
    if less is not None:  # "9h kém 15": 15 minutes to 9
        if not 1 <= hour <= 24 or not 1 <= less <= 59:
            return IMPOSSIBLE_TIME
        hour, minute = hour - 1, 60 - less
    if isinstance(part, str):
        hour = to_24h(hour, part)
    return Piece(
        "time",
        hour=hour,
        minute=minute,
        part=part if isinstance(part, str) else None,
        ambiguous=ambiguous,
        tentative=groups.raw("tentative") is not None,
        bare=groups.raw("bare") is not None,
    )


def _part(groups: Groups, ctx: Context) -> Piece | None:
    part = groups.value("part")
    return Piece("part", part=part) if isinstance(part, str) else None


def _relday(groups: Groups, ctx: Context) -> Piece | None:
    shift, part = groups.number("rd"), groups.value("part")
    if shift is None:
        return None
    return Piece(
        "date",
        day=ctx.today + timedelta(days=shift),
        weak=True,
        part=part if isinstance(part, str) else None,
        ambiguous=groups.raw("doubt") is not None,  # a bare "mai" at the end of the text
    )


def _eod(groups: Groups, ctx: Context) -> Piece | None:
    """ "EOD", "cuối ngày": the end of the day beside it ("EOD Friday"), or of today."""
    return Piece("part", part="eod")


def _add_workdays(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5  # Saturday and Sunday are not working days
    return day


def _count(groups: Groups) -> float | None:
    """The count of a span, "2" or a decimal: "2.5", "2,5" (Vietnamese write a decimal comma)."""
    whole, fraction = groups.number("n"), groups.raw("frac")
    if whole is None:
        return None
    return whole + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)


def _span(groups: Groups, ctx: Context) -> Piece | None:
    count, unit = _count(groups), groups.value("unit")
    if not count:
        return None
    if groups.raw("dir") == "toi" and squash(groups.raw("unit") or "") == "gio":
        return None  # unaccented "8h toi" is 8 pm ("tối"), far likelier than "in 8 hours"
    if unit in ("hour", "minute"):
        delta = timedelta(hours=count) if unit == "hour" else timedelta(minutes=count)
        # Instants are added in absolute time: "2 tiếng nữa" across a DST change is 2 real hours.
        instant = (ctx.now.astimezone(UTC) + delta).astimezone(ctx.now.tzinfo)
        return Piece("instant", instant=instant, precision=Precision.TIME)
    if isinstance(unit, str) and not count.is_integer():
        return _part_of_days(count, unit, ctx)
    whole = int(count)
    if unit == "day":
        day = ctx.today + timedelta(days=whole)
    elif unit == "workday":
        day = _add_workdays(ctx.today, min(whole, 9999))
    elif unit == "week":
        day = ctx.today + timedelta(weeks=whole)
    elif unit == "month":
        day = cal.add_months(ctx.today, whole)
    elif unit == "year":
        day = cal.add_years(ctx.today, whole)
    else:
        return None
    return Piece("date", day=day)


# Spec-silent (rule 6 counts whole days): "2,5 ngày nữa", "within 1.5 weeks" end inside a day, and
# a span of days gives a date, no time. The deadline is the day the span ends, counted from now
# (from Monday 14:48, 2.5 days end on Thursday at 02:48: Thursday), and the bot asks, as some
# would round it down or up. A fraction of a year counts in months ("1,5 năm": 18 months), of a
# month in days of 30 ("1,5 tháng": a month and 15 days); working days are rounded up.
_DAYS_IN_UNIT = {"day": 1, "week": 7, "month": 30}


def _part_of_days(count: float, unit: str, ctx: Context) -> Piece | None:
    """The day a span of days, weeks, months or years that is no whole number ends."""
    if unit == "year":
        count, unit = count * 12, "month"
    if unit == "workday":
        day = _add_workdays(ctx.today, math.ceil(count))
        return Piece("date", day=day, ambiguous=True)
    if unit not in _DAYS_IN_UNIT:
        return None
    months = int(count) if unit == "month" else 0
    whole_months = (cal.add_months(ctx.today, months) - ctx.today).days
    days = whole_months + (count - months) * _DAYS_IN_UNIT[unit]
    return Piece("date", day=(ctx.now + timedelta(days=days)).date(), ambiguous=True)


HANDLERS: dict[str, Handler] = {
    "time": _time,
    "part": _part,
    "relday": _relday,
    "span": _span,
    "eod": _eod,
}
