"""Reminders on days off: Saturday, Sunday and Vietnam's public holidays (from ``holidays``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain import Due
from bot.reminders.plan import Planned, Policy, next_digest, plan
from bot.reminders.workdays import country_code, is_day_off

VN = Policy()  # Saturday, Sunday and Vietnam's holidays off: the default
EVERY_DAY = Policy(holidays=None, weekends_off=False)


def vn(day: int, month: int, year: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN.zone)


def on(day: int, month: int, year: int) -> Due:
    """A deadline given as a date: the end of that day in Vietnam."""
    return Due(vn(day, month, year, 23, 59).replace(second=59).astimezone(UTC), "day", "x")


def timed(day: int, month: int, year: int, hour: int) -> Due:
    return Due(vn(day, month, year, hour).astimezone(UTC), "time", "x")


def shown(planned: list[Planned]) -> list[tuple[str, str, int]]:
    return [
        (p.fire_at.astimezone(VN.zone).strftime("%a %d/%m %H:%M"), p.kind.value, p.step)
        for p in planned
    ]


def test_the_days_off_of_vietnam() -> None:
    for off in (
        date(2026, 1, 1),  # Tết Dương lịch
        *(date(2027, 2, d) for d in range(6, 11)),  # Mùng 1 to Mùng 5 Tết Đinh Mùi
        date(2027, 4, 16),  # Giỗ Tổ Hùng Vương
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 2),
        date(2027, 1, 2),  # a Saturday
        date(2027, 1, 3),  # a Sunday
    ):
        assert is_day_off(off, "VN", True), off
    assert not is_day_off(date(2027, 1, 4), "VN", True)  # Monday
    assert not is_day_off(date(2027, 1, 2), "VN", False)  # Saturday, worked
    assert not is_day_off(date(2027, 2, 8), None, True)  # no holidays: a Monday like others
    assert (country_code("vn"), country_code("VNM"), country_code("xx")) == ("VN", "VN", None)


def test_a_task_due_friday_is_overdue_on_monday_not_saturday() -> None:
    planned = plan(on(8, 7, 2022), vn(4, 7, 2022), VN)
    assert shown(planned) == [
        ("Thu 07/07 09:00", "before", 1440),
        ("Fri 08/07 09:00", "due", 0),
        ("Mon 11/07 09:00", "overdue", -1),
        ("Mon 18/07 09:00", "overdue", -2),
        ("Mon 25/07 09:00", "overdue", -3),
        ("Mon 01/08 09:00", "overdue", -4),
    ]
    # A chat that works every day keeps Saturday.
    assert shown(plan(on(8, 7, 2022), vn(4, 7, 2022), EVERY_DAY))[2] == (
        "Sat 09/07 09:00",
        "overdue",
        -1,
    )


def test_a_deadline_on_sunday_is_reminded_on_the_working_days_before_it() -> None:
    # "trước 10/1" said on Monday 28/12/2026: 7 days before is Sunday 03/01, moved past New
    # Year's Day (Friday 01/01) to Thursday 31/12; the day before, Saturday 09/01, to Friday.
    planned = plan(on(10, 1, 2027), vn(28, 12, 2026, 10), VN)
    assert shown(planned)[:3] == [
        ("Thu 31/12 09:00", "before", 7 * 1440),
        ("Fri 08/01 09:00", "before", 1440),
        ("Mon 11/01 09:00", "overdue", -1),
    ]


def test_this_week_said_on_thursday_is_reminded_once_on_friday() -> None:
    # Due Sunday: the day before and the morning of the day both fall on the weekend, both
    # move to Friday, where they are one reminder, under the later step.
    planned = plan(on(10, 7, 2022), vn(7, 7, 2022, 10), VN)
    assert shown(planned)[:2] == [
        ("Fri 08/07 09:00", "before", 0),
        ("Mon 11/07 09:00", "overdue", -1),
    ]
    # Sent, it is not sent again when a later morning hour moves Friday's reminders.
    again = plan(on(10, 7, 2022), vn(8, 7, 2022, 9, 5), Policy(morning_hour=10), done={0})
    assert shown(again)[0] == ("Mon 11/07 10:00", "overdue", -1)


def test_monday_next_week_gets_its_day_before_on_friday_and_never_before_now() -> None:
    planned = plan(on(11, 7, 2022), vn(6, 7, 2022), VN)
    assert shown(planned)[:2] == [
        ("Fri 08/07 09:00", "before", 1440),
        ("Mon 11/07 09:00", "due", 0),
    ]
    # Recorded on Saturday: Friday is past, and nothing goes out on Sunday.
    planned = plan(on(11, 7, 2022), vn(9, 7, 2022), VN)
    assert shown(planned)[0] == ("Mon 11/07 09:00", "due", 0)


def test_overdue_on_new_years_day_and_tet_waits_for_the_first_working_day() -> None:
    # Due Thursday 31/12/2026: Friday 01/01 is a holiday, then the weekend.
    assert shown(plan(on(31, 12, 2026), vn(28, 12, 2026), VN))[-4:] == [
        ("Mon 04/01 09:00", "overdue", -1),
        ("Mon 11/01 09:00", "overdue", -2),
        ("Mon 18/01 09:00", "overdue", -3),
        ("Mon 25/01 09:00", "overdue", -4),
    ]
    # Due Wednesday 03/02/2027: Tết Đinh Mùi (Mùng 1 is Saturday 06/02) runs to 10/02.
    planned = plan(on(3, 2, 2027), vn(1, 2, 2027), VN)
    assert shown(planned)[:3] == [
        ("Tue 02/02 09:00", "before", 1440),
        ("Wed 03/02 09:00", "due", 0),
        ("Thu 11/02 09:00", "overdue", -1),
    ]
    # Due on Mùng 2 Tết: reminded before the holidays began.
    assert shown(plan(on(7, 2, 2027), vn(1, 2, 2027), VN))[:2] == [
        ("Wed 03/02 09:00", "before", 0),
        ("Thu 11/02 09:00", "overdue", -1),
    ]


def test_reunification_day_and_labour_day() -> None:
    # 30/4 (Friday) and 1/5 (Saturday) 2027, and Monday 03/05 in lieu of 1/5.
    planned = plan(on(29, 4, 2027), vn(26, 4, 2027), VN)
    assert shown(planned)[-4] == ("Tue 04/05 09:00", "overdue", -1)
    planned = plan(on(4, 5, 2027), vn(28, 4, 2027), VN)
    assert shown(planned)[:2] == [
        ("Thu 29/04 09:00", "before", 1440),
        ("Tue 04/05 09:00", "due", 0),
    ]


def test_a_time_of_day_on_a_day_off_keeps_its_due_now_message() -> None:
    # Saturday 17:00: two hours before goes to Friday 15:00; the notice at 17:00 stays, the
    # next ones go with the Monday digests.
    planned = plan(timed(9, 7, 2022, 17), vn(8, 7, 2022), VN)
    assert shown(planned) == [
        ("Fri 08/07 15:00", "before", 120),
        ("Sat 09/07 17:00", "overdue", -1),
        ("Mon 11/07 09:00", "overdue", -2),
        ("Mon 18/07 09:00", "overdue", -3),
        ("Mon 25/07 09:00", "overdue", -4),
    ]


def test_an_overdue_notice_never_falls_the_day_after_the_digest() -> None:
    # Due Monday 11/07: the first notice on Tuesday, the others with the Monday digests, where
    # they were on Tuesdays, the day after the digest that listed the task.
    planned = plan(on(11, 7, 2022), vn(7, 7, 2022), VN)
    overdue = [p for p in shown(planned) if p[1] == "overdue"]
    assert overdue == [
        ("Tue 12/07 09:00", "overdue", -1),
        ("Mon 18/07 09:00", "overdue", -2),
        ("Mon 25/07 09:00", "overdue", -3),
        ("Mon 01/08 09:00", "overdue", -4),
    ]
    assert [p.fire_at for p in planned[-3:]] == [
        next_digest(vn(d, m, 2022), VN) for d, m in ((12, 7), (19, 7), (26, 7))
    ]


@pytest.mark.parametrize(
    ("now", "digest"),
    [
        (vn(5, 2, 2027), vn(11, 2, 2027)),  # Mùng 3 Tết (Monday 08/02): Thursday after Tết
        (vn(11, 2, 2027, 9), vn(15, 2, 2027)),  # sent: the next Monday
        (vn(1, 1, 2027), vn(4, 1, 2027)),
        (vn(24, 4, 2026), vn(28, 4, 2026)),  # Monday 27/04/2026, Giỗ Tổ in lieu
        (vn(14, 2, 2026), vn(23, 2, 2026)),  # Tết Bính Ngọ, Monday to Friday: a week later
    ],
)
def test_the_monday_digest_on_a_holiday_goes_out_on_the_first_working_day(
    now: datetime, digest: datetime
) -> None:
    assert next_digest(now, VN) == digest
