"""Vietnamese: word tables and patterns. Accented words also match unaccented text."""

from __future__ import annotations

from collections.abc import Mapping

from ._lang_common import DOTTED_TIME, NOT_IN_DECIMAL
from ._rules import Language, Rule, Value, word_list

_NUMBERS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
}

WORDS: dict[str, Mapping[str, Value]] = {
    "month": {k: v for k, v in _NUMBERS.items() if k != "bốn"},
    # Lunar months by name (see _handlers_lunar): tháng Giêng is the first, not January.
    "lmonth": {"giêng": 1, "chạp": 12},
    "n": _NUMBERS,
    "q": {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5},
    "pos": {"cuối": "end", "hết": "end", "trong": "end", "đầu": "start", "giữa": "mid"},
    "half": {"đầu": 1, "cuối": 2},
    "qm": {"đầu": 0, "giữa": 1, "cuối": 2},  # "tháng cuối quý": the quarter's third month
    # Periods inside a month: "nửa đầu tháng 1" ends on the 15th, "tuần đầu tháng 1" on the 7th.
    "mpos": {
        "nửa đầu": "half1",
        "nửa cuối": "end",
        "nửa sau": "end",
        "tuần đầu": "week1",
        "tuần đầu tiên": "week1",
        "tuần thứ nhất": "week1",
        "tuần cuối": "end",
        "tuần cuối cùng": "end",
    },
    # "thứ 6 tuần cuối tháng 12": a weekday in a month's first or last week (_weekday_in_month).
    "mweek": {
        "tuần đầu": "start",
        "tuần đầu tiên": "start",
        "tuần thứ nhất": "start",
        "tuần cuối": "end",
        "tuần cuối cùng": "end",
    },
    "rel": {
        "này": 0,
        "nay": 0,
        "sau": 1,
        "tới": 1,
        "kế tiếp": 1,
        "tiếp theo": 1,
        "sau nữa": 2,
        "trước": -1,
    },
    "near": {"này": 0, "tới": 0},
    "wd": {
        "thứ 2": 0,
        "thứ hai": 0,
        "thứ 3": 1,
        "thứ ba": 1,
        "thứ 4": 2,
        "thứ tư": 2,
        "thứ 5": 3,
        "thứ năm": 3,
        "thứ 6": 4,
        "thứ sáu": 4,
        "thứ 7": 5,
        "thứ bảy": 5,
        "chủ nhật": 6,
        "cn": 6,
        "t2": 0,
        "t3": 1,
        "t4": 2,
        "t5": 3,
        "t6": 4,
        "t7": 5,
    },
    "part": {
        "sáng": "morning",
        "trưa": "noon",
        "chiều": "afternoon",
        "tối": "evening",
        "đêm": "night",
    },
    "rdh": {"nay": 0, "qua": -1, "kia": -2},  # after "hôm": "hôm kia" is two days AGO
    "rdn": {"mai": 1, "kia": 2, "mốt": 2},  # after "ngày": "ngày kia" is two days ahead
    "rdp": {"nay": 0, "mai": 1, "mốt": 2},  # after a part of day: "sáng mai", "tối nay"
    "unit": {
        "ngày làm việc": "workday",
        "ngày": "day",
        "hôm": "day",
        "tuần": "week",
        "tháng": "month",
        "năm": "year",
        "tiếng": "hour",
        "giờ": "hour",
        "phút": "minute",
    },
    "halfhour": {"rưỡi": 30},
}

