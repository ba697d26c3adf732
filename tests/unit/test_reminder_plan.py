"""The plan's steps: what a new plan for the same deadline leaves out once it went out."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import Due, ReminderKind
from bot.reminders.plan import Planned, Policy, plan

VN = Policy()


def _vn(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2022, 7, day, hour, minute, second, tzinfo=VN.zone)


def _due(when: datetime, precision: str) -> Due:
    return Due(when.astimezone(UTC), precision, "x")


def _shown(planned: list[Planned]) -> list[tuple[str, str, int]]:
    return [
        (p.fire_at.astimezone(VN.zone).strftime("%d/%m %H:%M"), p.kind.value, p.step)
        for p in planned
    ]


def test_a_date_counts_whole_days_and_less_than_a_day_is_the_morning_of_its_day() -> None:
    due = _due(_vn(15, 23, 59, 59), "day")
    offsets = Policy(offsets=(36 * 60, 12 * 60, 6 * 60))
    assert _shown(plan(due, _vn(7, 9), offsets))[:2] == [
        ("14/07 09:00", "before", 24 * 60),
        ("15/07 09:00", "due", 0),
    ]


def test_a_step_done_is_not_planned_again_at_a_later_hour() -> None:
    due = _due(_vn(12, 23, 59, 59), "day")  # a Tuesday
    later = Policy(morning_hour=10)
    assert _shown(plan(due, _vn(11, 9, 5), later))[0] == ("12/07 10:00", "due", 0)
    assert _shown(plan(due, _vn(12, 9, 5), later))[0] == ("12/07 10:00", "due", 0)
    assert _shown(plan(due, _vn(12, 9, 5), later, done={0}))[0] == ("13/07 10:00", "overdue", -1)


def test_overdue_notices_once_begun_keep_their_days() -> None:
    due = _due(_vn(7, 17), "time")
    # Recorded after it was due, or never reminded: the first notice the next morning.
    assert _shown(plan(due, _vn(7, 17, 30), VN))[0] == ("08/07 09:00", "overdue", -1)
    # The notice went out at 17:00: nothing the next morning; the next ones go out with the
    # Monday digests, the minute they do.
    planned = plan(due, _vn(7, 17, 30), VN, done={-1})
    assert _shown(planned) == [
        ("11/07 09:00", "overdue", -2),
        ("18/07 09:00", "overdue", -3),
        ("25/07 09:00", "overdue", -4),
    ]
    assert all(p.kind is ReminderKind.OVERDUE for p in planned)
