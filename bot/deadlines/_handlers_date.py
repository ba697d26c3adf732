"""Handlers for calendar phrases: dates, months, quarters, halves, years, weeks, weekdays."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from . import _calendar as cal
from ._model import Precision
from ._piece import IMPOSSIBLE_DATE, Context, Groups, Handler, Piece
from ._text import squash

_YEARS_AHEAD = 9  # far enough to reach the next 29 February from any year


def _year(groups: Groups, ctx: Context) -> int | None:
    year = groups.number("y") or groups.number("yy")
    if year is not None:
        return year + 2000 if year < 100 else year
    shift = groups.number("yrel")
    return None if shift is None else ctx.today.year + shift


def first_not_before(ctx: Context, build: Callable[[int], date | None]) -> date | None:
    """DEADLINES.md rule 3: the first such date, from this year on, that is not before today."""
    for year in range(ctx.today.year, ctx.today.year + _YEARS_AHEAD):
        day = build(year)
        if day is not None and day >= ctx.today:
            return day
    return None


def _precision(position: str) -> Precision:
    return (
        Precision.PERIOD if position == "end" or position in cal.PERIODS_IN_MONTH else Precision.DAY
    )


def _in_year(groups: Groups, ctx: Context, build: Callable[[int], date | None]) -> date | None:
    year = _year(groups, ctx)
    return first_not_before(ctx, build) if year is None else build(year)


def _date(groups: Groups, ctx: Context) -> Piece | None:
    day, month = groups.number("d"), groups.number("mo") or groups.number("month")
    worded = groups.raw("pre") is not None or groups.raw("month") is not None
    if day is None:
        return None
    if groups.raw("dotted") is not None and not cal.valid_date(2000, groups.number("mo") or 0, day):
        return None  # "lúc 9.30", "lên 2.0": a time or a number, no impossible date
    if month is None:  # "ngày 15": the next 15th that is not before today
        if not 1 <= day <= 31:
            return IMPOSSIBLE_DATE
        for shift in range(0, 3):
            year, month = cal.shift_month(ctx.today.year, ctx.today.month, shift)
            if cal.valid_date(year, month, day) and date(year, month, day) >= ctx.today:
                return Piece("date", day=date(year, month, day))
        return None
    if groups.raw("month") == "sau":
        # Unaccented "sau" names no month in a date (DEADLINES.md rule 9): "ngày 20 tháng sau" is
        # next month (see _date_rel, which asks when the whole text is unaccented), and
        # "6 tháng sau" is a span; June is "tháng sáu", "tháng 6".
        return None
    tentative = groups.raw("tentative") is not None
    if not (1 <= day <= 31 and 1 <= month <= 12):
        if worded:
            return IMPOSSIBLE_DATE
        # "by 7/15" is an impossible day-first date; a bare "7/15" may be anything else.
        return replace(IMPOSSIBLE_DATE, tentative=True) if day >= 1 and month <= 31 else None

    def build(year: int) -> date | None:
        return date(year, month, day) if cal.valid_date(year, month, day) else None

    found = _in_year(groups, ctx, build)
    if found is None:
        return replace(IMPOSSIBLE_DATE, tentative=tentative)
    swaps = ctx.month_first and not worded and day != month and day <= 12  # see Context
    swapped = _in_year(groups, ctx, lambda y: date(y, day, month)) if swaps else None
    guessed = _year(groups, ctx) is None
    return Piece(
        "date",
        day=found,
        tentative=tentative,
        ambiguous=swaps,
        alternative=swapped,
        year_guessed=guessed,
    )


# Without "ngày"/"mùng", a number after a filler ("hạn 20 tháng sau", "trước 6 tháng tới") is
# either a day of that month or a count of months (rule 6, "trong 3 ngày tới"; rule 8 says the
# filler is no part of the date). Spec-silent on which; we read:
# - 13 to 31: the day ("trước 20 tháng sau" is the 20th of next month). Nobody counts a deadline
#   in 20 months with "tháng sau"; "trong 20 tháng tới" (no day filler) stays a span.
# - 1 to 12: both are said. With "sau"/"tới"/"tiếp theo" it is the span of rule 6, what the text
#   meant before day numbers were read here ("hoàn thành trước 6 tháng tới": six months on), and
#   the bot asks to confirm (the reply offers the date, the user can change it); with "này" or
#   "sau nữa" no span fits, so it is the day, also confirmed.
# - over 31: a span, left to the span rule.
# Without the filler either ("nộp 20 tháng sau", "20 tháng tới"), the QA pass of 7 Dec 2026 found
# "20 tháng sau" read as twenty months on, with no question. Spec-silent too: 13 to 31 is read as
# above, the day (as a deadline, the 20th of next month is far likelier than 20 months on), but
# always confirmed, since nothing announces a day; 1 to 12 stays the span of rule 6 ("6 tháng
# sau"), and "20 tháng trước" (the past) is no deadline.
_MONTH_COUNTS = 12


def _date_rel(groups: Groups, ctx: Context) -> Piece | None:
    """ "ngày 20 tháng sau", "mùng 5 tháng tới": a day of a month counted from this one."""
    day, shift = groups.number("d"), groups.number("rel")
    if day is None or shift is None:
        return None
    marked = groups.raw("pre") is not None  # "ngày", "mùng", "mồng"
    bare = groups.raw("bare") is not None  # no filler either
    if (not marked and day > 31) or (bare and (day <= _MONTH_COUNTS or shift < 0)):
        return None
    either = not marked and day <= _MONTH_COUNTS
    june = _may_be_june(groups)
    year, month = cal.shift_month(ctx.today.year, ctx.today.month, shift)
    if either and shift == 1:
        # The span is read; the day of next month is the other reading, unless June is a third.
        day_of = date(year, month, day) if not june else None
        return Piece("date", day=cal.add_months(ctx.today, day), ambiguous=True, alternative=day_of)
    if not cal.valid_date(year, month, day):
        return IMPOSSIBLE_DATE  # "ngày 31 tháng sau" when next month has 30 days

    def in_june(y: int) -> date | None:
        return date(y, 6, day) if cal.valid_date(y, 6, day) else None

    # June is the one other day when nothing else is in doubt: a number neither marked as a day
    # nor announced may also be a count of months.
    other = first_not_before(ctx, in_june) if june and not (either or bare) else None
    return Piece(
        "date", day=date(year, month, day), ambiguous=either or bare or june, alternative=other
    )


def _may_be_june(groups: Groups) -> bool:
    """Typed without any accent, "thang sau" may be June ("tháng sáu") as well as next month."""
    return groups.raw("rel") == "sau" and groups.matched.isascii()


def _iso(groups: Groups, ctx: Context) -> Piece | None:
    year, month, day = groups.number("y"), groups.number("mo"), groups.number("d")
    if year is None or month is None or day is None or not cal.valid_date(year, month, day):
        return IMPOSSIBLE_DATE
    return Piece("date", day=date(year, month, day))


# Positions that name a whole month ("trong tháng 12", "during December"), as no position does.
_WHOLE = frozenset({"trong", "within", "during"})


def _numbered(piece: Piece, groups: Groups, ctx: Context) -> Piece:
    """A month, quarter or half-year named by its number (see Piece.numbered), its year
    guessed when none was typed (rule 3; see Piece.period_guessed)."""
    return replace(piece, period_guessed=_year(groups, ctx) is None, numbered=True)


def _month_piece(
    groups: Groups,
    day: date,
    pos: str,
    ambiguous: bool = False,
    alternative: date | None = None,
    next_period: date | None = None,
) -> Piece:
    said = groups.raw("pos")
    whole = said is None or squash(said) in _WHOLE
    start = day.replace(day=1) if whole else None
    return Piece(
        "date",
        day=day,
        precision=_precision(pos),
        ambiguous=ambiguous,
        alternative=alternative,
        month_start=start,
        next_period=next_period,
    )


def _month(groups: Groups, ctx: Context) -> Piece | None:
    month, pos = groups.number("month"), groups.text("pos", "end")
    if month is None or not 1 <= month <= 12:
        return IMPOSSIBLE_DATE
    found = _in_year(groups, ctx, lambda y: cal.in_month(y, month, pos))
    return None if found is None else _numbered(_month_piece(groups, found, pos), groups, ctx)


def _relative(groups: Groups, ctx: Context, build: Callable[[int], date]) -> Piece | None:
    """A period counted from this one ("tháng sau"); an implicit one rolls on if already past.

    Rule 3 keeps a period that ends today ("cuối tháng" typed on the 31st is today); such a
    day, or one already past ("đầu tháng này" on the 20th), carries the same day of the period
    after, which the bot offers when it asks (see Piece.next_period). Not after "last"
    ("cuối tháng trước"): the past was said.
    """
    pos, shift = groups.text("pos", "end"), groups.value("rel")
    if not isinstance(shift, int):
        shift = 0 if build(0) >= ctx.today else 1
    day = build(shift)
    later = build(shift + 1) if day <= ctx.today and shift >= 0 else None
    return Piece("date", day=day, precision=_precision(pos), next_period=later)


def _month_rel(groups: Groups, ctx: Context) -> Piece | None:
    pos = groups.text("pos", "end")
    this = (ctx.today.year, ctx.today.month)
    piece = _relative(groups, ctx, lambda k: cal.in_month(*cal.shift_month(*this, k), pos))
    if piece is None or piece.day is None:
        return piece
    june = _may_be_june(groups)
    in_june = first_not_before(ctx, lambda y: cal.in_month(y, 6, pos)) if june else None
    return _month_piece(groups, piece.day, pos, june, in_june, piece.next_period)


def _quarter(groups: Groups, ctx: Context) -> Piece | None:
    quarter, pos = groups.number("q"), groups.text("pos", "end")
    if quarter is None or not 1 <= quarter <= 4:
        return IMPOSSIBLE_DATE
    found = _in_year(groups, ctx, lambda y: cal.in_quarter(y, quarter, pos))
    if found is None:
        return None
    return _numbered(Piece("date", day=found, precision=_precision(pos)), groups, ctx)


def _quarter_rel(groups: Groups, ctx: Context) -> Piece | None:
    pos, index = groups.text("pos", "end"), ctx.today.year * 4 + cal.quarter_of(ctx.today) - 1

    def build(shift: int) -> date:
        year, quarter = divmod(index + shift, 4)
        return cal.in_quarter(year, quarter + 1, pos)

    return _relative(groups, ctx, build)


def _quarter_month(groups: Groups, ctx: Context) -> Piece | None:
    """ "tháng cuối quý": the quarter's first, second or third month; with a day, that day of it.

    Spec-silent; as rule 2 reads "đầu quý" in the quarter's first month and "giữa quý" in its
    second, and rule 3 rolls a bare period on once past.
    """
    index, day, shift = groups.number("qm"), groups.number("d"), groups.value("rel")
    if index is None:
        return None
    this = ctx.today.year * 4 + cal.quarter_of(ctx.today) - 1

    def build(k: int) -> date | None:
        year, quarter = divmod(this + k, 4)
        month = quarter * 3 + 1 + index
        if day is None:
            return cal.month_end(year, month)
        return date(year, month, day) if cal.valid_date(year, month, day) else None

    found = build(shift) if isinstance(shift, int) else build(0)
    if not isinstance(shift, int) and (found is None or found < ctx.today):
        found = build(1)
    if found is None:
        return IMPOSSIBLE_DATE
    return Piece("date", day=found, precision=Precision.DAY if day else Precision.PERIOD)


def _half(groups: Groups, ctx: Context) -> Piece | None:
    half = groups.number("half")
    if half not in (1, 2):
        return IMPOSSIBLE_DATE
    found = _in_year(groups, ctx, lambda y: date(y, 6, 30) if half == 1 else date(y, 12, 31))
    if found is None:
        return None
    return _numbered(Piece("date", day=found, precision=Precision.PERIOD), groups, ctx)


def _year_fixed(groups: Groups, ctx: Context) -> Piece | None:
    year, pos = _year(groups, ctx), groups.text("pos", "end")
    if year is None:
        return None
    bare = groups.raw("tentative") is not None  # "năm 2027": see Piece.tentative
    day = cal.in_year(year, pos)
    return Piece(
        "date", day=day, precision=_precision(pos), tentative=bare, alone=bare, numbered=True
    )


def _year_rel(groups: Groups, ctx: Context) -> Piece | None:
    pos = groups.text("pos", "end")
    return _relative(groups, ctx, lambda k: cal.in_year(ctx.today.year + k, pos))


def _week_rel(groups: Groups, ctx: Context) -> Piece | None:
    pos = groups.text("pos", "end")
    return _relative(groups, ctx, lambda k: cal.in_week(ctx.today, k, pos))


def _weekday(groups: Groups, ctx: Context) -> Piece | None:
    weekday, week = groups.number("wd"), groups.value("rel")
    if weekday is None:
        return None
    if groups.raw("pos") is not None:  # "thứ 6 tuần cuối tháng 12"
        return _weekday_in_month(groups, ctx)
    if isinstance(week, int):  # "thứ Sáu tuần sau", "next Friday": that day in that week
        day = cal.week_monday(ctx.today, week) + timedelta(days=weekday)
        return Piece("date", day=day, weak=True, weekday=weekday)
    ahead = (weekday - ctx.today.weekday() - 1) % 7 + 1  # strictly after today
    if groups.raw("later") is not None:  # "a week from Friday", "two weeks from Friday"
        ahead += 7 * (groups.number("n") or 1)
    return Piece("date", day=ctx.today + timedelta(days=ahead), weak=True, weekday=weekday)


def _weekday_in_month(groups: Groups, ctx: Context) -> Piece | None:
    """ "thứ 6 tuần cuối tháng 12": that weekday in the month's first or last week.

    Spec-silent. As for "tuần đầu tháng 1" (see _calendar.FIRST_WEEK_END), the week is the
    month's first or last seven days, so the day is always in the month and always that weekday.
    Rule 1's weeks run Monday to Sunday: where the first or last whole Monday-to-Sunday week of
    the month gives another day, the bot asks to confirm.
    """
    weekday, pos = groups.number("wd"), groups.text("pos", "end")
    if weekday is None:
        return None

    def build(year: int, month: int) -> date:
        if pos == "start":
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7)
        last = cal.month_end(year, month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)

    def whole_week(year: int, month: int) -> date:
        if pos == "start":
            first = date(year, month, 1)
            return first + timedelta(days=-first.weekday() % 7 + weekday)
        last = cal.month_end(year, month)
        return last - timedelta(days=(last.weekday() - 6) % 7 + 6 - weekday)

    shift, month = groups.number("mrel"), groups.number("month")
    if shift is not None:
        year, month = cal.shift_month(ctx.today.year, ctx.today.month, shift)
        day = build(year, month)
    else:
        if month is None or not 1 <= month <= 12:
            return IMPOSSIBLE_DATE
        chosen = month
        found = _in_year(groups, ctx, lambda y: build(y, chosen))
        if found is None:
            return None
        day, year = found, found.year
    june = groups.raw("mrel") == "sau" and groups.matched.isascii()  # see _may_be_june
    whole = whole_week(year, month)
    # One other day only when one thing is in doubt: the week, or the month.
    other = whole if not june else first_not_before(ctx, lambda y: build(y, 6))
    alone = (day != whole) != june
    return Piece(
        "date",
        day=day,
        weekday=weekday,
        ambiguous=day != whole or june,
        alternative=other if alone else None,
    )


HANDLERS: dict[str, Handler] = {
    "date": _date,
    "date_rel": _date_rel,
    "iso": _iso,
    "month": _month,
    "month_rel": _month_rel,
    "quarter": _quarter,
    "quarter_rel": _quarter_rel,
    "quarter_month": _quarter_month,
    "half": _half,
    "year": _year_fixed,
    "year_rel": _year_rel,
    "week_rel": _week_rel,
    "weekday": _weekday,
}
