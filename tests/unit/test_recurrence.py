"""Recurrence phrases, the RRULEs they mean, and the series' dates (pure: no clock, no DB)."""

# ruff: noqa: E501  # the tables of phrases and dates read best one case a line

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Catalogs
from bot.recurrence import Pattern, build_rule, describe, find_phrase, first_date, next_after

MONDAY, FRIDAY, SUNDAY = 0, 4, 6
VN = ZoneInfo("Asia/Ho_Chi_Minh")

PHRASES = [
    # English
    ("send the report every month on the 5th", "every month on the 5th", Pattern("MONTHLY", monthday=5)),
    ("send the report monthly on the 21st", "monthly on the 21st", Pattern("MONTHLY", monthday=21)),
    ("pay on the 31st of every month", "on the 31st of every month", Pattern("MONTHLY", monthday=31)),
    ("close the books every month on the last day", "every month on the last day", Pattern("MONTHLY", monthday=-1)),
    ("send the report monthly", "monthly", Pattern("MONTHLY")),
    ("send the report monthly, by the 5th", "monthly", Pattern("MONTHLY")),
    ("update the list every month", "every month", Pattern("MONTHLY")),
    ("clean the office every week", "every week", Pattern("WEEKLY")),
    ("clean the office weekly", "weekly", Pattern("WEEKLY")),
    ("board meeting every Monday", "every Monday", Pattern("WEEKLY", weekday=MONDAY)),
    ("board meeting each fri", "each fri", Pattern("WEEKLY", weekday=FRIDAY)),
    ("stand-up weekly on Fridays", "weekly on Fridays", Pattern("WEEKLY", weekday=FRIDAY)),
    ("report every quarter", "every quarter", Pattern("QUARTERLY")),
    ("report quarterly", "quarterly", Pattern("QUARTERLY")),
    ("renew the domain every year", "every year", Pattern("YEARLY")),
    ("renew the domain yearly", "yearly", Pattern("YEARLY")),
    ("renew the domain annually", "annually", Pattern("YEARLY")),
    ("back up the data every day", "every day", Pattern("DAILY")),
    ("pay every 5th of the month", "every 5th of the month", Pattern("MONTHLY", monthday=5)),
    # Vietnamese, with diacritics
    ("gửi báo cáo hằng tháng", "hằng tháng", Pattern("MONTHLY")),
    ("gửi báo cáo hàng tháng", "hàng tháng", Pattern("MONTHLY")),
    ("gửi báo cáo mỗi tháng", "mỗi tháng", Pattern("MONTHLY")),
    ("gửi báo cáo ngày 5 hằng tháng", "ngày 5 hằng tháng", Pattern("MONTHLY", monthday=5)),
    ("gửi báo cáo vào ngày 20 hàng tháng", "vào ngày 20 hàng tháng", Pattern("MONTHLY", monthday=20)),
    ("nộp quỹ mùng 10 mỗi tháng", "mùng 10 mỗi tháng", Pattern("MONTHLY", monthday=10)),
    ("nộp quỹ hằng tháng vào ngày 15", "hằng tháng vào ngày 15", Pattern("MONTHLY", monthday=15)),
    ("chốt sổ cuối mỗi tháng", "cuối mỗi tháng", Pattern("MONTHLY", monthday=-1)),
    ("họp giao ban hằng tuần", "hằng tuần", Pattern("WEEKLY")),
    ("họp giao ban thứ Hai hằng tuần", "thứ Hai hằng tuần", Pattern("WEEKLY", weekday=MONDAY)),
    ("họp giao ban thứ 6 hàng tuần", "thứ 6 hàng tuần", Pattern("WEEKLY", weekday=FRIDAY)),
    ("họp giao ban hằng tuần vào chủ nhật", "hằng tuần vào chủ nhật", Pattern("WEEKLY", weekday=SUNDAY)),
    ("họp giao ban mỗi thứ Sáu", "mỗi thứ Sáu", Pattern("WEEKLY", weekday=FRIDAY)),
    ("báo cáo hằng quý", "hằng quý", Pattern("QUARTERLY")),
    ("báo cáo mỗi quý", "mỗi quý", Pattern("QUARTERLY")),
    ("tổng kết hằng năm", "hằng năm", Pattern("YEARLY")),
    ("cập nhật số liệu hằng ngày", "hằng ngày", Pattern("DAILY")),
    ("gửi báo cáo hằng tháng trước ngày 20", "hằng tháng", Pattern("MONTHLY")),
    # Vietnamese without diacritics
    ("gui bao cao hang thang", "hang thang", Pattern("MONTHLY")),
    ("gui bao cao ngay 5 hang thang", "ngay 5 hang thang", Pattern("MONTHLY", monthday=5)),
    ("hop giao ban thu hai hang tuan", "thu hai hang tuan", Pattern("WEEKLY", weekday=MONDAY)),
    ("hop giao ban thu sau hang tuan", "thu sau hang tuan", Pattern("WEEKLY", weekday=FRIDAY)),
    ("bao cao moi quy", "moi quy", Pattern("QUARTERLY")),
    ("bao cao hang quy", "hang quy", Pattern("QUARTERLY")),
    ("tong ket hang nam", "hang nam", Pattern("YEARLY")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "said", "pattern"), PHRASES)
