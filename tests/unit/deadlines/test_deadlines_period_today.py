"""A period that ends the day it is typed ("cuối tháng" on the 31st at 16:00) is today, as rules
1 and 3 read it, but asked about, naming the next period (the QA pass of a secretary's phone);
so is a day of this period already past ("đầu tháng này" on the 31st)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.deadlines import parse_deadline

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
LAST_DAY = datetime(2022, 7, 31, 16, 0, tzinfo=ZONE)  # a Sunday, the last day of July


@pytest.mark.parametrize(
    ("text", "languages", "other"),
    [
        ("cuối tháng", ("vi",), "2022-08-31"),
        ("gửi báo cáo trước cuối tháng nhé chị", ("vi",), "2022-08-31"),
        ("tháng này", ("vi",), "2022-08-31"),
        ("tuần này", ("vi",), "2022-08-07"),
        ("end of the month", ("en",), "2022-08-31"),
        ("this week", ("en",), "2022-08-07"),
    ],
)
def test_a_period_ending_today_is_asked_with_the_next_one(
    text: str, languages: tuple[str, ...], other: str
) -> None:
    result = parse_deadline(text, now=LAST_DAY, tz=ZONE, languages=languages)
    assert result.deadline is not None
    assert result.deadline.local_date.isoformat() == "2022-07-31"
    assert result.confirm_reasons == ("today",)
    assert result.alternative is not None
    assert result.alternative.local_date.isoformat() == other
    assert result.alternative.precision == result.deadline.precision


def test_a_named_period_ending_today_is_asked_without_another_reading() -> None:
    result = parse_deadline("cuối tháng 7", now=LAST_DAY, tz=ZONE)
    assert (result.confirm_reasons, result.alternative) == (("today",), None)


def test_a_day_of_this_period_already_past_offers_the_next_one() -> None:
    result = parse_deadline("đầu tháng này", now=LAST_DAY, tz=ZONE)
    assert result.confirm_reasons == ("past",)
    assert result.alternative is not None
    assert result.alternative.local_date.isoformat() == "2022-08-05"


@pytest.mark.parametrize("text", ["cuối tháng sau", "17h cuối tháng", "cuối tháng trước"])
def test_no_question_about_today_when_another_period_or_a_time_is_said(text: str) -> None:
    result = parse_deadline(text, now=LAST_DAY, tz=ZONE)
    assert "today" not in result.confirm_reasons
    assert result.alternative is None
