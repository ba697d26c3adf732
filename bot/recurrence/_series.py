"""A recurring task's series as an RFC 5545 rule: built with icalendar, walked with dateutil.

No date arithmetic for the series is written here: dateutil's ``rrule`` finds every occurrence,
including the months without a 29th, 30th or 31st (see :func:`_monthday`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from dateutil.rrule import rrulestr
from icalendar import vRecur

from ._phrases import Pattern

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_QUARTER_ENDS = (3, 6, 9, 12)


@dataclass(frozen=True, slots=True)
class Shape:
    """A rule read back for display: how often, and on which day."""

    freq: str  # DAILY, WEEKLY, MONTHLY, QUARTERLY or YEARLY
    weekday: int | None = None  # 0 = Monday
    monthday: int | None = None  # -1 = the last day
    month: int | None = None
    short_months: bool = False  # the 29th or 30th: the last day of shorter months


def _monthday(day: int) -> dict[str, object]:
    """The 31st is every month's last day; the 29th and 30th fall on the last day of shorter
    months (RFC 5545's own idiom: BYMONTHDAY=28,29,30;BYSETPOS=-1), not skipped as a bare
    BYMONTHDAY=30 would make dateutil skip February."""
    if day == -1 or day >= 31:
        return {"BYMONTHDAY": [-1]}
    if day >= 29:
        return {"BYMONTHDAY": list(range(28, day + 1)), "BYSETPOS": [-1]}
    return {"BYMONTHDAY": [day]}


def _day_of(anchor: date) -> int:
    """The anchor's day of the month, -1 when it is the month's last (31/12, 30/9, 28/2)."""
    start = datetime.combine(anchor, time(), tzinfo=UTC)
    following = rrulestr("FREQ=DAILY;COUNT=2", dtstart=start)[1]
    return -1 if following.month != anchor.month else anchor.day


def build_rule(pattern: Pattern, anchor: date | None) -> str:
    """The RRULE for what was said; a missing day comes from the deadline given with it
    (``anchor``), else the period's end as in DEADLINES.md rule 1 (Sunday, the last day of
    the month, of the quarter, 31 December)."""
    parts: dict[str, object] = {"FREQ": pattern.freq}
    if pattern.freq == "WEEKLY":
        weekday = pattern.weekday
        if weekday is None:
            weekday = anchor.weekday() if anchor else 6
        parts["BYDAY"] = DAYS[weekday]
    elif pattern.freq != "DAILY":
        day = pattern.monthday or (_day_of(anchor) if anchor else -1)
        if pattern.freq == "QUARTERLY":  # every third month from the series' previous due date
            parts.update(FREQ="MONTHLY", INTERVAL=3)
        elif pattern.freq == "YEARLY":
            parts["BYMONTH"] = anchor.month if anchor else 12
        parts.update(_monthday(day))
    written: bytes = vRecur(parts).to_ical()  # type: ignore[no-untyped-call]  # unannotated
    return written.decode()


def first_date(rule: str, today: date, *, strictly_after: bool = False) -> date:
    """The series' first date from ``today`` (today included unless ``strictly_after``).

    A quarterly rule is laid on the calendar's quarters: its grid starts in the current
    quarter's last month."""
    start = today
    if _read(rule).freq == "QUARTERLY":
        start = date(today.year, _QUARTER_ENDS[(today.month - 1) // 3], 1)
    series = rrulestr(rule, dtstart=datetime.combine(start, time(), tzinfo=UTC))
    found = series.after(datetime.combine(today, time(), tzinfo=UTC), inc=not strictly_after)
    assert found is not None  # an rrule without COUNT or UNTIL never ends
    return found.date()


def next_after(rule: str, previous: datetime) -> datetime:
    """The occurrence after ``previous`` (aware, in the chat's zone), at the same wall-clock
    time of day in that zone; an interval counts from ``previous``."""
    found = rrulestr(rule, dtstart=previous).after(previous)
    assert found is not None  # an rrule without COUNT or UNTIL never ends
    return found


def _read(rule: str) -> Shape:
    parts = vRecur.from_ical(rule)
    freq = str(parts["FREQ"][0])
    if freq == "MONTHLY" and parts.get("INTERVAL", [1])[0] == 3:
        freq = "QUARTERLY"
    days = [int(d) for d in parts.get("BYMONTHDAY", [])]
    weekday = DAYS.index(str(parts["BYDAY"][0])) if "BYDAY" in parts else None
    month = int(parts["BYMONTH"][0]) if "BYMONTH" in parts else None
    short = "BYSETPOS" in parts
    monthday = (max(days) if short else days[0]) if days else None
    return Shape(freq, weekday, monthday, month, short)


def shape(rule: str) -> Shape | None:
    """What a stored rule says, or None when it is not one this bot writes."""
    try:
        read = _read(rule)
        rrulestr(rule)
    except (ValueError, KeyError, IndexError):
        return None
    return read
