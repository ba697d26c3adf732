"""Phrases a secretary typed in the QA pass of 7 Dec 2026, read on that day (a Monday): network
names that are not times, "N tháng sau/tới" after a deadline word, day ranges, weekdays of a
month's last week; then day.month dates ("15.7"), a bare "mai", a weekday beside a month, words
left dangling at the end of a title, and numeric dates an English chat may read month first; then
decimal spans ("trong 2,5 giờ") and clock times written with a dot ("lúc 15.30") or "kém"."""

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
        ("CTĐ: gửi báo cáo trước 15.7", "2027-07-15", "CTĐ: gửi báo cáo", ("year",)),
        ("CTĐ: gửi báo cáo trước 15-7", "2027-07-15", "CTĐ: gửi báo cáo", ("year",)),
        ("gửi báo cáo hạn 15.07", "2027-07-15", "gửi báo cáo", ("year",)),
        ("hỗ trợ 2.5 triệu trước 20/12", "2026-12-20", "hỗ trợ 2.5 triệu", ()),
        ("cập nhật phiên bản 1.2 trước 15.7", "2027-07-15", "cập nhật phiên bản 1.2", ("year",)),
        # A bare "mai" (tomorrow) after a deadline word, or at the very end of the text, asked
        # (it may be the name Mai).
        ("nộp mai", "2026-12-08", "nộp", ("ambiguous",)),
        ("gửi báo cáo mai", "2026-12-08", "gửi báo cáo", ("ambiguous",)),
        ("gửi báo cáo mai nhé", "2026-12-08", "gửi báo cáo", ("ambiguous",)),
        ("gửi báo cáo hạn mai", "2026-12-08", "gửi báo cáo", ()),
        ("gui bao cao mai", "2026-12-08", "gui bao cao", ("ambiguous",)),
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
        # A decimal amount of hours is a length, not a clock time nor the end of a span.
        "họp 2.5 giờ",
        "thời lượng 1,5 tiếng",
        "tăng 2,5h",
        # A dotted number neither announced by "lúc" nor beside a date is no time.
        "phiên bản 2.45",
        "tỷ lệ đạt 15.30%",
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


@pytest.mark.parametrize(
    ("text", "due", "reasons"),
    [
        # QA pass of 1 Jan 2027: "/deadline 11 15/12" became 15/12/2027 without a word.
        ("15/12", "2027-12-15", ("year",)),
        ("trước 15/12 17h", "2027-12-15", ("year",)),
        ("ngày 15 tháng 12", "2027-12-15", ("year",)),
        ("15/7", "2027-07-15", ("year",)),
        # Within six months, or with its year, or a whole period: nothing to ask.
        ("15/6", "2027-06-15", ()),
        ("15/12/2027", "2027-12-15", ()),
        ("tháng 12", "2027-12-31", ()),
        ("6 tháng cuối năm", "2027-12-31", ()),
    ],
)
def test_a_day_without_a_year_far_ahead_is_asked(
    text: str, due: str, reasons: tuple[str, ...]
) -> None:
    now = datetime(2027, 1, 1, 9, 0, tzinfo=ZONE)
    result = parse_deadline(text, now=now, tz=ZONE, languages=("vi",))
    assert result.deadline is not None
    assert (result.deadline.local_date.isoformat(), result.confirm_reasons) == (due, reasons)


