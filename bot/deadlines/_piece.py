"""What one matched pattern means, before pieces are put together into a deadline."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from ._model import Precision
from ._rules import Value
from ._text import squash


@dataclass(frozen=True, slots=True)
class Context:
    """The moment and place a text is read in."""

    now: datetime  # aware, in the chat's zone
    today: date
    # The chat is English: its people may write month first, so a numeric date that reads both
    # ways ("03/04": 3 April, or 4 March) is read day first (rule 4) but confirmed.
    month_first: bool = False


@dataclass(frozen=True, slots=True)
class Piece:
    """A date, a time, a part of day, an instant or an impossible date found in the text."""

    kind: str  # "date", "time", "part", "instant", "error", "aside" (see tentative)
    start: int = 0
    end: int = 0
    day: date | None = None
    precision: Precision = Precision.DAY
    hour: int | None = None
    minute: int = 0
    part: str | None = None
    instant: datetime | None = None
    error: str | None = None
    ambiguous: bool = False
    # The one other day the words may mean, when that is why the piece is ambiguous: "cuoi
    # thang sau" is the end of next month, or the end of June ("cuối tháng sáu"). None when
    # the piece is ambiguous for another reason too, or for a reason no single day answers.
    alternative: date | None = None
    weak: bool = False  # a weekday or a relative day, which an explicit date overrides
    weekday: int | None = None  # for a weekday: Monday is 0
    # A date that is a deadline only right after a deadline word, or as the whole text (see
    # _title.announced): "by 7/15", "trước 30-7", "trước 15.7", "trước Tết"; or, if ``alone``,
    # as the whole text: "năm 2027", but "kế hoạch năm 2027" is a title.
    # Without one the scan makes it an "aside": it stays in the title, and a weekday or time
    # beside it still counts ("đọc chương 4.1 trước thứ 6"). A time ("15.30") that counts only
    # beside a date or part of day (see _combine._held).
    tentative: bool = False
    alone: bool = False  # a tentative piece that is also a deadline as the whole text
    # An hour typed bare at the end of the text ("sáng mai 9"): beside a weekday alone it may be
    # a day of the month ("chủ nhật 13", "Friday 11"), so it is asked (see _combine.resolve_group).
    bare: bool = False
    # A time right beside a number left aside ("20.7 15h", "họp 20.7 lúc 15h"): that number may
    # be its day, so it is asked (see _combine._beside_aside).
    beside_aside: bool = False
    # For a whole month ("tháng 12", "tháng sau", "in December"): its first day, so that a
    # weekday beside it can be found in it (see _combine._weekday_in_month).
    month_start: date | None = None
    # A day and month typed without a year, put on its next occurrence (rule 3).
    year_guessed: bool = False
    # A month, quarter or half-year typed without a year, put on its next occurrence (rule 3).
    period_guessed: bool = False
    # A month, quarter, half-year or year named by its number ("quý 3", "tháng 11", "6 tháng đầu
    # năm", "H1"), not counted from this one ("tuần sau"): it may name a report (see
    # _combine._break_at).
    numbered: bool = False
    # For a day of a period counted from this one ("cuối tháng", "tuần này", "đầu tháng này")
    # that is today or already past: the same day of the period after, the other reading the
    # bot offers ("cuối tháng" typed on the 31st may mean the end of next month).
    next_period: date | None = None

    def at(self, start: int, end: int) -> Piece:
        """Return this piece placed at a span of the normalised text."""
        return replace(self, start=start, end=end)


class Groups:
    """The groups of one match, looked up in the grammar's tables."""

    def __init__(
        self,
        raw: Mapping[str, str | None],
        slots: Mapping[str, str],
        fixed: Mapping[str, str],
        values: Mapping[str, Mapping[str, Value]],
        matched: str = "",
    ) -> None:
        self.matched = matched
        self._raw = {k: v for k, v in raw.items() if v is not None}
        self._fixed = fixed
        self._slots = slots
        self._values = values

    def raw(self, name: str) -> str | None:
        """Return the text a group matched (or its fixed value)."""
        return self._raw.get(name, self._fixed.get(name))

    def value(self, name: str) -> Value | None:
        """Return a group's meaning: a number for digits, else the table entry for its words."""
        text = self.raw(name)
        if text is None:
            return None
        if text.isdigit():
            return int(text)
        table = self._values.get(self._slots.get(name, name), {})
        return table.get(squash(text), text)

    def number(self, name: str) -> int | None:
        """Return a group's meaning if it is a number."""
        value = self.value(name)
        return value if isinstance(value, int) else None

    def text(self, name: str, default: str) -> str:
        """Return a group's meaning if it is a word, else ``default``."""
        value = self.value(name)
        return value if isinstance(value, str) else default


Handler = Callable[[Groups, Context], Piece | None]
IMPOSSIBLE_DATE = Piece("error", error="impossible_date")
IMPOSSIBLE_TIME = Piece("error", error="impossible_time")
