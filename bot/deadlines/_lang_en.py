"""English: word tables and patterns."""

from __future__ import annotations

from collections.abc import Mapping

from ._rules import Language, Rule, Value

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_FULL = {name: i + 1 for i, name in enumerate(_MONTHS) if name != "may"}
_SHORT = {name[:3]: i + 1 for i, name in enumerate(_MONTHS)} | {"sept": 9}
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "a couple of": 2, "fourteen": 14, "thirty": 30}

WORDS: dict[str, Mapping[str, Value]] = {
    # "may" is a verb far more often than a month: it only counts with a day, year or position.
    "fullmonth": _FULL,
    "mname": _FULL | {f"{k}.": v for k, v in _SHORT.items()} | _SHORT | {"may": 5},
    "n": _NUMBERS,
    "q": {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
          "4th": 4, "last": 4},
    "half": {"first": 1, "1st": 1, "second": 2, "2nd": 2},
    "pos": {"end of": "end", "the end of": "end", "late": "end", "early": "start",
            "beginning of": "start", "the beginning of": "start", "start of": "start",
            "the start of": "start", "mid": "mid", "middle of": "mid", "the middle of": "mid"},
    "rel": {"this": 0, "this coming": 0, "next": 1, "the next": 1, "following": 1,
            "the following": 1, "last": -1},
    "near": {"this": 0, "coming": 0, "this coming": 0},
    "wnext": {"next": 1},
    "wd": {day: i for i, day in enumerate(_DAYS)}
    | {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "thur": 3, "thurs": 3, "fri": 4},
    "part": {"morning": "morning", "afternoon": "afternoon", "evening": "evening",
             "night": "night", "noon": "noon", "midday": "noon"},
    "rd": {"today": 0, "tomorrow": 1, "tmr": 1, "tmrw": 1, "yesterday": -1,
           "day after tomorrow": 2, "the day after tomorrow": 2},
    "unit": {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
             "months": "month", "year": "year", "years": "year", "hour": "hour",
             "hours": "hour", "hr": "hour", "hrs": "hour", "minute": "minute",
             "minutes": "minute", "min": "minute", "mins": "minute"},
    "ampm": {"am": "am", "a.m.": "am", "pm": "pm", "p.m.": "pm"},
}
_POS = r"(?:{pos}[\s-]+)"
_Y = r"(?:,? {y})"
_TH = r"(?:st|nd|rd|th)?"

RULES = (
    Rule("date", r"{mname:month} {d}" + _TH + _Y + "?"),
    Rule("date", r"(?:the )?{d}" + _TH + r" (?:of )?{mname:month}" + _Y + "?"),
    Rule("date", r"the {d}(?:st|nd|rd|th)"),
    Rule("month", _POS + r"?{fullmonth:month}" + _Y + "?"),
    Rule("month", _POS + r"may" + _Y + "?", fixed={"month": "5"}),
    Rule("month", r"may {y}", fixed={"month": "5"}),
    Rule("month", r"{mname:month}\.? {y}"),
    Rule("month_rel", _POS + r"?{rel} month"),
    Rule("month_rel", r"{pos}[\s-]+(?:the )?month|eom", fixed={"rel": "implicit"}),
    Rule("quarter", r"(?:the )?{q} quarter(?:(?: of|,)? {y})?"),
    Rule("quarter_rel", _POS + r"?{rel} quarter"),
    Rule("quarter_rel", r"{pos}[\s-]+(?:the )?quarter|eoq", fixed={"rel": "implicit"}),
    Rule("half", r"(?:the )?{half} half(?: of the year|(?: of|,)? {y})?"),
    Rule("year", r"(?:{pos}[\s-]+|in )(?:the year )?{y}"),
    Rule("year_rel", _POS + r"?{rel} year"),
    Rule("year_rel", r"{pos}[\s-]+(?:the )?year|eoy", fixed={"rel": "implicit"}),
    Rule("week_rel", _POS + r"?{rel} week"),
    Rule("week_rel", r"{pos}[\s-]+(?:the )?week|eow", fixed={"rel": "implicit"}),
    Rule("week_rel", r"(?:the |this )?weekend", fixed={"rel": "implicit"}),
    Rule("weekday", r"(?:{near} )?{wd}(?: {rel} week)?"),
    Rule("weekday", r"{wnext:rel} {wd}"),
    Rule("relday", r"{rd}"),
    Rule("relday", r"tonight", fixed={"rd": "today", "part": "evening"}),
    Rule("relday", r"this {part}", fixed={"rd": "today"}),
    Rule("relday", r"(?:end of (?:the )?day|eod|cob|eob|close of business)(?: today)?",
         fixed={"rd": "today"}),
    Rule("span", r"(?:in|within|after) {n} {unit}"),
    Rule("span", r"{n} {unit} from (?:now|today)"),
    Rule("span", r"(?:in|within) a fortnight", fixed={"n": "2", "unit": "weeks"}),
    Rule("time", r"{h}(?::{mi})? ?{ampm}(?!\w)"),
    Rule("time", r"noon|midday", fixed={"h": "12"}),
    Rule("part", r"(?:in the )?{part}"),
)

LANGUAGE = Language(
    code="en",
    words=WORDS,
    rules=RULES,
    fillers=("by", "before", "due", "due by", "due on", "due date", "deadline", "on", "at",
             "until", "till", "no later than", "not later than", "latest", "latest by", "in",
             "within", "on or before", "ddl", "deadline is", "due date is"),
    connectors=("at", "on", "by", "before", "the"),
)