@pytest.mark.parametrize("chat", ["vi", "en"])
@pytest.mark.parametrize(
    ("text", "due", "title", "reasons"),
    [
        # Decimal spans, with a dot or (as Vietnamese write them) a comma: hours are exact...
        ("trong 2.5 giờ", "2026-12-07 17:18", "", ()),
        ("gửi báo cáo trong 1,5 tiếng", "2026-12-07 16:18", "gửi báo cáo", ()),
        ("2,5 tiếng nữa", "2026-12-07 17:18", "", ()),
        ("trong 2,5h", "2026-12-07 17:18", "", ()),
        ("send the minutes in 1.5 hours", "2026-12-07 16:18", "send the minutes", ()),
        ("in 1,5 hours", "2026-12-07 16:18", "", ()),
        # ... a span of days ends inside a day: due that day, asked (it may be rounded).
        ("2,5 ngày nữa", "2026-12-10", "", ("ambiguous",)),
        ("rà soát danh sách trong 1,5 ngày", "2026-12-09", "rà soát danh sách", ("ambiguous",)),
        ("within 1.5 weeks", "2026-12-18", "", ("ambiguous",)),
        ("trong 1,5 tháng", "2027-01-22", "", ("ambiguous",)),
        ("1,5 năm nữa", "2028-06-07", "", ("ambiguous",)),
        # Dotted clock times: announced by "lúc"/"at", or right beside a date or part of day.
        ("họp lúc 15.30", "2026-12-07 15:30", "họp", ()),
        ("họp lúc 9.30", "2026-12-08 09:30", "họp", ()),
        ("họp vào lúc 15.30 thứ 6", "2026-12-11 15:30", "họp", ()),
        ("meet at 15.30", "2026-12-07 15:30", "meet", ()),
        ("họp 15.30 thứ 6", "2026-12-11 15:30", "họp", ()),
        ("họp thứ 6 15.30", "2026-12-11 15:30", "họp", ()),
        ("họp 15.30 ngày 18/12", "2026-12-18 15:30", "họp", ()),
        ("gửi giấy mời trước 9.30 sáng mai", "2026-12-08 09:30", "gửi giấy mời", ()),
        ("họp 3.30 chiều thứ 6", "2026-12-11 15:30", "họp", ()),
        ("call at 3.30pm", "2026-12-07 15:30", "call", ()),
        # A version beside a date stays in the title: early hours need "lúc" or a part of day.
        ("cập nhật phiên bản 2.45 thứ 6", "2026-12-11", "cập nhật phiên bản 2.45", ()),
        # Other Vietnamese clock forms.
        ("họp 15h30", "2026-12-07 15:30", "họp", ()),
        ("họp 15g30", "2026-12-07 15:30", "họp", ()),
        ("họp 9 giờ 30", "2026-12-08 09:30", "họp", ()),
        ("họp 9 rưỡi", "2026-12-08 09:30", "họp", ()),
        ("họp chiều 3 giờ", "2026-12-07 15:00", "họp", ()),
        ("họp 9h kém 15", "2026-12-08 08:45", "họp", ()),
        ("họp 9 giờ kém 15 phút", "2026-12-08 08:45", "họp", ()),
        ("họp 5 giờ kém 15 chiều", "2026-12-07 16:45", "họp", ()),
        ("họp 9h 30 sáng mai", "2026-12-08 09:30", "họp", ()),
        ("họp 9h 30p", "2026-12-08 09:30", "họp", ()),
        # Day.month after a deadline word is still a date; "9h 20/12" is 9:00 on 20 December.
        ("gửi báo cáo trước 15.12", "2026-12-15", "gửi báo cáo", ()),
        ("họp 9h 20/12", "2026-12-20 09:00", "họp", ()),
    ],
)
def test_amounts_and_clock_forms(
    text: str, chat: str, due: str, title: str, reasons: tuple[str, ...]
) -> None:
    result = parse_deadline(text, now=NOW, tz=ZONE, languages=reading_order(chat))
    assert result.deadline is not None
    clock = result.deadline.local_time
    said = result.deadline.local_date.isoformat() + (f" {clock:%H:%M}" if clock else "")
    assert (said, result.title, result.confirm_reasons) == (due, title, reasons)


