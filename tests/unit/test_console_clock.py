"""``:clock``'s argument: a step ahead or a date and time, and the console's clock set back."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.console._clock import ShiftedClock, read_target

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2022, 7, 7, 9, 0, tzinfo=VIETNAM)


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("+3d", NOW + timedelta(days=3)),
        ("+ 2 h", NOW + timedelta(hours=2)),
        ("2022-07-07 09:00", NOW),
        ("2022-07-07T9:00", NOW),
        ("  2022-07-01   08:30 ", datetime(2022, 7, 1, 8, 30, tzinfo=VIETNAM)),
        ("2022-07-01", datetime(2022, 7, 1, tzinfo=VIETNAM)),
        ("08/07/2022 14:00", datetime(2022, 7, 8, 14, 0, tzinfo=VIETNAM)),
        ("8/7/2022", datetime(2022, 7, 8, tzinfo=VIETNAM)),
    ],
)
def test_a_step_or_a_date_and_time_in_the_zone(argument: str, expected: datetime) -> None:
    assert read_target(argument, NOW, VIETNAM) == expected


@pytest.mark.parametrize(
    "argument", ["-1d", "+3y", "2022-13-01", "31/02/2022", "07/07", "tomorrow", "2022-07-07 25:00"]
)
def test_anything_else_is_not_a_time(argument: str) -> None:
    assert read_target(argument, NOW, VIETNAM) is None


def test_the_clock_is_set_back_and_goes_on_from_there() -> None:
    base = FakeClock(datetime(2026, 3, 1, 10, 0, tzinfo=VIETNAM))
    clock = ShiftedClock(base)
    assert clock.set_to(NOW) == NOW
    base.advance(timedelta(minutes=5))
    assert clock.now() == NOW + timedelta(minutes=5)
    assert clock.move_to(NOW) == NOW + timedelta(minutes=5)  # move_to never goes back
