"""English: word tables and patterns."""

from __future__ import annotations

from collections.abc import Mapping

from ._lang_common import DOTTED_TIME, NOT_IN_DECIMAL
from ._rules import Language, Rule, Value, word_list

_MONTHS = word_list(
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_FULL = {name: i + 1 for i, name in enumerate(_MONTHS) if name != "may"}
_SHORT = {name[:3]: i + 1 for i, name in enumerate(_MONTHS)} | {"sept": 9}
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "fourteen": 14,
    "thirty": 30,
}

WORDS: dict[str, Mapping[str, Value]] = {
    # "may" is a verb far more often than a month: it only counts with a day, year or position.
    "fullmonth": _FULL,
    "mname": _FULL | {f"{k}.": v for k, v in _SHORT.items()} | _SHORT | {"may": 5},
    "n": _NUMBERS,
    "q": {
        "first": 1,
        "1st": 1,
        "second": 2,
        "2nd": 2,
        "third": 3,
        "3rd": 3,
        "fourth": 4,
        "4th": 4,
        "last": 4,
    },
    "half": {"first": 1, "1st": 1, "second": 2, "2nd": 2},
    "pos": {
        "end of": "end",
        "the end of": "end",
        "late": "end",
        "early": "start",
        "beginning of": "start",
        "the beginning of": "start",
        "start of": "start",
        "the start of": "start",
        "mid": "mid",
        "middle of": "mid",
        "the middle of": "mid",
        "within": "end",
        "during": "end",
    },
    # Periods inside a month: "first half of January" ends on the 15th, "first week of" the 7th.
    "mpos": {
        "first half of": "half1",
        "1st half of": "half1",
        "second half of": "end",
        "2nd half of": "end",
        "first week of": "week1",
        "1st week of": "week1",
        "last week of": "end",
        "final week of": "end",
    },
    "rel": {
        "this": 0,
        "this coming": 0,
        "next": 1,
        "the next": 1,
        "following": 1,
        "the following": 1,
        "last": -1,
    },
    "near": {"this": 0, "coming": 0, "this coming": 0},
    "wnext": {"next": 1, "following": 1, "the following": 1},
    "wd": {day: i for i, day in enumerate(_DAYS)}
    | {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thur": 3, "thurs": 3, "fri": 4},
    "part": {
        "morning": "morning",
        "afternoon": "afternoon",
        "evening": "evening",
        "night": "night",
        "noon": "noon",
        "midday": "noon",
    },
    "rd": {
        "today": 0,
        "tomorrow": 1,
        "tmr": 1,
        "tmrw": 1,
        "yesterday": -1,
        "day after tomorrow": 2,
        "the day after tomorrow": 2,
    },
    "unit": {
        "working days": "workday",
        "working day": "workday",
        "business days": "workday",
        "business day": "workday",
        "workdays": "workday",
        "day": "day",
        "days": "day",
        "week": "week",
        "weeks": "week",
        "month": "month",
        "months": "month",
        "year": "year",
        "years": "year",
        "hour": "hour",
        "hours": "hour",
        "hr": "hour",
        "hrs": "hour",
        "minute": "minute",
        "minutes": "minute",
        "min": "minute",
        "mins": "minute",
    },
    "ampm": {"am": "am", "a.m.": "am", "pm": "pm", "p.m.": "pm"},
}
_POS = r"(?:{pos}[\s-]+)"
_Y = r"(?:,? {y})"
_TH = r"(?:st|nd|rd|th)?"
# "in 1.5 hours", and "in 1,5 hours" as Vietnamese write decimals (see _handlers_time._span).
_COUNT = r"{n}(?:[.,](?P<frac>\d{1,2}))?"


def _relative_period(noun: str, short: str) -> tuple[Rule, Rule]:
    """ "next month", "end of the month", "month-end", "EOM" (and the same for quarter, year)."""
    implicit = rf"{{pos}}[\s-]+(?:the )?{noun}|(?:the )?{noun}[\s-]end|{short}"
    return (
        Rule(f"{noun}_rel", _POS + rf"?{{rel}} {noun}"),
        Rule(f"{noun}_rel", implicit, fixed={"rel": "implicit"}),
    )


_END = r"(?:(?:the )?end of (?:the )?)"
# A bare month right before a noun names it: "send the June report", "the March meeting".
_NOT_NOUN = (
    r"(?! (?!(?:next|this|at|by|on|or|and|to|the|latest|please|pls|for|in|with|before|if|is)"
    r"(?!\w))[^\W\d_])"
)

RULES = (
    Rule("date", r"{mname:month} {d}" + _TH + _Y + "?"),
    Rule("date", r"(?:the )?{d}" + _TH + r" (?:of )?{mname:month}" + _Y + "?"),
    Rule("date", r"the {d}(?:st|nd|rd|th)"),
    Rule("month", _POS + r"{fullmonth:month}" + _Y + "?"),
    Rule("month", r"{fullmonth:month}" + _NOT_NOUN + _Y + "?"),
    Rule("month", _POS + r"may" + _Y + "?", fixed={"month": "5"}),
    Rule("month", r"may {y}", fixed={"month": "5"}),
    Rule("month", r"{mname:month}\.? {y}"),
    Rule("month", r"{pos}[\s-]+{mname:month}\.?(?:,? {y})?"),
    *_relative_period("month", "eom"),
    Rule("month", r"(?:the )?{mpos:pos} (?:the month of )?{mname:month}\.?(?:,? {y})?"),
    Rule("month_rel", r"(?:the )?{mpos:pos} {rel} month"),
    Rule("month_rel", r"(?:the )?{mpos:pos} the month", fixed={"rel": "implicit"}),
    Rule("quarter", r"(?:the )?{q} quarter(?:(?: of|,)? {y})?"),
    Rule("quarter", r"(?:the )?{pos}[\s-]+(?:the )?q{q}(?:[/ ]{y})?"),
    *_relative_period("quarter", "eoq"),
    Rule("quarter", r"(?:the )?{q} quarter(?: of)? {rel:yrel} year"),
    Rule("quarter", r"(?:(?:the )?{pos}[\s-]+(?:the )?)?q{q},? {rel:yrel} year"),
    Rule("half", r"(?:the )?{half} half(?: of the year|(?: of|,)? {y}|(?: of)? {rel:yrel} year)?"),
    Rule("half", _END + r"h{half}(?:[/ ]{y})?"),
    Rule("half", _END + r"?h{half},? {rel:yrel} year"),
    Rule("year", r"(?:{pos}[\s-]+|in )(?:the year )?{y}"),
    *_relative_period("year", "eoy"),
    Rule("week_rel", _POS + r"?{rel} week"),
    Rule("week_rel", r"{pos}[\s-]+(?:the )?week|eow", fixed={"rel": "implicit"}),
    Rule("week_rel", r"{rel} weekend"),  # "next weekend": next week's Sunday, as "next week"
    Rule("week_rel", r"(?:over (?:the |this )?|the |this )?weekend", fixed={"rel": "implicit"}),
    Rule("weekday", r"(?:{near} )?{wd}(?: {rel} week)?"),
    Rule("weekday", r"{wnext:rel} {wd}"),
    Rule("weekday", r"{rel} week,? (?:on )?{wd}"),  # "next week Friday"
    # "a week from Friday": a week after the Friday of rule 5 (spec-silent).
    Rule("weekday", r"(?:an?|{n}) weeks? from (?:this )?{wd}", fixed={"later": "1"}),
    # "before Tet": its eve, as "trước Tết" (see _handlers_lunar).
    Rule("tet", r"(?:the )?(?:tết|lunar new year)(?: holidays?)?", fixed={"tentative": "1"}),
    # "by Christmas": 25 December (see _handlers_lunar); not "Christmas Eve".
    Rule(
        "christmas",
        r"(?:christmas|xmas)(?: day)?(?! eve)(?: {y})?",
        fixed={"tentative": "1"},
        needs=("christmas", "xmas"),
    ),
    Rule("relday", r"{rd}"),
    Rule("relday", r"tonight", fixed={"rd": "0", "part": "evening"}),
    Rule("relday", r"this {part}", fixed={"rd": "0"}),
    Rule(
        "eod",
        r"(?:(?:the )?end of (?:the )?(?:business )?day|eod|cob|eob|close of business"
        r"|end of business|(?:the )?end of play|eop)(?: today)?",
    ),
    Rule("span", r"(?:in|within|after)(?: the next)? " + _COUNT + r" {unit}(?:'s|')?(?: time)?"),
    Rule("span", NOT_IN_DECIMAL + _COUNT + r" {unit} from (?:now|today)"),
    Rule("span", r"(?:in|within) a fortnight", fixed={"n": "2", "unit": "weeks"}),
    Rule("span", r"(?:in|within) half an hour", fixed={"n": "30", "unit": "minutes"}),
    # "in 48h", "within 2 hrs": hours typed short (rule 6). A bare "h" only after a number that
    # is no clock time: "in" is Vietnamese too (to print), and "gọi nhà in 20h" is at 20:00.
    Rule(
        "span", r"(?:in|within|after)(?: the next)? " + _COUNT + r" ?hrs?", fixed={"unit": "hours"}
    ),
    Rule(
        "span",
        r"(?:in|within|after)(?: the next)? (?=(?:2[5-9]|[3-9]\d|\d{3,}) ?h(?!\w))"
        + _COUNT
        + " ?h",
        fixed={"unit": "hours"},
    ),
    Rule("time", NOT_IN_DECIMAL + r"{h}(?:[:.]{mi})? ?{ampm}(?!\w)"),
    # "by 9 tomorrow": a bare hour, but only after "by" and right before a day.
    Rule(
        "time",
        r"(?:(?<=by\s)|(?<=before\s)|(?<=until\s)){h}(?::{mi})?(?= (?:tomorrow|today|tonight))",
    ),
    Rule("time", r"(?:12(?::00)? ?)?(?:noon|midday)", fixed={"h": "12"}),
    # Midnight ends the day it names, as "12 giờ đêm" does: "by midnight Friday" is Friday 23:59.
    Rule("time", r"(?:12(?::00)? ?)?midnight", fixed={"h": "24"}),
    Rule("time", r"(?:at |@ ?){h}(?::{mi})?(?! ?(?:a\.?m|p\.?m|[/.\-]?\d))"),  # "@" typed for "at"
    # "tomorrow 9", "meet Friday 10": a bare hour at the very end, right beside a day or a part of
    # day (see _combine._held); elsewhere a number is the title's ("print 10 copies by Friday").
    Rule(
        "time",
        r"(?<![\w/.,:\-])(?=(?:0?[1-9]|1\d|2[0-3])(?!\d)){h}(?![\d/.,:\-]?\d)"
        r"(?=\s*(?:[,;.!?)]|please(?!\w)|$))",
        fixed={"tentative": "1", "bare": "1"},
    ),
    Rule("time", r"at " + DOTTED_TIME, fixed={"dotted": "1"}),  # "at 15.30", as in Britain
    Rule("part", r"(?:in the )?{part}"),
    # "first thing tomorrow": its morning, a part of day without an hour (rule 7: no time).
    Rule("part", r"first thing(?: in the morning)?", fixed={"part": "morning"}),
)

LANGUAGE = Language(
    code="en",
    words=WORDS,
    rules=RULES,
    fillers=word_list(
        "by|before|due|due by|due on|due date|due date is|deadline|deadline is|on|at|until|till"
        "|no later than|not later than|latest|latest by|in|within|during|on or before|ddl|@"
    ),
    # "comment on 2.3", "in 4.1": no date without another filler.
    weak_fillers=word_list("on|in|within|during|latest"),
    clock_fillers=word_list("at|@"),
    connectors=("at", "@", "on", "by", "before", "the"),
    date_breaks=("by", "before"),
    # Not "follow up on", "vote on": there "on" may as well announce the day.
    title_phrases=word_list(
        "hand in|send in|turn in|fill in|log in|sign in|check in|weigh in|chime in|call in"
    ),
)