def test_a_recurrence_is_found_with_what_it_means(text: str, said: str, pattern: Pattern) -> None:
    found = find_phrase(text)
    assert found is not None
    assert (found.text, found.pattern) == (said, pattern)
    assert text[found.span[0] : found.span[1]] == said


@pytest.mark.parametrize(
    "text",
    [
        "check every document before Friday",
        "help each other finish the report",
        "every second counts",
        "send the weekly report by Friday",  # an adjective before a noun: not a recurrence
        "cửa hàng nằm ở đâu",  # "hàng nằm" is not "hàng năm": the accents differ
        "việc mới tháng này",  # "mới" (new) is not "mỗi" (each)
        "chị Hằng tuần sau nộp",  # a name, then "next week"
        "chị Hằng tháng trước đã gửi",  # a name, then "last month"
        "mỗi hội cử hai người",
        "gửi hàng hóa cho khách hàng",
    ],
)
def test_words_that_only_look_like_a_recurrence_are_left_alone(text: str) -> None:
    assert find_phrase(text) is None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("water the plants every blue moon", "every blue moon"),
        ("meet every other week", "every other week"),
        ("meet every 2 weeks", "every 2 weeks"),
        ("call every morning", "every morning"),
        ("send it fortnightly", "fortnightly"),
        ("gặp mặt mỗi 2 tuần", "mỗi 2 tuần"),
        ("trực hằng đêm", "hằng đêm"),
        ("gap mat 2 tuan mot lan", "2 tuan mot lan"),
        ("meet every Monday and Thursday", "every Monday and Thursday"),
        ("họp thứ Hai và thứ Năm hằng tuần", "thứ Hai và thứ Năm hằng tuần"),
    ],
)
def test_a_recurrence_not_understood_is_reported_not_guessed(text: str, said: str) -> None:
    found = find_phrase(text)
    assert found is not None
    assert (found.pattern, found.text) == (None, said)


@pytest.mark.parametrize(
    ("pattern", "anchor", "rule"),
    [
        (Pattern("MONTHLY", monthday=5), None, "FREQ=MONTHLY;BYMONTHDAY=5"),
        (Pattern("MONTHLY"), None, "FREQ=MONTHLY;BYMONTHDAY=-1"),  # a period: its last day
        (Pattern("MONTHLY"), date(2022, 8, 20), "FREQ=MONTHLY;BYMONTHDAY=20"),  # the deadline's
        (Pattern("MONTHLY"), date(2022, 9, 30), "FREQ=MONTHLY;BYMONTHDAY=-1"),
        (Pattern("MONTHLY", monthday=31), None, "FREQ=MONTHLY;BYMONTHDAY=-1"),
        (Pattern("MONTHLY", monthday=30), None, "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1"),
        (Pattern("WEEKLY"), None, "FREQ=WEEKLY;BYDAY=SU"),
        (Pattern("WEEKLY"), date(2022, 7, 15), "FREQ=WEEKLY;BYDAY=FR"),
        (Pattern("WEEKLY", weekday=MONDAY), date(2022, 7, 15), "FREQ=WEEKLY;BYDAY=MO"),
        (Pattern("QUARTERLY"), None, "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"),
        (Pattern("QUARTERLY"), date(2022, 10, 15), "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15"),
        (Pattern("YEARLY"), None, "FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=12"),
        (Pattern("YEARLY"), date(2023, 3, 15), "FREQ=YEARLY;BYMONTHDAY=15;BYMONTH=3"),
        (Pattern("DAILY"), None, "FREQ=DAILY"),
    ],
)
def test_the_rule_is_rfc_5545(pattern: Pattern, anchor: date | None, rule: str) -> None:
    assert build_rule(pattern, anchor) == rule


@pytest.mark.parametrize(
    ("rule", "today", "strictly", "first"),
    [
        ("FREQ=MONTHLY;BYMONTHDAY=5", date(2022, 7, 7), False, date(2022, 8, 5)),
        ("FREQ=MONTHLY;BYMONTHDAY=5", date(2022, 7, 5), False, date(2022, 7, 5)),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", date(2022, 2, 10), False, date(2022, 2, 28)),
        ("FREQ=WEEKLY;BYDAY=MO", date(2022, 7, 11), True, date(2022, 7, 18)),  # rule 5
        ("FREQ=WEEKLY;BYDAY=SU", date(2022, 7, 7), False, date(2022, 7, 10)),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", date(2022, 7, 7), False, date(2022, 9, 30)),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", date(2022, 12, 31), False, date(2022, 12, 31)),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", date(2023, 1, 1), False, date(2023, 3, 31)),
        ("FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=12", date(2022, 7, 7), False, date(2022, 12, 31)),
    ],
)
def test_the_first_date_is_the_next_occurrence_from_today(
    rule: str, today: date, strictly: bool, first: date
) -> None:
    assert first_date(rule, today, strictly_after=strictly) == first


