"""Lunar dates around a leap month: lunar year 2025 has two 6th months, the regular one (25 June to
24 July 2025, 30 days) and the leap one (25 July to 22 August 2025, 29 days)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.deadlines import _lunar as lunar
from bot.deadlines import parse_deadline

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
IN_REGULAR = datetime(2025, 7, 10, 10, tzinfo=ZONE)  # 16th of the regular 6th month
IN_LEAP = datetime(2025, 7, 26, 10, tzinfo=ZONE)  # 2nd of the leap 6th month
AFTER_LEAP = datetime(2025, 8, 23, 10, tzinfo=ZONE)  # 1st of the 7th month


@pytest.mark.parametrize(
    ("now", "text", "due", "reasons"),
    [
        # In the leap month: its days are ahead, the regular month's are past.
        (IN_LEAP, "trước rằm", "2025-08-08", ()),
        (IN_LEAP, "trước 20/6 âm lịch", "2025-08-13", ()),
        (IN_LEAP, "rằm tháng 6 âm lịch", "2025-08-08", ()),
        (IN_LEAP, "cuối tháng 6 âm lịch", "2025-08-22", ()),
        (IN_LEAP, "tháng 6 âm lịch", "2025-08-22", ()),
        # The leap month has 29 days: its last one, asked (as "30 tháng Chạp" in a short Chạp).
        (IN_LEAP, "30/6 âm lịch", "2025-08-22", ("ambiguous",)),
        (IN_LEAP, "rằm tháng 7 âm lịch", "2025-09-06", ()),
        # In the regular month, with the leap one to follow: the regular month's days still
        # ahead may mean either month (asked); past ones are the leap month's.
        (IN_REGULAR, "trước rằm", "2025-08-08", ()),
        (IN_REGULAR, "rằm tháng 6 âm lịch", "2025-08-08", ()),
        (IN_REGULAR, "20/6 âm lịch", "2025-07-14", ("ambiguous",)),
        (IN_REGULAR, "30/6 âm lịch", "2025-07-24", ("ambiguous",)),
        (IN_REGULAR, "cuối tháng 6 âm lịch", "2025-07-24", ("ambiguous",)),
        (IN_REGULAR, "tháng 6 âm lịch", "2025-07-24", ("ambiguous",)),
        (IN_REGULAR, "cuoi thang 6 am lich", "2025-07-24", ("ambiguous",)),
        # A month with no leap twin is never asked about.
        (IN_REGULAR, "cuối tháng 7 âm lịch", "2025-09-21", ()),
        (AFTER_LEAP, "trước rằm", "2025-09-06", ()),
        # A lunar year said: the month of that year still ahead, the regular one asked.
        (IN_REGULAR, "cuối tháng 6 âm lịch năm 2025", "2025-07-24", ("ambiguous",)),
        (IN_LEAP, "rằm tháng 6 âm lịch năm 2025", "2025-08-08", ()),
        (IN_LEAP, "rằm tháng 6 âm lịch năm 2026", "2026-07-28", ()),
    ],
)
def test_leap_month(now: datetime, text: str, due: str, reasons: tuple[str, ...]) -> None:
    result = parse_deadline(text, now=now, tz=ZONE, languages=("vi",))
    assert result.deadline is not None
    assert (result.deadline.local_date.isoformat(), result.confirm_reasons) == (due, reasons)


def test_month_end_of_a_leap_month() -> None:
    assert lunar.month_end(2025, 6) == date(2025, 7, 24)
    assert lunar.month_end(2025, 6, leap=True) == date(2025, 8, 22)
    assert lunar.month_end(2024, 6, leap=True) is None  # 2024 has no leap month
    assert lunar.to_lunar(date(2025, 7, 26)) == (2025, 6, 2, True)
