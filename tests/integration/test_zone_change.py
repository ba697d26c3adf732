"""A chat's new time zone on SQLite and PostgreSQL: deadlines given as a date or a period keep
their local dates (closed tasks' too), timed ones their instant; reminders are re-planned and
each move audited, all in the one transaction of the change."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.domain import ChatRef, Due, PersonRef, TaskStatus
from bot.errors import InvalidInput
from bot.services import ChatService, RequestContext, ServiceDeps
from storage import Database, UnitOfWork
from tests.integration.test_storage import add_task

VN, TOKYO = ZoneInfo("Asia/Ho_Chi_Minh"), ZoneInfo("Asia/Tokyo")
GROUP = ChatRef(-100, "supergroup", "G")
ADMIN = RequestContext(GROUP, PersonRef(1001, "Thu", username="thuky"), is_admin=True)


def end_of_day(day: int, month: int, zone: ZoneInfo) -> datetime:
    return datetime(2022, month, day, 23, 59, 59, tzinfo=zone).astimezone(UTC)


async def test_new_zone_re_anchors_dates_and_re_plans_in_one_transaction(
    database: Database, clock: FakeClock
) -> None:
    chats = ChatService(ServiceDeps(database, clock, "Asia/Ho_Chi_Minh", "vi"))
    chat = await chats.get(ADMIN)
    timed = datetime(2022, 7, 8, 17, 0, tzinfo=VN).astimezone(UTC)
    async with UnitOfWork(database) as uow:
        day = await add_task(uow, chat.id, 1, "a", due=Due(end_of_day(15, 7, VN), "day", "15/7"))
        await add_task(uow, chat.id, 2, "b", due=Due(end_of_day(31, 7, VN), "period", "July"))
        await add_task(uow, chat.id, 3, "c", due=Due(timed, "time", "Friday 5pm"))
        done = await add_task(uow, chat.id, 4, "d", due=Due(end_of_day(12, 7, VN), "day", "12/7"))
        await add_task(uow, chat.id, 5, "e")
        await uow.tasks.set_status(chat.id, 4, TaskStatus.DONE, None, clock.now())
        await uow.commit()

    result = await chats.change_setting(ADMIN, "tz", "Asia/Tokyo")

    assert (result.chat.timezone, result.dates_kept, result.times_kept) == ("Asia/Tokyo", 2, 1)
    async with UnitOfWork(database) as uow:
        tasks = await uow.tasks.by_numbers(chat.id, [1, 2, 3, 4, 5])
        dues = {t.number: t.due.utc if t.due else None for t in tasks}
        assert dues == {
            1: end_of_day(15, 7, TOKYO),
            2: end_of_day(31, 7, TOKYO),
            3: timed,
            4: end_of_day(12, 7, TOKYO),
            5: None,
        }
        assert {t.number: t.due.text for t in tasks if t.due} == {
            1: "15/7",
            2: "July",
            3: "Friday 5pm",
            4: "12/7",
        }
        planned = await uow.reminders.pending_for_task(day.id)
        assert (datetime(2022, 7, 14, 9, tzinfo=TOKYO), "before") in [
            (at, kind.value) for at, kind in planned
        ]
        assert await uow.reminders.pending_for_task(done.id) == []
        history = await uow.audit.history(chat.id, "task", done.id)
    [moved] = [e for e in history if e.action == "due_zone"]
    old_zone = "Asia/Ho_Chi_Minh"
    assert moved.before == {"due": end_of_day(12, 7, VN).isoformat(), "timezone": old_zone}
    assert moved.after == {"due": end_of_day(12, 7, TOKYO).isoformat(), "timezone": "Asia/Tokyo"}


async def test_a_refused_change_moves_nothing(database: Database, clock: FakeClock) -> None:
    chats = ChatService(ServiceDeps(database, clock, "Asia/Ho_Chi_Minh", "vi"))
    chat = await chats.get(ADMIN)
    async with UnitOfWork(database) as uow:
        await add_task(uow, chat.id, 1, "a", due=Due(end_of_day(15, 7, VN), "day", "15/7"))
        await uow.commit()
    with pytest.raises(InvalidInput):
        await chats.change_setting(ADMIN, "tz", "Mars/Olympus")
    async with UnitOfWork(database) as uow:
        task = await uow.tasks.get(chat.id, 1)
    assert task is not None
    assert task.due is not None
    assert task.due.utc == end_of_day(15, 7, VN)
