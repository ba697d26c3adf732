"""Phrases a secretary typed in the QA pass of 7 Dec 2026, read on that day (a Monday): network
names that are not times, "N tháng sau/tới" after a deadline word, day ranges, weekdays of a
month's last week."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.deadlines import parse_deadline

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 7, 14, 48, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("text", "due", "title", "reasons"),
    [
        (
            "đề xuất chuyển từ 3G sang 4G trong tháng sau",
            "2027-01-31",
            "đề xuất chuyển từ 3G sang 4G",
            (),
        ),
        ("báo cáo đầu tư vào 5G trước cuối năm", "2026-12-31", "báo cáo đầu tư vào 5G", ()),
        ("họp về 5G sáng mai", "2026-12-08", "họp về 5G", ()),
        ("demo 5G chiều thứ 6", "2026-12-11", "demo 5G", ()),
        ("trước 15g ngày 18/12", "2026-12-18 15:00", "", ()),
        ("dự án hoàn thành trước 6 tháng tới", "2027-06-07", "dự án hoàn thành", ("ambiguous",)),
        ("nộp báo cáo hạn 20 tháng sau", "2027-01-20", "nộp báo cáo", ()),
        ("nộp ngày 20-25 tháng sau", "2027-01-25", "nộp", ()),
        ("thứ 6 tuần cuối tháng 12", "2026-12-25", "", ()),
        ("thứ 6 tuần đầu tháng 1", "2027-01-01", "", ("ambiguous",)),
    ],
)
def test_review_phrase(text: str, due: str, title: str, reasons: tuple[str, ...]) -> None:
    result = parse_deadline(text, now=NOW, tz=ZONE, languages=("vi",))
    assert result.deadline is not None
    clock = result.deadline.local_time
    said = result.deadline.local_date.isoformat() + (f" {clock:%H:%M}" if clock else "")
    assert (said, result.title, result.confirm_reasons) == (due, title, reasons)
