"""The days a chat does not work: Saturday and Sunday (unless it works them), and the public
holidays of its country, from the ``holidays`` library (``VN``: Tết Nguyên Đán, Giỗ Tổ Hùng
Vương, 30/4, 1/5, 2/9, New Year's Day, and the days off the government moves to make bridges).
"""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays

WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())


@cache
def _calendar(country: str) -> holidays.HolidayBase:
    # Years are filled in as they are asked about (``expand``), once per process.
    return holidays.country_holidays(country)


def country_code(text: str) -> str | None:
    """The two-letter code of the country ``text`` names by its ISO code (``vn``, ``VNM``), whose
    public holidays the library knows; None otherwise."""
    code = text.strip().upper()
    if not code.isascii() or code not in holidays.list_supported_countries():
        return None
    return str(_calendar(code).country)


def is_day_off(day: date, country: str | None, weekends: bool) -> bool:
    """Whether ``day`` is a day off: a Saturday or Sunday when ``weekends`` are off, or a
    public holiday of ``country`` (none: no public holidays)."""
    if weekends and day.weekday() in WEEKEND:
        return True
    return country is not None and day in _calendar(country)
