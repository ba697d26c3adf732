"""The other reading of an ambiguous deadline (ParseResult.alternative), found in the QA pass of
the bloc's secretary: the warning now names it when the words allow exactly one. Read on
Monday 7 Dec 2026, as that pass was."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.deadlines import parse_deadline, reading_order

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 7, 14, 48, tzinfo=ZONE)


def _said(text: str, chat: str) -> tuple[str, str | None, tuple[str, ...]]:
    result = parse_deadline(text, now=NOW, tz=ZONE, languages=reading_order(chat))
    assert result.deadline is not None
    other = result.alternative
    also = None
    if other is not None:
        clock = other.local_time
        also = other.local_date.isoformat() + (f" {clock:%H:%M}" if clock else "")
    return result.deadline.local_date.isoformat(), also, result.confirm_reasons


@pytest.mark.parametrize(
    ("text", "chat", "due", "also"),
    [
        # Typed without accents, "thang sau" is next month or June ("tháng sáu").
        ("cuoi thang sau", "vi", "2027-01-31", "2027-06-30"),
        ("nop bao cao truoc cuoi thang sau", "vi", "2027-01-31", "2027-06-30"),
        ("ngay 20 thang sau", "vi", "2027-01-20", "2027-06-20"),
        ("thu 6 tuan cuoi thang sau", "vi", "2027-01-29", "2027-06-25"),
        # An English chat may write the month first.
        ("send report by 03/04", "en", "2027-04-03", "2027-03-04"),
        ("send report by 03/04/2027", "en", "2027-04-03", "2027-03-04"),
        # A count of months after a deadline word, or that day of next month.
        ("dự án hoàn thành trước 6 tháng tới", "vi", "2027-06-07", "2027-01-06"),
        # The month's first seven days, or its first Monday-to-Sunday week.
        ("thứ 6 tuần đầu tháng 1", "vi", "2027-01-01", "2027-01-08"),
        # A weekday that is not the day of the date beside it: the weekday read alone.
        ("họp thứ 5 ngày 15/12", "vi", "2026-12-15", "2026-12-10"),
        ("họp 17h thứ 5 ngày 15/12", "vi", "2026-12-15", "2026-12-10 17:00"),
        # Two dates in the text: the other one.
        ("họp 15/12, nộp báo cáo 20/12", "vi", "2026-12-20", "2026-12-15"),
        # Some days after Tết: mùng 10 tháng Giêng, or the end of tháng Giêng ("ra Giêng").
        ("gặp mặt sau Tết", "vi", "2027-02-15", "2027-03-07"),
        ("ra Tết", "vi", "2027-02-15", "2027-03-07"),
    ],
)
def test_the_other_reading_is_given(text: str, chat: str, due: str, also: str) -> None:
    assert _said(text, chat) == (due, also, ("ambiguous",))


@pytest.mark.parametrize(
    ("text", "chat"),
    [
        # Ambiguous, but not in one other date: the warning stays general.
        ("nộp mai", "vi"),  # "Mai" may be a name
        ("2,5 ngày nữa", "vi"),  # rounded down or up
        ("15.7 thứ 6", "vi"),  # "15.7" may be the date, or a number
        ("họp thứ 6 tháng 7", "vi"),  # any Friday of July
        # Two things in doubt, so more than one other reading: the month and the week, or
        # June and a count of months, or the day and the hour.
        ("thu 6 tuan dau thang sau", "vi"),
        ("nop 20 thang sau", "vi"),
        ("truoc 6 thang sau", "vi"),
        ("họp 3h thứ 5 ngày 15/12", "vi"),
        ("gửi 15/12, họp 18/12, nộp 20/12", "vi"),
    ],
)
def test_no_other_reading_when_there_is_not_exactly_one(text: str, chat: str) -> None:
    _, also, reasons = _said(text, chat)
    assert (also, "ambiguous" in reasons) == (None, True)


@pytest.mark.parametrize(
    ("text", "chat"),
    [("cuối tháng sau", "vi"), ("send report by 13/04", "en"), ("gửi báo cáo trước 03/04", "vi")],
)
def test_no_other_reading_when_not_ambiguous(text: str, chat: str) -> None:
    assert _said(text, chat)[1:] == (None, ())


def test_an_other_reading_that_is_the_same_day_is_none() -> None:
    # Typed in May, next month is June either way.
    may = datetime(2027, 5, 10, 9, 0, tzinfo=ZONE)
    result = parse_deadline("cuoi thang sau", now=may, tz=ZONE, languages=("vi", "en"))
    assert result.deadline is not None
    assert (result.deadline.local_date.isoformat(), result.alternative) == ("2027-06-30", None)