# "lần thứ 2", "đợt thứ ba", "khóa thứ năm" are ordinals, not weekdays.
_ORDINAL_NOUNS = frozenset(
    word_list("lan|dot|ky|khoa|hang|phan|dieu|buoc|nguoi|giai|vi|tang|lop|muc|chuong|bai|the|tuan")
)
# "KH&CN" is science.
_NOT_WEEKDAY_AFTER = _ORDINAL_NOUNS | {"kh"}
# "số" ends many titles ("chuyển đổi số thứ 6": Friday), but "so thu tu" is "số thứ tự" (a
# sequence number) typed without diacritics: a bare weekday after it is confirmed.
_DOUBTFUL_WEEKDAY_AFTER = frozenset({"so"})
# Not even with a week: "Hội nghị lần thứ 3 tuần sau" is the third conference, next week.
_WEEKDAY_IN_WEEK = r"{wd}(?![/.\-]\d) tuần {rel}"
# "thứ 6 tuần sau" is never "6 tuần sau" (six weeks on), even where it is no weekday; "ngày 10
# tháng tới", "mùng 5 tháng sau" are a day of next month, never "10 months on"; "Đại hội khóa 3
# tuần sau", "lần 2 tháng sau" a number, next week or month.
_NUMBERED = frozenset(word_list("khoa|lan|dot|muc|chuong|dieu|bai|phan"))
_NOT_SPAN_AFTER = frozenset({"thu", "ngay", "mung", "mong"}) | _NUMBERED
# "công văn số 5 tháng sau" is likely number 5, next month, but "chuyển đổi số 3 tháng tới"
# (digital transformation, in three months) is common too: a span after "số" is confirmed.
_DOUBTFUL_SPAN_AFTER = frozenset({"so"})
# Nor does a span start inside a numeric date or a decimal: "20/1 năm sau" is not "1 năm sau",
# "2,5 ngày nữa" is not "5 ngày nữa".
_SPAN_START = r"(?<!\d[/.,\-])"
# A count may be a decimal, "2.5" or, as Vietnamese write it, "2,5" (see _handlers_time._span).
_FRACTION = r"(?:[.,](?P<frac>\d{1,2}))?"
# "trong 2-3 ngày tới": a range of spans is due at its longest, as "15-16/8" is on the 16th.
_COUNT = r"(?:\d{1,3}(?:[.,]\d{1,2})? ?[\-–] ?)?{n}" + _FRACTION
_NOT_YEAR_AFTER = frozenset({"viet", "mien", "phuong"})
# "từ đầu năm", "từ tháng 7": since then, not by then.
_SINCE = frozenset({"tu"})
_FROM_NOW = r"(?: (?:kể )?từ (?:hôm nay|bây giờ|nay|ngày hôm nay))?"
# "ngày 5/8", "mùng 5/8", "ngày mồng 5 tháng 8"
_DAY = r"(?P<pre>ngày (?:mùng |mồng )?|mùng |mồng )"
# "ngày 5/8 tới", "15/8 sắp tới", "ngày 20 này": the coming one, which rule 3 finds anyway
# (not "gửi 15/8 tới anh Nam", where "tới" means "to").
_COMING = r"(?: (?:(?:sắp )?tới|này)(?! (?!lúc|vào|sáng|trưa|chiều|tối|đêm)[^\W\d_]))?"
# Kinship words before a name: "anh Năm", "chị Sáu", "chị Mai" are people, not dates.
_KIN = frozenset({"anh", "chi", "em", "co", "chu", "bac", "ong", "ba", "di", "thay", "ban"})
# "anh Năm trước thứ 4": before another date "trước" is the filler "by", not "last".
_REL = (
    r"{rel}(?!(?<=trước) (?:\d|thứ|chủ nhật|cn|t[2-7]|ngày|mùng|mồng|hôm|sáng|trưa|chiều|tối"
    r"|đêm|cuối|đầu|giữa|hết|tuần|tháng|quý|năm|mai))"
)
# "báo cáo 6 tháng đầu năm trước thứ 6": there too "năm trước" is no "last year".
_YREL = _REL.replace("{rel}", "{rel:yrel}")
_YEAR = r"(?:(?: năm |[/\-]| ){y}| năm " + _YREL + r"| này)"
_OF_QUARTER = r"(?: " + _REL + ")?"  # "tháng đầu quý sau"
# "thứ 6 tuần cuối tháng 12": a weekday in a month's first or last week. Part of the weekday rule,
# not a rule of its own: a rule holding "tháng" would run on most texts (see CompiledRule).
_IN_MONTH_WEEK = (
    r",? {mweek:pos} (?:của )?tháng (?:"
    + _REL.replace("{rel}", "{rel:mrel}")
    + "|{month}"
    + _YEAR
    + "?)"
)
# Fillers (rule 8) after which "N tháng sau/tới" may name a day: "hạn 20 tháng sau". Not
# "trong" ("trong 20 tháng tới" is a span) nor "không quá" (no more than).
_DAY_FILLERS = word_list(
    "trước|trc|hạn|hạn chót|hạn cuối|hạn nộp|chậm nhất|muộn nhất|trễ nhất|vào|vào lúc|lúc|đến"
    "|cho đến|thời hạn|deadline|ddl"
)


