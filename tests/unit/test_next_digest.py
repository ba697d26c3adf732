"""When the Monday digest goes out: at the chat's morning hour, as its morning reminders do."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.reminders.plan import Policy, next_digest

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of July 2022 in Vietnam (the 11th is a Monday)."""
    return datetime(2022, 7, day, hour, minute, tzinfo=VN)


@pytest.mark.parametrize(
    ("now", "policy", "digest"),
    [
        (vn(7, 9), Policy(), vn(11, 9)),  # the morning hour, 09:00 by default
        (vn(11, 8, 30), Policy(), vn(11, 9)),  # this Monday's, still to come
        (vn(11, 9), Policy(), vn(18, 9)),  # strictly after now
        (vn(7, 9), Policy(morning_hour=8), vn(11, 8)),
        (vn(7, 9), Policy(morning_hour=6), vn(11, 7)),  # out of the quiet hours, as reminders
        (vn(7, 9), Policy(morning_hour=6, quiet_start=0, quiet_end=0), vn(11, 6)),
        # A morning hour in the evening's quiet hours: Tuesday 07:00, even seen from Tuesday.
        (vn(12, 6), Policy(morning_hour=22), vn(12, 7)),
    ],
)
def test_the_digest_goes_out_on_monday_at_the_morning_hour(
    now: datetime, policy: Policy, digest: datetime
) -> None:
    assert next_digest(now, policy) == digest
