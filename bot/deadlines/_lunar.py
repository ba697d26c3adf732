"""The Vietnamese lunar calendar (âm lịch): Tết, "rằm tháng Giêng", "mùng 10 tháng Giêng".

lunar-vn computes the Vietnamese calendar (Hồ Ngọc Đức's algorithm, new moons at UTC+7). It is
not the Chinese calendar (UTC+8), which gives another day in some years: Tết 2030 is 2 February
in Viet Nam (the new moon is at 23:07 on 2 February, Hanoi time), 3 February in China.
Imported lazily: importing lunar-vn costs ~60 ms (it reads its own package metadata), and most
texts name no lunar date.
"""

from __future__ import annotations

from datetime import date, timedelta

LAST_MONTH = 12  # tháng Chạp
LONG_MONTH = 30  # a lunar month has 29 or 30 days


def to_lunar(day: date) -> tuple[int, int, int]:
    """The lunar (year, month, day) of a Gregorian date; a leap month counts as its month."""
    from lunar_vn import solar_to_lunar

    said = solar_to_lunar(day)
    return said.year, said.month, said.day


def to_solar(year: int, month: int, day: int) -> date | None:
    """The Gregorian date of a lunar day (never a leap month), or None if that month has no
    such day (the 30th of a 29-day month) or the year is outside what lunar-vn supports."""
    from lunar_vn import LunarDate, lunar_to_solar

    try:
        found = lunar_to_solar(LunarDate(day, month, year))
        said = to_lunar(found)
    except ValueError:
        return None
    return found if said == (year, month, day) else None


def month_end(year: int, month: int) -> date | None:
    """The last day of a lunar month: the day before the next month starts."""
    following = (year + 1, 1) if month == LAST_MONTH else (year, month + 1)
    start = to_solar(*following, 1)
    return None if start is None else start - timedelta(days=1)


def tet(year: int) -> date | None:
    """Tết Nguyên Đán, the first day of a lunar year."""
    return to_solar(year, 1, 1)
