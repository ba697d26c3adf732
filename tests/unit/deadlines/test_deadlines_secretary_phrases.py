"""Phrases a secretary typed in the QA pass of 7 Dec 2026, read on that day (a Monday): network
names that are not times, "N tháng sau/tới" after a deadline word, day ranges, weekdays of a
month's last week; then day.month dates ("15.7"), a bare "mai", a weekday beside a month, words
left dangling at the end of a title, and numeric dates an English chat may read month first."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.deadlines import parse_deadline, reading_order

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
        # Day.month and day-month after a deadline word, as Vietnamese write them.
        ("CTĐ: gửi báo cáo trước 15.7", "2027-07-15", "CTĐ: gửi báo cáo", ()),
        ("CTĐ: gửi báo cáo trước 15-7", "2027-07-15", "CTĐ: gửi báo cáo", ()),
        ("gửi báo cáo hạn 15.07", "2027-07-15", "gửi báo cáo", ()),
        ("hỗ trợ 2.5 triệu trước 20/12", "2026-12-20", "hỗ trợ 2.5 triệu", ()),
        ("cập nhật phiên bản 1.2 trước 15.7", "2027-07-15", "cập nhật phiên bản 1.2", ()),
        # A bare "mai" (tomorrow) at the end of the text or after a deadline word.
        ("nộp mai", "2026-12-08", "nộp", ()),
        ("gửi báo cáo mai", "2026-12-08", "gửi báo cáo", ()),
        ("gửi báo cáo mai nhé", "2026-12-08", "gửi báo cáo nhé", ()),
        ("gửi báo cáo hạn mai", "2026-12-08", "gửi báo cáo", ()),
        ("gui bao cao mai", "2026-12-08", "gui bao cao", ()),
        # A weekday beside a month: that weekday in the month, from tomorrow on, confirmed.
        ("tháng 12 vào 8h thứ hai", "2026-12-14 08:00", "", ("ambiguous",)),
        ("họp tháng 1 vào thứ hai", "2027-01-04", "họp", ("ambiguous",)),
        ("họp thứ 6 tháng 7", "2027-07-02", "họp", ("ambiguous",)),
        # A word the cut leaves dangling at the end of the title goes with the deadline.
        ("gửi kế hoạch cho trước 20/12", "2026-12-20", "gửi kế hoạch", ()),
        ("gửi kế hoạch cho Hội trước 20/12", "2026-12-20", "gửi kế hoạch cho Hội", ()),
        ("báo cáo tổng kết dự kiến 20/12", "2026-12-20", "báo cáo tổng kết", ()),
        ("hoàn thành dự kiến là 20/12", "2026-12-20", "hoàn thành", ()),
        ("chuẩn bị hội trường để trước 20/12", "2026-12-20", "chuẩn bị hội trường", ()),
        ("tổ chức hội nghị, thời gian dự kiến: 20/12", "2026-12-20", "tổ chức hội nghị", ()),
        # "N tháng sau/tới" with no "ngày" nor deadline word: 13 to 31 is a day, confirmed.
        ("nộp 20 tháng sau", "2027-01-20", "nộp", ("ambiguous",)),
        ("20 tháng tới", "2027-01-20", "", ("ambiguous",)),
        ("20 tháng nữa", "2028-08-07", "", ()),
        ("trong 20 tháng tới", "2028-08-07", "", ()),
        ("6 tháng sau", "2027-06-07", "", ()),
    ],
)
def test_review_phrase(text: str, due: str, title: str, reasons: tuple[str, ...]) -> None:
    result = parse_deadline(text, now=NOW, tz=ZONE, languages=("vi",))
    assert result.deadline is not None
    clock = result.deadline.local_time
    said = result.deadline.local_date.isoformat() + (f" {clock:%H:%M}" if clock else "")
    assert (said, result.title, result.confirm_reasons) == (due, title, reasons)


@pytest.mark.parametrize(
    "text",
    [
        # "Mai" is a name and a flower as well as "tomorrow".
        "chị Mai gửi báo cáo",
        "gửi báo cáo cho Mai",
        "gửi báo cáo cho mai",
        "gặp mai bàn kế hoạch",
        "mua hoa mai",
        "mai mối cho hội viên",
        # Decimals and versions are no day.month, even after a deadline word.
        "giá là 2.5 triệu",
        "hỗ trợ không quá 2.5 triệu",
        "tăng lên tới 1.5 lần",
        "nâng cấp lên 2.0",
        "gửi báo cáo 15.7",
        "họp lúc 9.30",
    ],
)
def test_review_no_deadline(text: str) -> None:
    result = parse_deadline(text, now=NOW, tz=ZONE, languages=("vi",))
    assert (result.deadline, result.error, result.title) == (None, None, text)


@pytest.mark.parametrize(
    ("text", "chat", "due", "reasons"),
    [
        # An English chat may mean March 4: day first (DEADLINES.md rule 4), but asked.
        ("send report by 03/04", "en", "2027-04-03", ("ambiguous",)),
        ("send report by 3.4", "en", "2027-04-03", ("ambiguous",)),
        ("send report by 03/04/2027", "en", "2027-04-03", ("ambiguous",)),
        ("send report by 13/04", "en", "2027-04-13", ()),
        ("send report by 4/4", "en", "2027-04-04", ()),
        ("gửi báo cáo ngày 03/04", "en", "2027-04-03", ()),
        # A Vietnamese chat reads it day first without asking.
        ("send report by 03/04", "vi", "2027-04-03", ()),
        ("gửi báo cáo trước 03/04", "vi", "2027-04-03", ()),
    ],
)
def test_review_numeric_order(text: str, chat: str, due: str, reasons: tuple[str, ...]) -> None:
    # The languages as the bot passes them for a chat of that language.
    result = parse_deadline(text, now=NOW, tz=ZONE, languages=reading_order(chat))
    assert result.deadline is not None
    assert (result.deadline.local_date.isoformat(), result.confirm_reasons) == (due, reasons)