def _after(words: tuple[str, ...]) -> str:
    """A look-behind for any of ``words`` and a space."""
    return "(?:" + "|".join(r"(?<=(?<!\w)" + w.replace(" ", r"\s") + r"\s)" for w in words) + ")"


_AFTER_DAY_FILLER = _after(_DAY_FILLERS)

# A bare "mai" is tomorrow where a name ("chị Mai", "gửi cho Mai", "nhờ mai") or the Tết apricot
# flower ("hoa mai", "đào mai") is unlikely: typed in lower case, and right after a deadline word
# ("hạn mai", "trước mai"), or, asked, at the very end of the text ("nộp mai", "gửi báo cáo mai
# nhé": a name ends a text as well) or after "tới"/"đến", which also mean "to" ("hoãn tới mai",
# "gửi báo cáo tới mai"). So "mai mối" (matchmaking) or "mai kia" stay words. At the end, never
# after a comma ("mua hoa đào, mai": a list), a kinship word, a word that takes a person ("gặp
# mai", "gửi cho mai", "anh Tuấn và mai", "nhờ mai", "phân công mai": likelier the name Mai than
# tomorrow), a name's first part ("Thị Mai", "Ngọc Mai", "Bạch Mai") typed in lower case, or a
# part of the flower ("hoa mai", "đào mai").
_UNTIL = word_list("tới|đến|cho tới|cho đến")
_TEXT_END = r"(?<![,;]\s)(?<![,;])mai(?=[\s,]*(?:(?:nhé|nha|nhá|ạ)\s*)?[.!?]*\s*$)"
_TAKES_PERSON = frozenset(
    word_list("cho|voi|va|gap|goi|hoi|nhan|nhac|bao|moi|cung|giup|tang|nho|giao|cong|phan")
)
_NAME_PARTS = frozenset(word_list("thi|van|ngoc|thanh|tuyet|xuan|phuong|hoang|truc|bach|kim"))
_FLOWER = frozenset(word_list("hoa|cay|canh|chau|goc|nu|vuon|dao"))
_NOT_MAI_AFTER = _KIN | _TAKES_PERSON | _NAME_PARTS | _FLOWER

# Tết Nguyên Đán, not another "tết": Trung thu, Đoan ngọ..., nor "Tết Dương lịch" (1 January).
_NOT_OTHER_TET = (
    r"(?! (?:trung thu|đoan ngọ|hàn thực|thanh minh|ông công|ông táo|táo quân|nguyên tiêu"
    r"|thượng nguyên|hạ nguyên|trùng cửu|thiếu nhi|độc lập|dương lịch|tây)(?!\w))"
)
_TET = r"tết" + _NOT_OTHER_TET + r"(?: nguyên đán| âm lịch| cổ truyền)?"
# "15/7 âm lịch", "15/7 (âm lịch)", "15/7 AL"
_LUNAR = r" (?:âm lịch|âm|\(âm lịch\)|al)"
# The words one of which each lunar rule's match holds (Rule.needs).
_LUNAR_WORDS = ("âm", "al")  # _LUNAR's
_TET_WORD, _FULL_MOON, _LUNAR_MONTHS = ("tết",), ("rằm",), tuple(WORDS["lmonth"])
_LUNAR_YEAR = r"(?: năm {y})?"
_LUNAR_MAYBE = "(?:" + _LUNAR + ")?" + _LUNAR_YEAR  # "rằm tháng 7" is lunar anyway
# "rằm": the full moon, a lunar 15th. "RAM" (memory) is none: "ram" only in lower case.
_FULL = {"d": "15"}
_FULL_TYPED = r"[Rr](?:ằ|a)m(?!\w)"

