"""Handlers for Tết and lunar dates (see _lunar), and for "Tết Dương lịch" (1 January).

DEADLINES.md knows Gregorian dates only; from December to February the most common deadlines
name Tết. Spec-silent, we read (the bot shows the Gregorian date in every confirmation):
- "trước Tết", "hạn Tết", "đến Tết nguyên đán", "before Tet" (Tết after a deadline word): the eve,
  the last day of the lunar year (30 or 29 tháng Chạp). Kept simple: no guess at an earlier day
  ("23 tháng Chạp", when offices close, would be too clever). Without a deadline word Tết is a
  word of the title ("quà Tết", "thưởng Tết").
- "sau Tết", "ra Tết", "qua Tết": some days after Tết, read as "mùng 10 tháng Giêng" and asked,
  the warning offering the end of tháng Giêng ("ra Giêng") as the other reading.
- "mùng 3 Tết": the 3rd of tháng Giêng; "28 Tết": the 28th of tháng Chạp, before Tết.
- "rằm tháng Giêng", "rằm tháng 7 (âm lịch)": the 15th of that lunar month; "rằm" alone after a
  deadline word: the next lunar 15th.
- "mùng 10 tháng Giêng", "20 tháng Chạp", "ngày 15/7 âm lịch": that lunar day; "tháng Giêng",
  "cuối tháng Chạp", "tháng 7 âm lịch": that lunar month as a period (rules 1 and 2). Tháng Giêng
  and tháng Chạp are lunar months by name; another month is lunar when "âm lịch" follows.
- "trước Tết Dương lịch", "trước Tết Tây": the eve of 1 January, 31 December.
- "trước Noel", "hạn Giáng sinh", "by Christmas": 25 December, as "trước 25/12" (rule 8): no
  public holiday here, no eve; "Christmas Eve" is not read. A title word without a deadline word.
Rule 3 holds: with no year, the first such day that is not before today. A year said is the
lunar year ("rằm tháng Giêng năm 2027", "Tết 2028": the Tết that starts lunar year 2028).
A leap month (tháng nhuận) is a month of its own, numbered as the month before it: lunar 2025 has
a regular 6th month (25 June to 24 July 2025) and a leap one (25 July to 22 August). "trước rằm"
in either is its own 15th; "rằm tháng 6" once the regular one's is past is the leap month's. While
both are ahead, "20/6 âm lịch" or "cuối tháng 6 âm lịch" may mean either: the regular one, asked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from . import _calendar as cal
from . import _lunar as lunar
from ._handlers_date import first_not_before
from ._model import Precision
from ._piece import IMPOSSIBLE_DATE, Context, Groups, Handler, Piece

_AFTER_TET = 10  # "sau Tết": mùng 10 tháng Giêng
_FULL_MOON = 15  # "rằm"
_FIRST_DAYS = 10  # "mùng 1".."mùng 10": days of tháng Giêng ("mùng 3 Tết")
_LAST_DAYS = 20  # "20 Tết".."30 Tết": days of tháng Chạp ("28 Tết")
_YEARS_AHEAD = 3


def _first(ctx: Context, year: int | None, build: Callable[[int], date | None]) -> date | None:
    """``build`` for the lunar year said, else the first lunar year giving a day not before
    today (rule 3)."""
    if year is not None:
        return build(year)
    start = lunar.to_lunar(ctx.today).year
    for candidate in range(start, start + _YEARS_AHEAD):
        day = build(candidate)
        if day is not None and day >= ctx.today:
            return day
    return None


def _first_month(
    ctx: Context, year: int | None, month: int, build: Callable[[int, bool], date | None]
) -> tuple[date | None, bool]:
    """``build`` (year, leap) for the first month numbered ``month`` giving a day not before
    today, in the lunar year said or the next ones (rule 3); in a year with a leap month of that
    number, the regular month comes first. Also whether the text may mean either month: the
    regular one was chosen and the leap one follows."""
    start = lunar.to_lunar(ctx.today).year if year is None else year
    for candidate in range(start, start + (_YEARS_AHEAD if year is None else 1)):
        both = lunar.has_leap(candidate, month)
        for leap in (False, True) if both else (False,):
            day = build(candidate, leap)
            if day is not None and day >= ctx.today:
                return day, both and not leap
    if year is None:
        return None, False
    return build(year, False), lunar.has_leap(year, month)  # past: asked as such


def _piece(
    groups: Groups, day: date | None, ambiguous: bool = False, alternative: date | None = None
) -> Piece | None:
    if day is None:
        return None
    bare = groups.raw("tentative") is not None  # "Tết", "rằm": see Piece.tentative
    return Piece(
        "date", day=day, ambiguous=ambiguous, alternative=alternative, tentative=bare, alone=bare
    )


def _tet(groups: Groups, ctx: Context) -> Piece | None:
    """ "trước Tết": the eve; "sau Tết": mùng 10 tháng Giêng, asked."""
    year = groups.number("y")
    if groups.raw("what") == "after":
        found = _first(ctx, year, lambda y: lunar.to_solar(y, 1, _AFTER_TET))
        month_end = None if found is None else lunar.month_end(lunar.to_lunar(found).year, 1)
        return _piece(groups, found, ambiguous=True, alternative=month_end)

    def eve(y: int) -> date | None:
        new_year = lunar.tet(y)
        return None if new_year is None else new_year - timedelta(days=1)

    return _piece(groups, _first(ctx, year, eve))


def _lunar_day(groups: Groups, ctx: Context) -> Piece | None:
    """A lunar day: "rằm tháng Giêng", "mùng 10 tháng Giêng", "mùng 3 Tết", "15/7 âm lịch"."""
    day, month, year = groups.number("d"), groups.number("month"), groups.number("y")
    if day is None:
        return None
    if groups.raw("tet") is not None:  # "mùng 3 Tết", "28 Tết"
        if day > lunar.LONG_MONTH or _FIRST_DAYS < day < _LAST_DAYS:
            return None
        month = 1 if day <= _FIRST_DAYS else lunar.LAST_MONTH
    if not 1 <= day <= lunar.LONG_MONTH or (month is not None and not 1 <= month <= 12):
        return IMPOSSIBLE_DATE
    if month is None:  # "trước rằm": the next lunar 15th
        return _piece(groups, _next_in_any_month(ctx, day))
    chosen, clamped = month, False

    def build(y: int, leap: bool) -> date | None:
        # "30 tháng Chạp" in a year whose Chạp has 29 days: its last day, asked.
        nonlocal clamped
        found = lunar.to_solar(y, chosen, day, leap)
        clamped = found is None and day == lunar.LONG_MONTH
        return lunar.month_end(y, chosen, leap) if clamped else found

    found, either = _first_month(ctx, year, chosen, build)
    if found is None:
        return IMPOSSIBLE_DATE
    return _piece(groups, found, ambiguous=clamped or either)


def _next_in_any_month(ctx: Context, day: int) -> date | None:
    """The first lunar ``day`` not before today, leap months included."""
    month_start = ctx.today
    for _ in range(_YEARS_AHEAD * 13):
        year, month, _, leap = lunar.to_lunar(month_start)
        found = lunar.to_solar(year, month, day, leap)
        if found is not None and found >= ctx.today:
            return found
        end = lunar.month_end(year, month, leap)
        if end is None:
            return None
        month_start = end + timedelta(days=1)
    return None


def _lunar_month(groups: Groups, ctx: Context) -> Piece | None:
    """A lunar month as a period: "tháng Giêng", "cuối tháng Chạp", "đầu tháng 7 âm lịch"."""
    month, year, pos = groups.number("month"), groups.number("y"), groups.text("pos", "end")
    if month is None or not 1 <= month <= 12:
        return IMPOSSIBLE_DATE
    chosen = month

    def build(y: int, leap: bool) -> date | None:
        if pos == "start":
            return lunar.to_solar(y, chosen, cal.START_DAY, leap)
        if pos == "mid":
            return lunar.to_solar(y, chosen, cal.MIDDLE_DAY, leap)
        return lunar.month_end(y, chosen, leap)

    found, either = _first_month(ctx, year, chosen, build)
    precision = Precision.PERIOD if pos == "end" else Precision.DAY
    if found is None:
        return None
    return Piece("date", day=found, precision=precision, ambiguous=either)


def _new_year(groups: Groups, ctx: Context) -> Piece | None:
    """ "trước Tết Dương lịch": 31 December (the eve, as for Tết)."""
    year = groups.number("y")
    found = date(year - 1, 12, 31) if year else first_not_before(ctx, lambda y: date(y, 12, 31))
    return _piece(groups, found)


def _christmas(groups: Groups, ctx: Context) -> Piece | None:
    """ "trước Noel", "by Christmas": 25 December, as "trước 25/12" is (rule 8)."""
    year = groups.number("y")
    found = date(year, 12, 25) if year else first_not_before(ctx, lambda y: date(y, 12, 25))
    return _piece(groups, found)


HANDLERS: dict[str, Handler] = {
    "tet": _tet,
    "lunar_day": _lunar_day,
    "lunar_month": _lunar_month,
    "new_year": _new_year,
    "christmas": _christmas,
}
