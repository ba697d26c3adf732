"""The deadline decided at a meeting, read from audit events, old ones (without the deadline's
precision) too."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import Due, HistoryEntry, Task, TaskStatus
from bot.services.deadline_record import decided_at_meeting

ENDED = datetime(2022, 7, 7, 2, 10, tzinfo=UTC)  # 09:10 in Vietnam
DAY_END_VN = datetime(2022, 12, 31, 16, 59, 59, tzinfo=UTC)  # 31/12 23:59:59 in Vietnam
DAY_END_TOKYO = datetime(2022, 12, 31, 14, 59, 59, tzinfo=UTC)  # 31/12 23:59:59 in Tokyo
LATER = datetime(2022, 7, 20, 3, 0, tzinfo=UTC)


Values = dict[str, object] | None


def event(action: str, at: datetime, before: Values = None, after: Values = None) -> HistoryEntry:
    return HistoryEntry(at, None, action, before, after)


def task(due: Due | None) -> Task:
    return Task(1, 1, 2, "lập danh sách", TaskStatus.OPEN, due)


CREATED = event("create", ENDED, after={"number": 2, "due": DAY_END_VN.isoformat()})
MOVED = event(
    "due_zone",
    datetime(2022, 7, 8, tzinfo=UTC),
    before={"due": DAY_END_VN.isoformat(), "timezone": "Asia/Ho_Chi_Minh"},
    after={"due": DAY_END_TOKYO.isoformat(), "timezone": "Asia/Tokyo"},
)


def test_an_old_day_deadline_keeps_its_day_in_a_new_zone() -> None:
    """The create event kept no precision: 23:59:59 in the zone of the day it was written
    (Vietnam, not the chat's Tokyo now) says a day, which the new zone keeps."""
    now = Due(datetime(2023, 1, 15, 14, 59, 59, tzinfo=UTC), "day", "15/01/2023")
    changed = event(
        "deadline",
        LATER,
        before={"due": DAY_END_TOKYO.isoformat()},
        after={"due": now.utc.isoformat(), "precision": "day", "text": "15/01/2023"},
    )
    change = decided_at_meeting(task(now), [CREATED, MOVED, changed], ENDED, "Asia/Tokyo")
    assert change is not None
    assert change.before == Due(DAY_END_TOKYO, "day", "")
    assert (change.after, change.at) == (now, LATER)


def test_a_new_zone_alone_or_a_change_undone_is_no_change() -> None:
    kept = Due(DAY_END_TOKYO, "day", "31/12/2022")
    assert decided_at_meeting(task(kept), [CREATED, MOVED], ENDED, "Asia/Tokyo") is None
    there = event("deadline", LATER, after={"due": LATER.isoformat(), "precision": "time"})
    back = event("deadline", LATER, after={"due": DAY_END_TOKYO.isoformat(), "precision": "day"})
    events = [CREATED, MOVED, there, back]
    assert decided_at_meeting(task(kept), events, ENDED, "Asia/Tokyo") is None


def test_a_correction_during_the_meeting_is_what_was_decided() -> None:
    fixed = Due(datetime(2023, 1, 15, 16, 59, 59, tzinfo=UTC), "day", "15/01/2023")
    corrected = event("deadline", ENDED, after={"due": fixed.utc.isoformat(), "precision": "day"})
    assert decided_at_meeting(task(fixed), [CREATED, corrected], ENDED, "Asia/Ho_Chi_Minh") is None