# Bare "Ng" (no minutes) is a time only in a few places, each guarding against "3G"/"4G"/"5G"
# (networks) and "50g" (a weight): never an upper-case "G" (_G_TYPED); announced by a word that
# says "at"/"by" (not "vào" nor "từ": "đầu tư vào 5G", "chuyển từ 3G"); or, with an hour that is no
# network generation (_G_HOUR), right before a date or a part of day.
_G_ANNOUNCED = r"(?:(?<=lúc\s)|(?<=trước\s)|(?<=đến\s)|(?<=hạn\s))"
_G_HOUR = r"(?P<h>1\d|2[0-4]|0?[016-9])"
_G_TYPED = r"\d{1,2}g(?!\w)"
# The part of day as typed, checked on the accented text (rule 9): unaccented "sang" is "to"
# ("chuyển 3G sang 4G"), so it is "sáng" only in "sang mai"/"sang nay" (typed without accents).
_G_PART_TYPED = (
    _G_TYPED + r"\s+(?i:sáng|sang\s+(?:mai|nay|mot)(?!\w)|trưa|trua|chiều|chieu|tối|toi|đêm|dem)"
    r"(?!\w)"
)
_G_DATE = r"(?= (?:ngày|mùng|mồng|hôm|mai|thứ|chủ nhật|cn|t[2-7])(?!\w)| \d{1,2}/\d)"
# "9h 30p", and "9h 30" at the end of a clause or before a part of day or a day: not "9h 20/12"
# nor "9h 20 tháng 12", where the number is the day.
_SPACED_MINUTES = (
    r" (?P<mis>[0-5]\d)(?: ?(?:p|ph|phút)|(?= ?(?:$|[,;.!?)]|(?:sáng|trưa|chiều|tối|đêm|hôm|mai"
    r"|nay|thứ|chủ nhật|cn|t[2-7])(?!\w)|ngày(?! (?:tới|nữa|sau|làm)))))"
)
# "9h kém 15", "9 giờ kém 15 phút": a quarter to nine (see _handlers_time._time). "15p" only
# after "9h": a rule whose digits may touch a word runs on every text (see CompiledRule).
_TO = r" kém (?P<less>\d{1,2})(?: phút)?"
_TO_SHORT = r" kém (?P<less>\d{1,2})(?: ?(?:p|ph|phút))?"
# An hour typed bare, without "giờ"/"h": after "lúc", before the end of the text or a day ("họp lúc
# 4 chiều thứ 6"); at the very end, only right beside a day or a part of day ("sáng mai 9"; see
# _combine._held): elsewhere a number is the title's ("họp tổ 2 sáng mai", "gửi 3 bản").
_BARE_HOUR = r"(?<![\w/.,:\-])(?=(?:0?[1-9]|1\d|2[0-3])(?!\d)){h}(?![\d/.,:\-]?\d)"
_HOUR_END = r"(?=\s*(?:[,;.!?)]|(?:nhé|nha|nhá|ạ)(?!\w)|$))"
_HOUR_BEFORE_DAY = (
    r"(?= (?:sáng|trưa|chiều|tối|đêm|hôm|mai|nay|thứ|chủ nhật|cn|t[2-7]|ngày|mùng|mồng)(?!\w)"
    r"| \d{1,2}/\d)"
)
# "sang tuần (sau)": next week; "sang tuần sau nữa" is "tuần sau nữa", with "sang" in the title.
_SANG_TUAN = r"sang tuần(?: sau| tới)?(?! nữa)(?! (?:sau|tới|này|nay)(?!\w))"
_HALF = (
    r"(?:(?:trong(?: vòng)?|sau) )?nửa {unit} (?:nữa|tới)"
    r"|(?:trong(?: vòng)?|sau) nửa {unit}(?! (?:đầu|cuối|sau|nữa|tới)(?!\w))"
)
# "5/8/2023", "20/1 năm sau", "20/1 năm nay"
_NUM_YEAR = r"(?:/{yy}| năm {y}| năm " + _YREL + r")?(?![/.\-]?\d)"

