"""Finding how often a task repeats in its text ("every month on the 5th", "hằng quý").

Regular expressions over the same lower-cased NFC copy the deadline parser reads, with every
accented letter also matching its folded form ("hang quy") but never another accent, so that
"cửa hàng nằm" (a shop lies) is not "hàng năm" (yearly) and "mới" (new) is not "mỗi" (each).
Hand-written because no library reads Vietnamese recurrences; dateutil builds the series.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.deadlines._text import flex, normalise, squash  # the deadline parser's own folding


@dataclass(frozen=True, slots=True)
class Pattern:
    """What a phrase said: how often, and on which weekday (0 = Monday) or day of the month."""

    freq: str  # DAILY, WEEKLY, MONTHLY, QUARTERLY or YEARLY
    weekday: int | None = None
    monthday: int | None = None  # 1..31, or -1 for the period's last day


@dataclass(frozen=True, slots=True)
class Phrase:
    """A recurrence found in a text (``pattern`` None: it looks like one but is not understood)."""

    pattern: Pattern | None
    span: tuple[int, int]
    text: str  # as typed

    @property
    def impossible(self) -> bool:
        """A day no month has ("ngày 32 hằng tháng", "the 0th"): an error, not a guess."""
        day = self.pattern.monthday if self.pattern else None
        return day is not None and day != -1 and not 1 <= day <= 31


_B, _E = r"(?<!\w)", r"(?!\w)"
_EVERY_VI = "(?:hằng|hàng|mỗi)"  # every pattern goes through flex() once, when compiled
_WD_VI = {
    "thứ hai": 0, "thứ 2": 0, "thứ ba": 1, "thứ 3": 1, "thứ tư": 2, "thứ 4": 2,
    "thứ năm": 3, "thứ 5": 3, "thứ sáu": 4, "thứ 6": 4, "thứ bảy": 5, "thứ 7": 5,
    "chủ nhật": 6, "cn": 6,
}  # fmt: skip
_WD_EN = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_FREQ = {
    "ngày": "DAILY", "tuần": "WEEKLY", "tháng": "MONTHLY", "quý": "QUARTERLY", "năm": "YEARLY",
    "day": "DAILY", "daily": "DAILY", "week": "WEEKLY", "weekly": "WEEKLY", "month": "MONTHLY",
    "monthly": "MONTHLY", "quarter": "QUARTERLY", "quarterly": "QUARTERLY", "year": "YEARLY",
    "yearly": "YEARLY", "annually": "YEARLY", "annual": "YEARLY",
}  # fmt: skip


def _words(table: dict[str, object]) -> str:
    return "|".join(sorted(table, key=len, reverse=True))


_WDV, _WDE = _words(dict(_WD_VI)), _words(dict(_WD_EN))
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_UNIT_VI = "(?P<unit>ngày|tuần|tháng|quý|năm)"
_NOT_NAMED = (
    r"(?! (?:sau|này|nay|tới|qua)(?!\w)| trước(?! (?:ngày|hạn|\d)))"  # "Hằng tuần sau": a name
)
_EVERY_EN = r"(?:every|each)"
_TIME_EN = (
    r"(?:(?:day|week|month|quarter|year|hour|minute|night|morning|afternoon|evening|weekend|"
    r"weekday|season|semester|decade)s?|fortnight)"
)
_ADJECTIVE_END = r"(?=\s*(?:$|[,.;:!?)\]]|(?:on|by|before|due|at|from|until|starting|deadline)\b))"

Build = Callable[[re.Match[str]], Pattern]


def _monthly(m: re.Match[str]) -> Pattern:
    day = m.groupdict().get("day")
    return Pattern("MONTHLY", monthday=int(day) if day else -1)


def _weekly_vi(m: re.Match[str]) -> Pattern:
    return Pattern("WEEKLY", weekday=_WEEKDAYS[squash(m["wd"])])


def _weekly_en(m: re.Match[str]) -> Pattern:
    return Pattern("WEEKLY", weekday=_WD_EN[m["wd"]])


def _unit(m: re.Match[str]) -> Pattern:
    return Pattern(_UNITS[squash(m["unit"])])


_WEEKDAYS = {squash(word): value for word, value in (*_WD_VI.items(), *_WD_EN.items())}
_UNITS = {squash(word): value for word, value in _FREQ.items()}
_LAST_EN = r"last day"
_SUPPORTED: tuple[tuple[str, Build], ...] = (
    (rf"(?:vào )?(?:ngày|mùng|mồng) {_DAY} (?:của )?{_EVERY_VI} tháng", _monthly),
    (rf"{_EVERY_VI} tháng,? (?:vào )?(?:ngày|mùng|mồng) {_DAY}", _monthly),
    (rf"(?:vào )?(?:ngày )?cuối (?:cùng )?(?:của )?{_EVERY_VI} tháng", _monthly),
    (rf"(?:vào )?(?P<wd>{_WDV}) {_EVERY_VI} tuần", _weekly_vi),
    (rf"{_EVERY_VI} tuần,? (?:vào )?(?P<wd>{_WDV})", _weekly_vi),
    (rf"(?:vào )?mỗi (?P<wd>{_WDV})", _weekly_vi),
    (rf"(?:vào )?cuối (?:của )?{_EVERY_VI} {_UNIT_VI}", _unit),
    (rf"{_EVERY_VI} {_UNIT_VI}{_NOT_NAMED}", _unit),
    (rf"(?:{_EVERY_EN} month|monthly),? on the (?:{_DAY}|{_LAST_EN})(?: day)?(?: of the month)?",
     _monthly),
    (rf"(?:on )?(?:the )?(?:{_DAY}|{_LAST_EN}) (?:day )?of {_EVERY_EN} month", _monthly),
    (rf"(?:on )?{_EVERY_EN} {_DAY}(?: day)? of the month", _monthly),
    (rf"(?:{_EVERY_EN} week|weekly),? on (?P<wd>{_WDE})s?", _weekly_en),
    (rf"(?:on )?{_EVERY_EN} (?P<wd>{_WDE})", _weekly_en),
    (rf"(?:at )?the end of {_EVERY_EN} (?P<unit>week|month|quarter|year)", _unit),
    (rf"{_EVERY_EN} (?P<unit>day|week|month|quarter|year)", _unit),
    (rf"(?P<unit>daily|weekly|monthly|quarterly|yearly|annually){_ADJECTIVE_END}", _unit),
)  # fmt: skip
_COMPILED = tuple((re.compile(_B + flex(rx) + _E), build) for rx, build in _SUPPORTED)

# Said like a recurrence, but not one the bot keeps: refused with how to say it, never guessed.
_UNKNOWN = re.compile(
    _B
    + flex(
        "(?:"
        + "|".join(
            (
                rf"{_EVERY_EN} (?:(?:other|second|third|few|couple(?: of)?|\d+) {_TIME_EN}|"
                rf"(?:blue |full )?moon|{_TIME_EN}|now and then|so often|once in a while)",
                r"once in a blue moon",
                rf"(?:hourly|nightly|fortnightly|biweekly|bimonthly|biannually|semiannually)"
                rf"{_ADJECTIVE_END}",
                rf"{_EVERY_VI} (?:(?:\d+|hai|ba|nửa) \w+|"
                r"đêm|sáng|chiều|tối|giờ|phút|mùa|cuối tuần)",
                r"(?:\d+|hai|ba|vài) (?:ngày|tuần|tháng|năm) (?:một|1) lần",
                r"cách (?:một |1 )?(?:ngày|tuần|tháng|quý)",
                # Several days a week: one task per day is not a series this bot keeps.
                rf"{_EVERY_EN} (?:{_WDE})s?(?:,? (?:and|&)|,) (?:{_WDE})s?",
                rf"(?:mỗi )?(?:{_WDV})(?: và|,) (?:{_WDV})(?: {_EVERY_VI} tuần)?",
            )
        )
        + ")"
    )
    + _E
)


def find_phrase(text: str) -> Phrase | None:
    """The first recurrence said in ``text`` (``pattern`` None when it is not understood)."""
    norm = normalise(text)
    found: list[tuple[int, int, Pattern | None]] = [
        (match.start(), -match.end(), build(match))
        for regex, build in _COMPILED
        for match in regex.finditer(norm.text)
    ]
    # The earliest, longest phrase wins, understood or not: "every Monday and Thursday" holds
    # "every Monday", and is refused as a whole rather than read as half of what was said.
    found += [(match.start(), -match.end(), None) for match in _UNKNOWN.finditer(norm.text)]
    if not found:
        return None
    start, neg_end, pattern = min(found, key=lambda item: (item[0], item[1], item[2] is None))
    span = norm.original_span(start, -neg_end)
    return Phrase(pattern, span, text[span[0] : span[1]])
