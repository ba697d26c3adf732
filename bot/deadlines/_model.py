"""Value objects returned by :func:`bot.deadlines.parse_deadline`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum


class Precision(StrEnum):
    """How much of the deadline the user actually said."""

    TIME = "time"  # a clock time was given ("17h thứ 6")
    DAY = "day"  # a calendar day ("15/8", "thứ Sáu tuần sau")
    PERIOD = "period"  # a month, quarter, half or year ("cuối tháng 7", "Quý III")


@dataclass(frozen=True, slots=True)
class Deadline:
    """A resolved deadline: an instant in UTC plus what the user said."""

    due_utc: datetime
    local_date: date
    local_time: time | None
    precision: Precision
    text: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What :func:`parse_deadline` understood in a task text."""

    deadline: Deadline | None
    span: tuple[int, int] | None
    title: str
    confirm: bool = False
    confirm_reasons: tuple[str, ...] = ()
    # The one other deadline the words may mean, when "ambiguous" is a reason and the words
    # allow exactly one other reading ("by 03/04": 3 April, or 4 March in an English chat); or,
    # when the reason is "today" or "past" and none is "ambiguous", the same day of the period
    # after the one counted from now ("cuối tháng" on the 31st: the end of next month).
    alternative: Deadline | None = None
    error: str | None = None
    error_detail: str = ""