RULES = (
    # Tết and lunar dates: see _handlers_lunar. Each needs its own word (Rule.needs): with a
    # digit or "tháng" alone, every deadline with a date ran their regexes.
    Rule("tet", _TET + r"(?: (?:năm )?{y})?", fixed={"tentative": "1"}, needs=_TET_WORD),
    Rule(
        "tet",
        r"(?:sau|ra|qua) " + _TET + r"(?: (?:năm )?{y})?",
        fixed={"what": "after"},
        needs=_TET_WORD,
    ),
    Rule(
        "lunar_day", r"(?:(?:mùng|mồng|ngày) )?{d} (?P<tet>tết)" + _NOT_OTHER_TET, needs=_TET_WORD
    ),
    Rule(
        "lunar_day",
        r"rằm tháng {lmonth:month}" + _LUNAR_YEAR,
        fixed=_FULL,
        typed=_FULL_TYPED,
        needs=_FULL_MOON,
    ),
    Rule(
        "lunar_day",
        r"rằm tháng {month}" + _LUNAR_MAYBE,
        fixed=_FULL,
        typed=_FULL_TYPED,
        needs=_FULL_MOON,
    ),
    Rule(
        "lunar_day", r"rằm", fixed={**_FULL, "tentative": "1"}, typed=_FULL_TYPED, needs=_FULL_MOON
    ),
    Rule("lunar_day", _DAY + r"?{d} tháng {lmonth:month}" + _LUNAR_YEAR, needs=_LUNAR_MONTHS),
    Rule(
        "lunar_day",
        _DAY + r"?{d}(?: tháng |/){month}(?:(?: năm |/){y})?" + _LUNAR,
        needs=_LUNAR_WORDS,
    ),
    Rule(
        "lunar_month",
        r"(?:{pos} )?tháng {lmonth:month}" + _LUNAR_YEAR,
        not_after=_SINCE,
        needs=_LUNAR_MONTHS,
    ),
    Rule(
        "lunar_month",
        r"(?:{pos} )?tháng {month}" + _LUNAR + _LUNAR_YEAR,
        not_after=_SINCE,
        needs=_LUNAR_WORDS,
    ),
    Rule("new_year", r"tết (?:dương lịch|tây)(?: {y})?", fixed={"tentative": "1"}),
    Rule(
        "christmas",
        r"(?:lễ )?(?:noel|giáng sinh)(?: (?:năm )?{y})?",
        fixed={"tentative": "1"},
        not_after=frozenset({"dem"}),  # "đêm Noel" is Christmas Eve: not read
        needs=("noel", "giáng sinh"),
    ),
    # "ngày 20 tháng sau", "mùng 5 tháng tới", "ngày 20 tháng này": a day of a month counted from
    # this one. Before the next rule, which would read unaccented "sau" as June ("sáu").
    # "ngày 20-25 tháng sau" is due on the 25th, as "15-16/8" is on the 16th.
    Rule("date_rel", _DAY + r"(?:{d:first}[\-–])?{d} tháng " + _REL),
    # After a word that announces a deadline, "20 tháng sau" may be a day without "ngày"; see
    # _date_rel for which reading wins ("hạn 20 tháng sau" is the 20th, "trước 6 tháng tới" asks).
    Rule("date_rel", _AFTER_DAY_FILLER + r"{d} tháng " + _REL),
    # Without either, "nộp 20 tháng sau" is read the same way but always confirmed (it may be
    # twenty months on); see _date_rel.
    Rule(
        "date_rel",
        _SPAN_START + r"{d} tháng " + _REL,
        fixed={"bare": "1"},
        not_after=_NOT_SPAN_AFTER,
        doubtful_after=_DOUBTFUL_SPAN_AFTER,
    ),
    # Not "thứ 6 tháng 7", a weekday beside a month (see _combine._weekday_in_month).
    Rule(
        "date",
        _DAY + r"?{d} tháng {month}" + _YEAR + "?" + _COMING,
        not_after=frozenset({"thu"}),
    ),
    Rule("date", _DAY + r"{d}/{mo}" + _NUM_YEAR + _COMING),
    Rule("date", r"(?<![\d/.\-]){d}/{mo}" + _NUM_YEAR + _COMING[:-1]),
    Rule("date", r"(?<![\d/.\-]){d}/{mo} năm (?:{y}|" + _YREL + r")(?![/.\-]?\d)"),
    Rule("date", _DAY + r"{d}(?![/.\-]?\d)(?! tháng| lần)" + _COMING),
    Rule("date", _DAY + r"{d:first}[\-–]{d}/{mo}(?:/{yy})?(?![/.\-]?\d)"),
    Rule("month", r"t{month}/{y}"),  # "T7/2022", the short form of "tháng 7/2022"
    # Before "month": unaccented "thang sau" reads as next month, not June ("tháng sáu").
    Rule("month_rel", r"(?:{pos} )?tháng " + _REL, not_after=_SINCE),
    Rule("month_rel", r"{pos} tháng", fixed={"rel": "implicit"}, not_after=_SINCE),
    Rule("month_rel", r"{mpos:pos} (?:của )?tháng " + _REL, not_after=_SINCE),
    Rule("month_rel", r"{mpos:pos} tháng", fixed={"rel": "implicit"}, not_after=_SINCE),
    Rule("month", r"{mpos:pos} (?:của )?tháng {month}" + _YEAR + "?", not_after=_SINCE),
    Rule(
        "month",
        r"(?:{pos} )?tháng {month}" + _YEAR + "?",
        not_after=frozenset({"moi", "hang", "luong", "thuong", "tu"}),
    ),
    # "ngày 20 tháng cuối quý": the 20th of the quarter's last month; "tháng đầu quý sau".
    Rule(
        "quarter_month",
        r"(?:" + _DAY + r"?{d} )?tháng {qm} (?:của )?(?:quý|quí)" + _OF_QUARTER,
        needs=("quý", "quí"),
    ),
    Rule("quarter", r"(?:{pos} )?(?:quý|quí) {q}" + _YEAR + "?", not_after=_SINCE),
    Rule("quarter_rel", r"(?:{pos} )?(?:quý|quí) " + _REL, not_after=_SINCE),
    Rule("quarter_rel", r"{pos} (?:quý|quí)", fixed={"rel": "implicit"}, not_after=_SINCE),
    # Not "thứ 6 tháng 1 năm sau", a weekday beside a month.
    Rule(
        "half",
        r"(?:6|sáu) tháng {half} năm(?: {y}| " + _YREL + ")?",
        not_after=frozenset({"thu"}),
    ),
    Rule("half", r"nửa {half} năm(?: {y}| " + _YREL + ")?"),
    # A bare "năm 2027" is a deadline only after a deadline word or alone: "kế hoạch năm 2027",
    # "chuẩn bị Đại hội năm 2027" are titles (see Piece.tentative).
    Rule("year", r"{pos} năm {y}", not_after=_NOT_YEAR_AFTER),
    Rule("year", r"năm {y}", fixed={"tentative": "1"}, not_after=_NOT_YEAR_AFTER),
    Rule("year_rel", r"(?:{pos} )?năm " + _REL, not_after=_SINCE),
    Rule("year_rel", r"{pos} năm", fixed={"rel": "implicit"}, not_after=_SINCE),
    Rule("week_rel", r"(?:{pos} )?tuần " + _REL, not_after=_SINCE),
    Rule("week_rel", r"{pos} tuần", fixed={"rel": "implicit"}, not_after=_SINCE),
    # "sang tuần", "sang tuần sau": next week, as "tuần sau" (not "sang tuần sau nữa").
    Rule("week_rel", _SANG_TUAN, fixed={"rel": "1"}),
    Rule("weekday", _SANG_TUAN + r",? (?:vào )?{wd}(?![/.\-]\d)", fixed={"rel": "1"}),
    # Not "T7/2022" (July) nor "thứ 2/3".
    # Before the bare weekday, so that "số thứ 6 tuần sau" is sure and "số thứ 6" is confirmed.
    Rule("weekday", _WEEKDAY_IN_WEEK, not_after=_NOT_WEEKDAY_AFTER),
    Rule(
        "weekday",
        r"{wd}(?![/.\-]\d)(?: tuần {rel}| {near}|" + _IN_MONTH_WEEK + ")?",
        not_after=_NOT_WEEKDAY_AFTER,
        doubtful_after=_DOUBTFUL_WEEKDAY_AFTER,
    ),
    Rule("weekday", r"tuần {rel},? (?:vào )?{wd}(?![/.\-]\d)"),  # "tuần sau thứ 6"
    # Midnight ends the day, like "12 giờ đêm"; "nửa đêm nay" is that and "nay", not "đêm nay".
    Rule("time", r"nửa đêm", fixed={"h": "24"}),
    Rule("relday", r"(?<=nửa\sđêm\s){rdp:rd}"),
    Rule("relday", r"hôm {rdh:rd}"),
    Rule("relday", r"ngày {rdn:rd}"),
    Rule("relday", r"{part} {rdp:rd}"),
    # "mai" alone is a name too ("chị Mai"): tomorrow right beside a clock time, "9h mai", ...
    Rule(
        "relday",
        r"(?:(?<=\d[hg]\s)|(?<=\d\d\s)|(?<=giờ\s))mai|mai(?= (?:lúc )?\d{1,2} ?(?:h|g|giờ|:))",
        fixed={"rd": "1"},
        not_after=_KIN,
    ),
    # ... or after a deadline word ("hạn mai nộp"), or at the very end of the text, asked ("nộp
    # mai"); see _TEXT_END and _NOT_MAI_AFTER.
    Rule(
        "relday",
        _after(tuple(w for w in _DAY_FILLERS if w not in _UNTIL)) + "mai",
        fixed={"rd": "1"},
        typed="mai",
    ),
    Rule("relday", _after(_UNTIL) + "mai", fixed={"rd": "1", "doubt": "1"}, typed="mai"),
    # "mai" as the whole text ("/han 3 mai") is tomorrow, not asked.
    Rule("relday", "^ ?" + _TEXT_END, fixed={"rd": "1"}, typed=r"\s*mai"),
    Rule(
        "relday",
        _TEXT_END,
        fixed={"rd": "1", "doubt": "1"},
        not_after=_NOT_MAI_AFTER,
        typed="mai",
    ),
    Rule("eod", r"(?:cuối|hết) ngày(?: hôm nay)?(?!\s*\w)"),
    Rule(
        "span",
        _SPAN_START
        + r"(?:trong(?: vòng)? |sau )?"
        + _COUNT
        + r" {unit} (?P<dir>tới|nữa|sau)"
        + _FROM_NOW,
        not_after=_NOT_SPAN_AFTER,
        doubtful_after=_DOUBTFUL_SPAN_AFTER,
    ),
    Rule("span", r"(?:trong(?: vòng)?|sau) " + _COUNT + r" {unit}" + _FROM_NOW),
    Rule(
        "span",
        _SPAN_START + r"(?:trong(?: vòng)? )?{n}" + _FRACTION + r"h (?P<dir>tới|nữa)",
        fixed={"unit": "giờ"},
        not_after=_NOT_SPAN_AFTER,
    ),
    Rule("span", r"trong(?: vòng)? {n}" + _FRACTION + "h", fixed={"unit": "giờ"}),
    Rule("span", r"(?:trong )?nửa tiếng(?: nữa| tới)?", fixed={"n": "30", "unit": "phút"}),
    # "nửa tháng nữa", "trong nửa tháng": 15 days; "nửa năm nữa": 6 months (rule 6). Not "nghỉ
    # nửa tháng" (a length), nor "trong nửa tháng đầu" (the first half of a month).
    Rule("span", _HALF.format(unit="tháng"), fixed={"n": "15", "unit": "ngày"}),
    Rule("span", _HALF.format(unit="năm"), fixed={"n": "6", "unit": "tháng"}),
    # "lúc 15.30": after "lúc" a dotted number is a clock time, even "lúc 15.12" (a date is
    # "ngày 15.12"); without it, see DOTTED_TIME.
    Rule("time", r"(?<=lúc\s)" + DOTTED_TIME, fixed={"dotted": "1"}),
    Rule(
        "time",
        NOT_IN_DECIMAL + r"{h}h(?:{mi}(?:p|ph|')?|" + _SPACED_MINUTES + "|" + _TO_SHORT + ")?",
    ),
    Rule("time", NOT_IN_DECIMAL + r"{h}g{mi}"),
    # "15g" alone is 15:00, but "4G", "5G" are networks and "50g" a weight: only announced
    # ("lúc 15g", "trước 8g"), or right before a part of day or a date ("15g ngày 18/12").
    # See _G_ANNOUNCED.
    Rule("time", _G_ANNOUNCED + r"{h}g", typed=_G_TYPED),
    Rule("time", NOT_IN_DECIMAL + _G_HOUR + r"g(?= {part})", typed=_G_PART_TYPED),
    Rule("time", NOT_IN_DECIMAL + _G_HOUR + "g" + _G_DATE, typed=_G_TYPED),
    Rule("time", NOT_IN_DECIMAL + r"{h} giờ(?: {mi}(?: phút)?| {halfhour:hh}|" + _TO + ")?"),
    Rule("time", NOT_IN_DECIMAL + r"{h}h? {halfhour:hh}"),  # "9 rưỡi", "9h rưỡi": half past
    Rule("time", r"(?<=lúc\s)" + _BARE_HOUR + "(?:" + _HOUR_END + "|" + _HOUR_BEFORE_DAY + ")"),
    Rule("time", _BARE_HOUR + _HOUR_END, fixed={"tentative": "1", "bare": "1"}),
    Rule("part", r"{part}"),
)

