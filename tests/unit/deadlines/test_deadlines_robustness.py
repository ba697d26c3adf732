"""Any input gives a result quickly and never an exception; offsets point into the original."""

from __future__ import annotations

import time
import unicodedata
from datetime import datetime

import pytest
from deadline_corpus import HO_CHI_MINH
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.deadlines import parse_deadline

NOW = datetime(2022, 7, 7, 10, 0, tzinfo=HO_CHI_MINH)
WORDS = [
    "thứ",
    "6",
    "tuần",
    "sau",
    "tháng",
    "7",
    "quý",
    "III",
    "/",
    "2022",
    "cuối",
    "năm",
    "h",
    "17h",
    "trước",
    "hạn",
    "ngày",
    "15/8",
    "by",
    "Friday",
    "end",
    "of",
    "July",
    "Q3",
    "mai",
    "sáng",
    "tối",
    "tới",
    "31/02",
    ":",
    ",",
    "(",
    ")",
    "🎉",
    "مرحبا",
    "\u0301",
    "in",
    "days",
]
# Large inputs of every shape; each must finish well within the bound (a catastrophic regex
# would take seconds). The bound is loose on purpose: this is not a benchmark.
LARGE = {
    "letters": "a" * 10_000,
    "digits": "1" * 10_000,
    "digits and spaces": "1 " * 5_000,
    "dates": "15/8 " * 2_000,
    "emoji": "🎉" * 10_000,
    "right-to-left": "مرحبا بالعالم " * 700,
    "weekdays": "thứ " * 3_000,
    "times": "17h " * 2_500,
    "slashes": "1/" * 5_000,
    "decomposed": unicodedata.normalize("NFD", "Thối tháng ") * 1_000,
    "task": "Hội Chữ thập đỏ gửi đề xuất trước cuối tháng 7 " * 200,
}


@pytest.mark.parametrize("text", LARGE.values(), ids=LARGE.keys())
def test_large_input_is_bounded(text: str) -> None:
    started = time.perf_counter()
    result = parse_deadline(text, now=NOW)
    assert time.perf_counter() - started < 0.5
    assert isinstance(result.title, str)


def _check(text: str) -> None:
    result = parse_deadline(text, now=NOW)
    if result.span is not None:
        start, end = result.span
        assert 0 <= start < end <= len(text)
    if result.deadline is not None:
        assert result.deadline.due_utc.utcoffset() is not None
        assert result.error is None
    if result.error is not None:
        assert result.deadline is None


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(max_size=200))
def test_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=3), max_size=12))
def test_date_like_word_salad(words: list[str]) -> None:
    _check(" ".join(words))


def test_decomposed_accents_keep_original_offsets() -> None:
    text = unicodedata.normalize("NFD", "gửi báo cáo trước cuối tháng 7")
    result = parse_deadline(text, now=NOW)
    assert result.deadline is not None
    assert result.deadline.local_date.isoformat() == "2022-07-31"
    assert unicodedata.normalize("NFC", result.deadline.text) == "cuối tháng 7"
    assert unicodedata.normalize("NFC", result.title) == "gửi báo cáo"


def test_deadline_at_the_end_of_a_long_text() -> None:
    text = "ghi chú " * 1_000 + "gửi báo cáo trước 15/8"
    result = parse_deadline(text, now=NOW)
    assert result.deadline is not None
    assert result.deadline.local_date.isoformat() == "2022-08-15"


def test_empty_and_blank() -> None:
    for text in ("", "   ", "\n"):
        result = parse_deadline(text, now=NOW)
        assert (result.deadline, result.span, result.title, result.error) == (None, None, "", None)
