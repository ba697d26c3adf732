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


DAY = 24 * 60


def test_a_step_still_to_come_that_new_settings_put_before_now_goes_out_now() -> None:
    due = _due(_vn(8, 23, 59, 59), "day")  # Friday
    earlier = Policy(morning_hour=8, weekends_off=False)
    # Still to come at 09:00 when the hour became 08:00: now, not the next morning.
    assert _shown(plan(due, _vn(8, 8, 30), earlier, owed={0}))[0] == ("08/07 08:30", "due", 0)
    # One that was never planned (left out, or sent) is not sent for it.
    assert _shown(plan(due, _vn(8, 8, 30), earlier))[0] == ("09/07 08:00", "overdue", -1)
    # An overdue notice still to come, too.
    assert _shown(plan(due, _vn(9, 8, 30), earlier, owed={-1}))[0] == (
        "09/07 08:30",
        "overdue",
        -1,
    )


def test_a_step_still_to_come_waits_for_the_quiet_hours_and_days_off_to_end() -> None:
    worked = Policy(weekends_off=False)
    due = _due(_vn(9, 12), "time")  # Saturday noon
    # Before now and in the quiet hours: at their end, before the deadline.
    assert _shown(plan(due, _vn(8, 22), worked, owed={DAY}))[0] == ("09/07 07:00", "due", DAY)
    # On Saturday, a day off: Monday's morning hour, with the morning of a Monday deadline.
    monday = _due(_vn(11, 23, 59, 59), "day")
    assert _shown(plan(monday, _vn(9, 8, 30), VN, owed={DAY}))[0] == ("11/07 09:00", "due", 0)
    # Not before a Sunday deadline: the overdue notice on Monday says it.
    sunday = _due(_vn(10, 23, 59, 59), "day")
    assert _shown(plan(sunday, _vn(9, 8, 30), VN, owed={DAY, 0}))[0] == (
        "11/07 09:00",
        "overdue",
        -1,
    )


def test_the_default_plan_keeps_its_steps_still_to_come_the_day_before() -> None:
    due = _due(_vn(9, 23, 59, 59), "day")  # Saturday
    later = Policy(morning_hour=10, weekends_off=False)
    # Planned two days before: the day before and the morning of the day. Scaled again on the
    # day before, the default plan is the morning of the day alone; the day before stays.
    assert _shown(plan(due, _vn(8, 8, 30), later, owed={DAY, 0}))[:2] == [
        ("08/07 10:00", "before", DAY),
        ("09/07 10:00", "due", 0),
    ]
    # The chat's own plan is its own: a step it does not have is not kept.
    own = Policy(morning_hour=10, weekends_off=False, offsets=(2 * DAY,))
    assert _shown(plan(due, _vn(8, 8, 30), own, owed={DAY})) == _shown(
        plan(due, _vn(8, 8, 30), own)
    )
