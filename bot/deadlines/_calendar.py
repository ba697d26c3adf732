"""Calendar arithmetic on local dates: ends of months, quarters, halves, weeks."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

START_DAY = 5  # "đầu tháng 8", "early August" (DEADLINES.md rule 2)
MIDDLE_DAY = 15  # "giữa tháng 9", "mid-September"
# Periods inside a month end on their last day (DEADLINES.md rule 1): "nửa đầu tháng 1", "first
# half of January" on the 15th; "tuần đầu tháng 1", "first week of January" on the 7th. The spec
# is silent on that week: a secretary means the month's first seven days, not a Monday-to-Sunday
# week that may start in the month before.
FIRST_HALF_END = 15
FIRST_WEEK_END = 7
PERIODS_IN_MONTH = {"half1": FIRST_HALF_END, "week1": FIRST_WEEK_END}


def month_end(year: int, month: int) -> date:
    """Return the last day of a month, leap years included."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """Return (year, month) ``months`` after the given month."""
    year, index = divmod(year * 12 + month - 1 + months, 12)
    return year, index + 1


def in_month(year: int, month: int, position: str) -> date:
    """Return the day a position ("end", "start", "mid", "half1", "week1") names in a month."""
    if position in PERIODS_IN_MONTH:
        return date(year, month, PERIODS_IN_MONTH[position])
    if position == "start":
        return date(year, month, START_DAY)
    if position == "mid":
        return date(year, month, MIDDLE_DAY)
    return month_end(year, month)


def quarter_of(day: date) -> int:
    """Return the quarter (1-4) a day falls in."""
    return (day.month - 1) // 3 + 1


def in_quarter(year: int, quarter: int, position: str) -> date:
    """Return the day a position names in a quarter (start: its first month; middle: its second)."""
    first = quarter * 3 - 2
    if position == "start":
        return in_month(year, first, "start")
    if position == "mid":
        return in_month(year, first + 1, "mid")
    return month_end(year, first + 2)


def in_year(year: int, position: str) -> date:
    """Return the day a position names in a year ("mid" is the end of its first half)."""
    if position == "start":
        return date(year, 1, START_DAY)
    if position == "mid":
        return date(year, 6, 30)
    return date(year, 12, 31)


def week_monday(day: date, weeks: int = 0) -> date:
    """Return the Monday of the week ``weeks`` after the one holding ``day``."""
    return day - timedelta(days=day.weekday()) + timedelta(weeks=weeks)


def in_week(day: date, weeks: int, position: str) -> date:
    """Return Monday ("start"), Wednesday ("mid") or Sunday (the end) of a week."""
    monday = week_monday(day, weeks)
    offset = {"start": 0, "mid": 2}.get(position, 6)
    return monday + timedelta(days=offset)


def add_years(day: date, years: int) -> date:
    """Return the same day ``years`` later (29 February becomes 28 February)."""
    return add_months(day, 12 * years)


def valid_date(year: int, month: int, day: int) -> bool:
    """Tell whether a day/month/year triple exists."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