@pytest.mark.parametrize("chat", ["vi", "en"])
@pytest.mark.parametrize(
    ("text", "due", "title", "reasons"),
    [
        # A d.m number is a date only right after a deadline word; otherwise only that number
        # stays in the title, never the weekday or time beside it.
        ("họp lúc 8.10 thứ 6", "2026-12-11 08:10", "họp", ()),
        ("đọc chương 4.1 trước thứ 6", "2026-12-11", "đọc chương 4.1", ()),
        ("gửi mục 2.3 trước thứ 6", "2026-12-11", "gửi mục 2.3", ()),
        ("đạt 2.5 trước thứ 6", "2026-12-11", "đạt 2.5", ()),
        ("read section 4.1 by Friday", "2026-12-11", "read section 4.1", ()),
        ("review version 1.2 by Monday", "2026-12-14", "review version 1.2", ()),
        ("cập nhật phụ lục 3.1 trước 9h thứ 2", "2026-12-14 09:00", "cập nhật phụ lục 3.1", ()),
        ("phiên bản 2.10 trước thứ 6", "2026-12-11", "phiên bản 2.10", ()),
        # Right beside the weekday it may have been a date: asked.
        ("15.7 thứ 6", "2026-12-11", "15.7", ("ambiguous",)),
        ("họp 8.10 thứ 6", "2026-12-11", "họp 8.10", ("ambiguous",)),
        # Before a part of day or with "h", a dotted number is a clock time.
        ("hạn 8.10 sáng thứ 2", "2026-12-14 08:10", "", ()),
        ("có mặt trước 7.05 sáng mai", "2026-12-08 07:05", "có mặt", ()),
        ("có mặt trước 7.30h", "2026-12-08 07:30", "có mặt", ()),
        # After a deadline word it is still a date.
        ("gửi báo cáo trước 15.7", "2027-07-15", "gửi báo cáo", ("year",)),
        ("gửi báo cáo hạn chót là 15.7", "2027-07-15", "gửi báo cáo", ("year",)),
        # A weekday beside a month of another year: that weekday in that month, asked.
        ("hạn thứ 6 tháng 1 năm sau", "2027-01-01", "", ("ambiguous",)),
        ("nộp trước thứ 6 tháng 1 năm 2027", "2027-01-01", "nộp", ("ambiguous",)),
        # A bare "mai" at the very end is asked; after a deadline word it is not.
        ("nộp mai", "2026-12-08", "nộp", ("ambiguous",)),
        ("gửi báo cáo mai nhé", "2026-12-08", "gửi báo cáo", ("ambiguous",)),
        ("gửi báo cáo hạn mai", "2026-12-08", "gửi báo cáo", ()),
        ("mai", "2026-12-08", "", ()),  # "/han 3 mai": the whole text
        ("hoãn tới mai", "2026-12-08", "hoãn", ("ambiguous",)),
        # "lần thứ 3", "khóa 3" are no weekday nor count of weeks.
        ("chuẩn bị Hội nghị lần thứ 3 tuần sau", "2026-12-20", "chuẩn bị Hội nghị lần thứ 3", ()),
        ("chuẩn bị Đại hội khóa 3 tuần sau", "2026-12-20", "chuẩn bị Đại hội khóa 3", ()),
        # After "số" it may be a count ("chuyển đổi số 3 tháng tới"): asked.
        ("trả lời công văn số 5 tháng sau", "2027-05-07", "trả lời công văn số", ("ambiguous",)),
        # The 20th of the quarter's last month; that month.
        (
            "báo cáo hạn ngày 20 tháng cuối quý, hằng quý",
            "2026-12-20",
            "báo cáo, hằng quý",
            (),
        ),
        ("hạn tháng đầu quý sau", "2027-01-31", "", ()),
        # A bare year is a deadline only after a deadline word, or alone.
        ("kế hoạch trước năm 2027", "2027-12-31", "kế hoạch", ()),
        ("năm 2027", "2027-12-31", "", ()),
        # Tết (lunar New Year 2027 is 6 February): "trước Tết" is its eve.
        ("trước Tết", "2027-02-05", "", ()),
        ("hoàn thành trước tết nguyên đán", "2027-02-05", "hoàn thành", ()),
        ("hoan thanh truoc tet", "2027-02-05", "hoan thanh", ()),
        ("nộp báo cáo hạn Tết", "2027-02-05", "nộp báo cáo", ()),
        ("tổng kết trước Tết 2028", "2028-01-25", "tổng kết", ()),
        ("gặp mặt sau Tết", "2027-02-15", "gặp mặt", ("ambiguous",)),
        ("rằm tháng Giêng", "2027-02-20", "", ()),
        ("ram thang gieng", "2027-02-20", "", ()),
        ("mùng 10 tháng Giêng", "2027-02-15", "", ()),
        ("họp mùng 3 Tết", "2027-02-08", "họp", ()),
        ("rằm tháng 7 âm lịch", "2027-08-16", "", ()),
        ("trước rằm", "2026-12-23", "", ()),
        ("ngày 15/11 âm lịch", "2026-12-23", "", ()),
        ("cuối tháng Chạp", "2027-02-05", "", ()),
        ("trước Tết Dương lịch", "2026-12-31", "", ()),
    ],
)
def test_second_pass(text: str, chat: str, due: str, title: str, reasons: tuple[str, ...]) -> None:
    result = parse_deadline(text, now=NOW, tz=ZONE, languages=reading_order(chat))
    assert result.deadline is not None
    clock = result.deadline.local_time
    said = result.deadline.local_date.isoformat() + (f" {clock:%H:%M}" if clock else "")
    assert (said, result.title, result.confirm_reasons) == (due, title, reasons)


@pytest.mark.parametrize("chat", ["vi", "en"])
@pytest.mark.parametrize(
    "text",
    [
        # "mai" as a name or the apricot flower.
        "liên hệ anh Tuấn và mai",
        "nhờ mai",
        "giao mai",
        "phân công mai",
        "trang trí đào mai",
        "mua hoa đào, mai",
        # A year in the title.
        "chuẩn bị Đại hội năm 2027",
        "kế hoạch năm 2027",
        # Tết in the title.
        "chuẩn bị quà Tết cho hội viên",
        "tổ chức Tết Trung thu cho thiếu nhi",
    ],
)
def test_second_pass_no_deadline(text: str, chat: str) -> None:
    result = parse_deadline(text, now=NOW, tz=ZONE, languages=reading_order(chat))
    assert (result.deadline, result.error, result.title) == (None, None, text)
