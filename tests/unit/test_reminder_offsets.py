"""``/remind``'s offsets: letters or words, in Vietnamese (with or without marks) or English."""

from __future__ import annotations

import pytest

from bot.reminders.plan import parse_offsets

DAY, HOUR, WEEK = 24 * 60, 60, 7 * 24 * 60


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("14d 3d 1d 2h", (14 * DAY, 3 * DAY, DAY, 2 * HOUR)),
        ("1h 10m", (HOUR, 10)),
        ("2w, 1D", (2 * WEEK, DAY)),
        ("2 ngày", (2 * DAY,)),
        ("2 ngay", (2 * DAY,)),
        ("2 tuần, 3 ngày và 2 giờ", (2 * WEEK, 3 * DAY, 2 * HOUR)),
        ("30 phút", (30,)),
        ("1 week 2 hours", (WEEK, 2 * HOUR)),
        ("1 day and 30 minutes", (DAY, 30)),
        ("3d 3 ngày", (3 * DAY,)),
    ],
)
def test_offsets_are_read(text: str, minutes: tuple[int, ...]) -> None:
    assert parse_offsets(text) == minutes


@pytest.mark.parametrize(
    "text", ["", "sớm thôi", "mặc định", "2", "2x", "3d abc", "91 ngày", "0d", "2g", "9d " * 9]
)
def test_what_is_not_offsets_is_refused(text: str) -> None:
    assert parse_offsets(text) is None
