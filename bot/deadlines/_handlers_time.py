"""Handlers for times of day, parts of day, relative days and relative spans."""

from __future__ import annotations

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
    hour, minute = groups.number("h"), groups.number("mi") or groups.number("hh") or 0
    part = groups.value("ampm")
    if hour is None:
        return None
    if hour > 24 or minute > 59 or (hour == 24 and minute) or (part and not 1 <= hour <= 12):
        return IMPOSSIBLE_TIME
    if isinstance(part, str):
        hour = to_24h(hour, part)
    ambiguous = part is None and hour in _AMBIGUOUS_HOURS
    return Piece(
        "time",
        hour=hour,
        minute=minute,
        part=part if isinstance(part, str) else None,
        ambiguous=ambiguous,
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
    )


def _eod(groups: Groups, ctx: Context) -> Piece | None:
    """ "EOD", "cuối ngày": the end of the day beside it ("EOD Friday"), or of today."""
    return Piece("part", part="eod")


def _add_workdays(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5  # Saturday and Sunday are not working days
    return day


def _span(groups: Groups, ctx: Context) -> Piece | None:
    count, unit = groups.number("n"), groups.value("unit")
    if not count:
        return None
    if groups.raw("dir") == "toi" and squash(groups.raw("unit") or "") == "gio":
        return None  # unaccented "8h toi" is 8 pm ("tối"), far likelier than "in 8 hours"
    if unit in ("hour", "minute"):
        delta = timedelta(hours=count) if unit == "hour" else timedelta(minutes=count)
        # Instants are added in absolute time: "2 tiếng nữa" across a DST change is 2 real hours.
        instant = (ctx.now.astimezone(UTC) + delta).astimezone(ctx.now.tzinfo)
        return Piece("instant", instant=instant, precision=Precision.TIME)
    if unit == "day":
        day = ctx.today + timedelta(days=count)
    elif unit == "workday":
        day = _add_workdays(ctx.today, min(count, 9999))
    elif unit == "week":
        day = ctx.today + timedelta(weeks=count)
    elif unit == "month":
        day = cal.add_months(ctx.today, count)
    elif unit == "year":
        day = cal.add_years(ctx.today, count)
    else:
        return None
    return Piece("date", day=day)


HANDLERS: dict[str, Handler] = {
    "time": _time,
    "part": _part,
    "relday": _relday,
    "span": _span,
    "eod": _eod,
}
