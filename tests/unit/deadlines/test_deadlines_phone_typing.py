"""What the QA pass of a secretary typing on her phone found: tone marks on another vowel of
their syllable, "trc" for "trước", and polite tails."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.deadlines import parse_deadline
from bot.deadlines._text import normalise, retone

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
THURSDAY = datetime(2022, 7, 7, 10, 0, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("typed", "placed"),
    [
        ("qúy", "quý"),
        ("Qúy 1", "Quý 1"),
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("hòang", "hoàng"),
        ("hòai", "hoài"),
        ("muà", "mùa"),
        ("ngừơi", "người"),
        ("saú", "sáu"),
        ("ngaỳ", "ngày"),
        ("HOÀ", "HÒA"),
    ],
)
def test_a_tone_mark_goes_on_the_vowel_that_carries_it(typed: str, placed: str) -> None:
    assert retone(typed) == placed


@pytest.mark.parametrize("word", ["quý", "giữa", "gìn", "tối", "tới", "khuya", "café", "naïve"])
def test_a_tone_mark_in_its_place_stays(word: str) -> None:
    assert retone(word) == word


def test_normalising_keeps_offsets_when_it_moves_a_tone() -> None:
    norm = normalise("Báo cáo QÚY 1")
    assert norm.text == "báo cáo quý 1"
    assert norm.cased == "Báo cáo QUÝ 1"
    assert norm.original_span(8, 13) == (8, 13)


@pytest.mark.parametrize(
    ("text", "due", "title"),
    [
        ("báo cáo qúy 3", "2022-09-30", "báo cáo"),  # the title keeps what was typed
        ("hoà giải xong trước thứ saú", "2022-07-08", "hoà giải xong"),
        ("gửi báo cáo trc 15/8", "2022-08-15", "gửi báo cáo"),
        ("gửi báo cáo tr 15/8", "2022-08-15", "gửi báo cáo"),
        ("nộp trc 15-8", "2022-08-15", "nộp"),
        ("chi 15 tr cuối tháng", "2022-07-31", "chi 15 tr"),  # 15 million
        ("gửi báo cáo trước 15/8 nhé chị", "2022-08-15", "gửi báo cáo"),
        ("gui bao cao truoc 15/8 nhe chi", "2022-08-15", "gui bao cao"),
        ("gửi báo cáo trước 15/8 ạ", "2022-08-15", "gửi báo cáo"),
        ("gửi kế hoạch cho trước 20/12 nha", "2022-12-20", "gửi kế hoạch"),
        ("chuyển cho Nha trước 15/8", "2022-08-15", "chuyển cho Nha"),  # a name
    ],
)
def test_phone_typing(text: str, due: str, title: str) -> None:
    result = parse_deadline(text, now=THURSDAY, tz=ZONE)
    assert result.deadline is not None
    assert (result.deadline.local_date.isoformat(), result.title) == (due, title)
    assert result.confirm_reasons == ()


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("xem tr 4.1", "xem tr 4.1"),  # page 4.1
        ("gửi báo cáo giúp em nha", "gửi báo cáo giúp em"),
        ("hop o nha", "hop o nha"),  # "họp ở nhà" without accents
    ],
)
def test_no_deadline(text: str, title: str) -> None:
    result = parse_deadline(text, now=THURSDAY, tz=ZONE)
    assert (result.deadline, result.title) == (None, title)


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        # "in" is Vietnamese too (to print): "in 20h" is the clock time, not 20 hours on.
        ("gọi nhà in 20h tối nay", datetime(2022, 7, 7, 20, 0, tzinfo=ZONE)),
        ("gửi nhà in trước 9h sáng mai", datetime(2022, 7, 8, 9, 0, tzinfo=ZONE)),
        # no clock time has 48 hours: hours typed short
        ("reply in 48h", datetime(2022, 7, 9, 10, 0, tzinfo=ZONE)),
        ("reply within 2 hrs", datetime(2022, 7, 7, 12, 0, tzinfo=ZONE)),
    ],
)
def test_an_hour_after_in_is_a_span_only_when_it_is_no_clock_time(
    typed: str, due: datetime
) -> None:
    result = parse_deadline(typed, now=THURSDAY, tz=ZONE, languages=("vi", "en"))
    assert result.deadline is not None
    assert result.deadline.due_utc == due
    assert not result.confirm
