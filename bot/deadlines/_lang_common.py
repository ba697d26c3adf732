"""Forms that read the same in every language: numeric and ISO dates, 17:00, Q3, H2."""

from __future__ import annotations

from ._rules import Language, Rule

# A numeric date must not touch other digits or separators: "1/2/3/4", "15/2022/NĐ-CP".
_NUM_START = r"(?<![\d/.\-])"
_NUM_END = r"(?![/.\-]?\d)"
# "15.7" is 15 July as Vietnamese write it, but also an amount ("2.5 triệu", "by 1.5 hours") or a
# version ("1.2"): like "30-7" it is a date only after "trước", "by"..., and never before a unit.
_NOT_AMOUNT = (
    r"(?! ?(?:%|triệu|tr|tỷ|tỉ|nghìn|ngàn|k|đ|đồng|vnđ|vnd|usd|\$|lần|giờ|tiếng|phút|ngày|tuần"
    r"|tháng|năm(?! (?:19|20|21)\d\d)|km|m|kg|ha|điểm|người|x|million|billion|percent|times"
    r"|hours?|days?|weeks?|months?|years?)(?!\w))"
)

RULES = (
    Rule("iso", _NUM_START + r"{y}-{mo}-{d}" + _NUM_END),
    Rule("date", _NUM_START + r"{d}/{mo}(?:/{yy})?" + _NUM_END),
    # "30-7" reads as a date only after "trước", "by"...: bare, it may be a score or a range.
    Rule("date", _NUM_START + r"{d}-{mo}" + _NUM_END, fixed={"tentative": "1"}),
    Rule(
        "date",
        _NUM_START + r"{d}\.{mo}" + _NUM_END + _NOT_AMOUNT,
        fixed={"tentative": "1", "dotted": "1"},
    ),
    # "15-16/8": a range of days is due on its last day.
    Rule("date", _NUM_START + r"{d:first}[\-–]{d}/{mo}(?:/{yy})?" + _NUM_END),
    Rule("date", _NUM_START + r"{d}(?P<sep>[.\-]){mo}(?P=sep){yy}" + _NUM_END),
    Rule("time", r"{h}:{mi}"),
    Rule("quarter", r"q{q}(?:/{yy}| {y})?"),  # "Q3/2022", "Q3/22", "Q3 2022"
    Rule("half", r"h{half}(?:/{yy}| {y})?"),
)

LANGUAGE = Language(code="*", words={}, rules=RULES)