@pytest.mark.parametrize(
    ("rule", "previous", "following"),
    [
        ("FREQ=MONTHLY;BYMONTHDAY=5", datetime(2022, 8, 5, 23, 59, 59, tzinfo=VN), datetime(2022, 9, 5, 23, 59, 59, tzinfo=VN)),
        ("FREQ=MONTHLY;BYMONTHDAY=5", datetime(2022, 8, 8, 23, 59, 59, tzinfo=VN), datetime(2022, 9, 5, 23, 59, 59, tzinfo=VN)),
        # The 31st: the last day of every month, February included (and leap years).
        ("FREQ=MONTHLY;BYMONTHDAY=-1", datetime(2024, 1, 31, 23, 59, 59, tzinfo=VN), datetime(2024, 2, 29, 23, 59, 59, tzinfo=VN)),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", datetime(2023, 2, 28, 23, 59, 59, tzinfo=VN), datetime(2023, 3, 31, 23, 59, 59, tzinfo=VN)),
        # The 30th: the 30th when there is one, else the month's last day.
        ("FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1", datetime(2023, 1, 30, 17, tzinfo=VN), datetime(2023, 2, 28, 17, tzinfo=VN)),
        ("FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1", datetime(2023, 2, 28, 17, tzinfo=VN), datetime(2023, 3, 30, 17, tzinfo=VN)),
        ("FREQ=WEEKLY;BYDAY=MO", datetime(2022, 7, 11, 9, 30, tzinfo=VN), datetime(2022, 7, 18, 9, 30, tzinfo=VN)),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", datetime(2022, 9, 30, 23, 59, 59, tzinfo=VN), datetime(2022, 12, 31, 23, 59, 59, tzinfo=VN)),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", datetime(2022, 12, 31, 23, 59, 59, tzinfo=VN), datetime(2023, 3, 31, 23, 59, 59, tzinfo=VN)),
        ("FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=12", datetime(2022, 12, 31, 23, 59, 59, tzinfo=VN), datetime(2023, 12, 31, 23, 59, 59, tzinfo=VN)),
        ("FREQ=DAILY", datetime(2022, 12, 31, 23, 59, 59, tzinfo=VN), datetime(2023, 1, 1, 23, 59, 59, tzinfo=VN)),
    ],
)  # fmt: skip
def test_the_next_occurrence_follows_the_previous_due_date(
    rule: str, previous: datetime, following: datetime
) -> None:
    assert next_after(rule, previous) == following


@pytest.mark.parametrize(
    ("rule", "month", "en", "vi"),
    [
        ("FREQ=MONTHLY;BYMONTHDAY=5", None, "every month on the 5th", "ngày 5 hằng tháng"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", None, "every month on the 1st", "ngày 1 hằng tháng"),
        ("FREQ=MONTHLY;BYMONTHDAY=22", None, "every month on the 22nd", "ngày 22 hằng tháng"),
        ("FREQ=MONTHLY;BYMONTHDAY=13", None, "every month on the 13th", "ngày 13 hằng tháng"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", None, "every month on its last day", "ngày cuối cùng hằng tháng"),
        ("FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1", None,
         "every month on the 30th (the last day of shorter months)",
         "ngày 30 hằng tháng (tháng nào ngắn hơn thì vào ngày cuối tháng)"),
        ("FREQ=WEEKLY;BYDAY=MO", None, "every Monday", "Thứ Hai hằng tuần"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", 9, "every quarter on its last day", "ngày cuối cùng hằng quý"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", 10, "every quarter on the last day of the month",
         "hằng quý, vào ngày cuối tháng"),
        ("FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=12", None, "every year on 31 December", "ngày 31/12 hằng năm"),
        ("FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2", None, "every year on the last day of February",
         "ngày cuối cùng của tháng 2 hằng năm"),
        ("FREQ=DAILY", None, "every day", "hằng ngày"),
        ("FREQ=HOURLY;BYDAY=XX", None, "on a repeating schedule", "lặp lại theo lịch"),
    ],
)  # fmt: skip
def test_a_rule_reads_back_in_both_languages(
    rule: str, month: int | None, en: str, vi: str
) -> None:
    catalogs = Catalogs("vi")
    assert describe(catalogs.get("en"), rule, month) == en
    assert describe(catalogs.get("vi"), rule, month) == vi


@pytest.mark.parametrize(
    ("text", "impossible"),
    [
        ("chốt sổ ngày 32 hằng tháng", True),
        ("pay on the 0th of every month", True),
        ("chốt sổ ngày 31 hằng tháng", False),
        ("pay every month on the last day", False),
    ],
)
def test_a_day_no_month_has_is_impossible(text: str, impossible: bool) -> None:
    found = find_phrase(text)
    assert found is not None
    assert found.pattern is not None
    assert found.impossible is impossible
