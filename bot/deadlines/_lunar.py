"""The Vietnamese lunar calendar (âm lịch): Tết, "rằm tháng Giêng", "mùng 10 tháng Giêng".

lunar-vn computes the Vietnamese calendar (Hồ Ngọc Đức's algorithm, new moons at UTC+7). It is
not the Chinese calendar (UTC+8), which gives another day in some years: Tết 2030 is 2 February
in Viet Nam (the new moon is at 23:07 on 2 February, Hanoi time), 3 February in China.
Imported lazily: importing lunar-vn costs ~60 ms (it reads its own package metadata), and most
texts name no lunar date.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

LAST_MONTH = 12  # tháng Chạp
LONG_MONTH = 30  # a lunar month has 29 or 30 days


class LunarDay(NamedTuple):
    """A lunar date. Some years have a leap month (tháng nhuận), which repeats the number of the
    month before it: lunar 2025 has two 6th months, the second one leap."""

    year: int
    month: int
    day: int
    leap: bool = False


def to_lunar(day: date) -> LunarDay:
    """The lunar date of a Gregorian date."""
    from lunar_vn import solar_to_lunar

    said = solar_to_lunar(day)
    return LunarDay(said.year, said.month, said.day, said.leap)


def to_solar(year: int, month: int, day: int, leap: bool = False) -> date | None:
    """The Gregorian date of a lunar day, or None if there is no such day: the 30th of a 29-day
    month, a leap month the year does not have, a year outside what lunar-vn supports."""
    from lunar_vn import LunarDate, lunar_to_solar

    try:
        found = lunar_to_solar(LunarDate(day, month, year, leap))
        said = to_lunar(found)
    except ValueError:
        return None
    # lunar-vn counts on into the next month rather than refusing a day or a leap flag.
    return found if said == (year, month, day, leap) else None


def month_end(year: int, month: int, leap: bool = False) -> date | None:
    """The last day of a lunar month: its 30th, or its 29th in a short month."""
    return to_solar(year, month, LONG_MONTH, leap) or to_solar(year, month, LONG_MONTH - 1, leap)


def has_leap(year: int, month: int) -> bool:
    """Whether the lunar year has a leap month after its month ``month``."""
    return to_solar(year, month, 1, leap=True) is not None


def tet(year: int) -> date | None:
    """Tết Nguyên Đán, the first day of a lunar year."""
    return to_solar(year, 1, 1)