LANGUAGE = Language(
    code="vi",
    words=WORDS,
    rules=RULES,
    # "trc" and "tr" are "trước" as typed on a phone; "tr" is also "triệu", "trang": see below.
    fillers=word_list(
        "trước|trc|tr|hạn|hạn chót|hạn cuối|hạn nộp|chậm nhất|muộn nhất|trễ nhất|không quá"
        "|không muộn hơn|không trễ hơn|lúc|vào|vào lúc|là|ngày|trong|hết|đến|đến hết|cho đến"
        "|tới|cho tới|cuối giờ"
        "|deadline|ddl|thời hạn|thời gian|thời hạn hoàn thành|thời gian hoàn thành"
    ),
    # "đạt là 2.5", "trong 2.5", "tăng lên tới 1.5": no date without another filler; nor
    # "xem tr 4.1" (page 4.1): "tr 15/1" is before 15 January, "tr 15.1" a number.
    weak_fillers=word_list("là|trong|tới|cho tới|không quá|thời gian|tr"),
    clock_fillers=word_list("lúc|vào lúc"),
    connectors=("lúc", "vào", "vào lúc", "trước", "ngày"),
    date_breaks=("trước",),
    # Not "hết hạn" (expired): "nộp hồ sơ, hết hạn ngày 20/12" announces the deadline.
    title_phrases=word_list(
        "quá hạn|gia hạn|đúng hạn|trễ hạn|kỳ hạn|kì hạn|đáo hạn|giới hạn"
        "|hàng ngày|hằng ngày|mỗi ngày|cả ngày|từng ngày"
    ),
    units=word_list("tr"),
    # "gửi kế hoạch cho trước 20/12", "báo cáo dự kiến 20/12": "cho" (for, to) and "để" (so as
    # to) need what follows, "dự kiến" (expected) and "khoảng" (about) announce the date, and so
    # does "dịp" (on the occasion of: "tặng quà nhân dịp 20/11").
    dangling=word_list("cho|để|dự kiến|khoảng|vào khoảng|dịp|nhân dịp|dịp lễ|nhân dịp lễ"),
)
