"""Moves of a task's deadline typed after /deadline <n> (bot.deadlines.parse_shift and
apply_shift): found by the QA pass of a secretary who had to work the new date out herself."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.deadlines import apply_shift, parse_deadline, parse_shift

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2022, 7, 7, 10, 0, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("text", "count", "unit", "said"),
    [
        ("lùi 1 tuần", 1, "week", "lùi 1 tuần"),
        ("thêm 1 tuần", 1, "week", "thêm 1 tuần"),
        ("thêm 1 tuần nữa", 1, "week", "thêm 1 tuần nữa"),
        ("gia hạn 1 tuần", 1, "week", "gia hạn 1 tuần"),
        ("gia hạn thêm 2 tuần", 2, "week", "gia hạn thêm 2 tuần"),
        ("dời 3 ngày", 3, "day", "dời 3 ngày"),
        ("dời lại 3 ngày", 3, "day", "dời lại 3 ngày"),
        ("lùi hạn 1 tháng", 1, "month", "lùi hạn 1 tháng"),
        ("hoãn 5 ngày làm việc", 5, "workday", "hoãn 5 ngày làm việc"),
        ("lùi ba ngày", 3, "day", "lùi ba ngày"),
        ("lùi năm ngày", 5, "day", "lùi năm ngày"),  # five days, not a year
        ("lùi 1 năm", 1, "year", "lùi 1 năm"),
        ("lùi 2 tiếng", 2, "hour", "lùi 2 tiếng"),
        ("+1 tuần", 1, "week", "+1 tuần"),
        ("+1w", 1, "week", "+1w"),
        ("+3d", 3, "day", "+3d"),
        ("-2d", -2, "day", "-2d"),
        ("sớm hơn 2 ngày", -2, "day", "sớm hơn 2 ngày"),
        ("dời sớm 2 ngày", -2, "day", "dời sớm 2 ngày"),
        ("rút ngắn 3 ngày", -3, "day", "rút ngắn 3 ngày"),
        ("2 ngày sớm hơn", -2, "day", "2 ngày sớm hơn"),
        ("lui lai 1 tuan", 1, "week", "lui lai 1 tuan"),
        ("Lùi 1 Tuần nhé chị", 1, "week", "Lùi 1 Tuần"),
        ("push 1 week", 1, "week", "push 1 week"),
        ("push back a week", 1, "week", "push back a week"),
        ("extend by 3 days", 3, "day", "extend by 3 days"),
        ("postpone two days", 2, "day", "postpone two days"),
        ("earlier by 2 days", -2, "day", "earlier by 2 days"),
        ("2 days earlier", -2, "day", "2 days earlier"),
        ("bring forward 1 week", -1, "week", "bring forward 1 week"),
    ],
)
def test_a_move_is_read(text: str, count: int, unit: str, said: str) -> None:
    shift = parse_shift(text)
    assert shift is not None
    assert (shift.count, shift.unit, shift.text) == (count, unit, said)


@pytest.mark.parametrize(
    "text",
    [
        "1 tuần nữa",  # a span from today (rule 6)
        "sau 1 tuần",
        "trong 3 ngày tới",
        "in a week",
        "lùi",
        "15/8",
        "thứ 6 tuần sau",
        "lùi 0 ngày",
        "lùi 1 tuần sau 15/8",
        "lùi 1 tuần 2 days earlier",
        "+3",
    ],
)
def test_no_move(text: str) -> None:
    assert parse_shift(text) is None


def _moved(base: str, move: str) -> tuple[str, str | None, str, tuple[str, ...]]:
    deadline = parse_deadline(base, now=NOW, tz=ZONE).deadline
    shift = parse_shift(move)
    assert deadline is not None
    assert shift is not None
    result = apply_shift(
        shift, due_utc=deadline.due_utc, precision=deadline.precision.value, now=NOW, tz=ZONE
    )
    assert result.deadline is not None
    clock = result.deadline.local_time
    shown = clock.strftime("%H:%M") if clock is not None else None
    return (
        result.deadline.local_date.isoformat(),
        shown,
        result.deadline.precision.value,
        result.confirm_reasons,
    )


@pytest.mark.parametrize(
    ("base", "move", "expected"),
    [
        # A day stays a day.
        ("15/8", "lùi 1 tuần", ("2022-08-22", None, "day", ())),
        ("15/8", "sớm hơn 2 ngày", ("2022-08-13", None, "day", ())),
        ("15/8", "lùi 1 tháng", ("2022-09-15", None, "day", ())),
        # A time keeps its time of day; hours move the instant.
        ("17h thứ 6", "+3d", ("2022-07-11", "17:00", "time", ())),
        ("17h thứ 6", "lùi 2 tiếng", ("2022-07-08", "19:00", "time", ())),
        ("23h thứ 6", "lùi 2 tiếng", ("2022-07-09", "01:00", "time", ())),
        # The end of a month moved by months is the end of that month.
        ("cuối tháng 8", "lùi 1 tháng", ("2022-09-30", None, "period", ())),
        ("cuối tháng 9", "lùi 1 tháng", ("2022-10-31", None, "period", ())),
        ("cuối tháng 8", "+1w", ("2022-09-07", None, "day", ())),
        # Working days skip the weekend: from Friday 8 July.
        ("thứ 6", "lùi 1 ngày làm việc", ("2022-07-11", None, "day", ())),
        ("thứ 2 tuần sau", "sớm hơn 1 ngày làm việc", ("2022-07-08", None, "day", ())),
        # Past or far is asked about, as a deadline typed.
        ("15/8", "sớm hơn 60 ngày", ("2022-06-16", None, "day", ("past",))),
        ("15/8", "lùi 3 năm", ("2025-08-15", None, "day", ("far",))),
    ],
)
def test_a_move_keeps_what_the_deadline_said(
    base: str, move: str, expected: tuple[str, str | None, str, tuple[str, ...]]
) -> None:
    assert _moved(base, move) == expected


def test_hours_need_a_deadline_with_a_time() -> None:
    shift = parse_shift("lùi 2 tiếng")
    assert shift is not None
    assert shift.needs_time
    due = datetime(2022, 8, 15, 16, 59, 59, tzinfo=UTC)
    with pytest.raises(ValueError, match="moves by days"):
        apply_shift(shift, due_utc=due, precision="day", now=NOW, tz=ZONE)
