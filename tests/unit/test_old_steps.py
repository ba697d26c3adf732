"""The steps an older version's reminders were, told by their times (bot.services.old_plans)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import Due, ReminderKind
from bot.reminders.plan import Policy, plan
from bot.services.old_plans import old_steps

VN = Policy()
BEFORE, DUE, OVERDUE = ReminderKind.BEFORE, ReminderKind.DUE, ReminderKind.OVERDUE
DAY = 24 * 60


def _vn(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2022, 7, day, hour, minute, tzinfo=VN.zone)


def test_a_date_counts_whole_days_and_overdue_notices_their_order() -> None:
    due = Due(_vn(11, 23, 59).astimezone(UTC), "day", "11/7")
    rows = [(4, OVERDUE, _vn(19, 9)), (1, BEFORE, _vn(10, 9)), (2, DUE, _vn(11, 9))]
    rows += [(3, OVERDUE, _vn(12, 9)), (5, OVERDUE, _vn(4, 9))]  # #5: an earlier deadline's
    assert old_steps(due, VN.zone, rows) == {1: DAY, 2: 0, 3: -1, 4: -2}


def test_a_time_counts_minutes_and_the_plan_goes_on_after_the_last_one_sent() -> None:
    due = Due(_vn(11, 17).astimezone(UTC), "time", "17h 11/7")
    rows = [(1, BEFORE, _vn(10, 17)), (2, DUE, _vn(11, 15)), (3, BEFORE, _vn(12, 9))]
    steps = old_steps(due, VN.zone, rows)
    assert steps == {1: DAY, 2: 120}  # #3, after the deadline: an earlier deadline's
    # Planned again at 15:30, the 2 hours before sent: next, the overdue notice at 17:00.
    left = plan(due, _vn(11, 15, 30), Policy(offsets=(DAY, 120)), set(steps.values()))
    assert (left[0].fire_at, left[0].kind, left[0].step) == (due.utc, OVERDUE, -1)
