"""Forms that read the same in every language: numeric and ISO dates, 17:00, Q3, H2."""

from __future__ import annotations

from ._rules import Language, Rule

# A numeric date must not touch other digits or separators: "1/2/3/4", "15/2022/NĐ-CP".
_NUM_START = r"(?<![\d/.\-])"
_NUM_END = r"(?![/.\-]?\d)"
# "15.7" is 15 July as Vietnamese write it, but also an amount ("2.5 triệu", "by 1.5 hours") or a
# version ("1.2"): like "30-7" it is a date only after "trước", "by"..., and never before a unit.
_UNITS = (
    r"%|triệu|tr|tỷ|tỉ|nghìn|ngàn|k|đ|đồng|vnđ|vnd|usd|\$|lần|giờ|tiếng|phút|km|m|kg|ha|điểm|người"
    r"|x|million|billion|percent|times|hours?"
)
_NOT_AMOUNT = (
    rf"(?! ?(?:{_UNITS}|ngày|tuần|tháng|năm(?! (?:19|20|21)\d\d)|days?|weeks?|months?|years?)"
    r"(?!\w))"
)
# No clock time starts inside a decimal number: "2.5 giờ", "2,5h" are lengths, not 5 o'clock.
NOT_IN_DECIMAL = r"(?<!\d[.,])"
# "H.MM" with an hour 0-23 and two digits of minutes 00-59 (see _handlers_time._time) may be a
# clock time ("15.30"); "15.7" is a date, "2.5" an amount, "1.2" a version. Spec-silent; we read:
# - after "lúc", "vào lúc", "at" (words that announce a clock time): a time, even "lúc 15.12";
# - elsewhere, what also reads as day.month ("15.12", "15.07") is left to the date rule above,
#   listed first (a date only after a deadline word);
# - otherwise a time only right beside a date or a part of day ("15.30 thứ 6", "thứ 6, 15.30",
#   "9.30 sáng mai"), and an hour before 7 only with a part of day ("3.30 chiều"): see
#   _combine._held. Alone it stays in the title ("phiên bản 2.45", "tỷ lệ 15.30").
# - before a part of day or with "h" ("hạn 8.10 sáng thứ 2", "trước 7.05 sáng mai", "trước
#   7.30h"): a time, even where it reads as day.month (rules listed before the date rule).
# Hours 1 to 6 without a part of day are asked, as "lúc 3h" is.
_DOTTED = r"(?<![\d/.,\-]){h}\.(?P<mi>\d\d)"
DOTTED_TIME = _DOTTED + r"(?![.,]?\d)" + rf"(?! ?(?:{_UNITS})(?!\w))"
_BEFORE_PART = r"(?= (?:sáng|trưa|chiều|tối|đêm|morning|afternoon|evening|night|tonight)(?!\w))"
# The part as typed: unaccented "sang" is "to" ("chuyển 2.10 sang 3.0"), "sáng" only in "sang mai".
_PART_TYPED = (
    r"\d{1,2}\.\d\d\s+(?i:sáng|sang\s+(?:mai|nay|mot)(?!\w)|trưa|trua|chiều|chieu|tối|toi"
    r"|đêm|dem|morning|afternoon|evening|night|tonight)(?!\w)"
)

RULES = (
    Rule("iso", _NUM_START + r"{y}-{mo}-{d}" + _NUM_END),
    Rule("date", _NUM_START + r"{d}/{mo}(?:/{yy})?" + _NUM_END),
    # "30-7" reads as a date only after "trước", "by"...: bare, it may be a score or a range.
    Rule("date", _NUM_START + r"{d}-{mo}" + _NUM_END, fixed={"tentative": "1"}),
    # See DOTTED_TIME: before the dotted date.
    Rule("time", DOTTED_TIME + _BEFORE_PART, fixed={"dotted": "1"}, typed=_PART_TYPED),
    Rule("time", _DOTTED + "h", fixed={"dotted": "1"}),
    Rule(
        "date",
        _NUM_START + r"{d}\.{mo}" + _NUM_END + _NOT_AMOUNT,
        fixed={"tentative": "1", "dotted": "1"},
    ),
    # "15-16/8": a range of days is due on its last day.
    Rule("date", _NUM_START + r"{d:first}[\-–]{d}/{mo}(?:/{yy})?" + _NUM_END),
    Rule("date", _NUM_START + r"{d}(?P<sep>[.\-]){mo}(?P=sep){yy}" + _NUM_END),
    # Not announced by "lúc"/"at": see DOTTED_TIME.
    Rule("time", DOTTED_TIME, fixed={"dotted": "1", "tentative": "1"}),
    Rule("time", NOT_IN_DECIMAL + r"{h}:{mi}"),
    Rule("quarter", r"q{q}(?:/{yy}| {y})?"),  # "Q3/2022", "Q3/22", "Q3 2022"
    Rule("half", r"h{half}(?:/{yy}| {y})?"),
)

LANGUAGE = Language(code="*", words={}, rules=RULES)
