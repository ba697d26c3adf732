"""Upgrading a running bot: the reminders an older version planned, without the steps of a plan
(migration 0010) nor days off (0013), are planned again when the new version starts, each
going out once, none on a weekend."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import MetaData, func, select

from bot.clock import FakeClock
from bot.services import old_plans
from bot.services.old_plans import replan_old_plans
from storage import Database
from storage.database import alembic_config
from storage.models import ReminderRow
from tests.e2e.conftest import Group, Harness, restarted, started
from tests.e2e.test_reminders import at, item_of, pending, reminders_in

LOG = "bot.services.old_plans"
BEFORE_STEPS = "0009"  # the last revision whose reminders had no steps
OLD_PLANS = "planned again the reminders of {} open tasks planned by an older version"


def utc(day: int, month: int, hour: int = 9) -> datetime:
    return at(day, month, hour).astimezone(UTC)


async def plan_the_old_way(url: str, telegram_id: int) -> None:
    """A database at revision 0009 holding a group's tasks and the reminders the version of
    then planned for them (no days off: 10/7 is a Sunday), as it stored them. The bot was
    stopped on Thursday 07/07 before 09:00."""
    await asyncio.to_thread(command.upgrade, alembic_config(url), BEFORE_STEPS)
    database = Database(url)
    try:
        async with database.engine.begin() as connection:
            metadata = MetaData()
            names = ("chats", "tasks", "reminders")
            await connection.run_sync(
                lambda sync: metadata.reflect(sync, only=names, resolve_fks=False)
            )
            chats, tasks, reminders = (metadata.tables[name] for name in names)
            then = utc(1, 7)
            chat = await connection.scalar(
                chats.insert()
                .values(
                    telegram_id=telegram_id,
                    type="supergroup",
                    title="Khối thi đua số 1",
                    timezone="Asia/Ho_Chi_Minh",
                    language="vi",
                    active=True,
                    morning_hour=9,
                    quiet_start=21,
                    quiet_end=7,
                    digest_enabled=True,
                    next_task_number=4,
                    next_decision_number=1,
                    next_meeting_number=1,
                    created_at=then,
                    updated_at=then,
                )
                .returning(chats.c.id)
            )

            async def task(number: int, title: str, due: datetime, *planned: Any) -> None:
                task_id = await connection.scalar(
                    tasks.insert()
                    .values(
                        chat_id=chat,
                        number=number,
                        title=title,
                        status="open",
                        due_utc=due,
                        due_precision="day",
                        due_text=f"ngày {due.day}/7",
                        created_at=then,
                        updated_at=then,
                    )
                    .returning(tasks.c.id)
                )
                for kind, fire_at, sent_at in planned:
                    await connection.execute(
                        reminders.insert().values(
                            task_id=task_id,
                            chat_id=chat,
                            kind=kind,
                            fire_at=fire_at,
                            sent_at=sent_at,
                            attempts=int(sent_at is not None),
                        )
                    )

            # Due Monday 11/7: the day before (a Sunday), the morning of the day, then weekly.
            await task(
                1,
                "nộp báo cáo",
                utc(11, 7, 23),
                ("before", utc(10, 7), None),
                ("due", utc(11, 7), None),
                *(("overdue", utc(day, month), None) for day, month in ((12, 7), (19, 7))),
            )
            # Due Wednesday 06/7: its first overdue notice fell due while the bot was stopped.
            await task(
                2,
                "in giấy mời",
                utc(6, 7, 23),
                *(("overdue", utc(day, 7), None) for day in (7, 14, 21)),
            )
            # Due Tuesday 05/7: its first overdue notice went out on Wednesday.
            await task(
                3,
                "đặt hội trường",
                utc(5, 7, 23),
                ("overdue", utc(6, 7), utc(6, 7)),
                *(("overdue", utc(day, 7), None) for day in (13, 20)),
            )
            await connection.execute(
                reminders.insert().values(
                    chat_id=chat, kind="digest", fire_at=utc(11, 7), attempts=0
                )
            )
    finally:
        await database.dispose()


async def old_rows(database: Database) -> int:
    """How many reminders still to send are steps of a plan not known as such."""
    async with database.engine.connect() as connection:
        found = await connection.scalar(
            select(func.count())
            .select_from(ReminderRow)
            .where(
                ReminderRow.sent_at.is_(None),
                ReminderRow.step.is_(None),
                ReminderRow.kind.in_(["before", "due", "overdue"]),
            )
        )
    return int(found or 0)


async def recorded_sent(harness: Harness, chat_id: int, number: int, fire_at: str) -> None:
    """Wait until task ``number``'s reminder at ``fire_at``, which went out, is recorded as sent
    (the sender records it just after Telegram took the message)."""
    for _ in range(200):
        if (await pending(harness, chat_id, number))[0][0] != fire_at:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"#{number}'s reminder at {fire_at} is not recorded as sent")


async def test_reminders_planned_before_the_upgrade_are_planned_again_and_sent_once(
    database_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOG)
    clock.set(at(7, 7, 10))  # Thursday: the new version starts
    groups: list[Group] = []

    async def upgrading(harness: Harness) -> None:
        users = harness.users
        group = harness.group("Khối thi đua số 1", [users["lan"]], [users["secretary"]])
        groups.append(group)
        await plan_the_old_way(database_url, group.id)

    async with started(database_url, clock, before=upgrading) as harness:
        [group] = groups
        # What fell due while the bot was stopped still goes out, once.
        [late] = await harness.sandbox.wait_for_bot_messages(group.id, count=1, timeout=10)
        assert "đã quá hạn 1 ngày" in item_of(late["text"], 2)
        await recorded_sent(harness, group.id, 2, "07/07 09:00")
        replanned = [r.getMessage() for r in caplog.records if r.name == LOG]
        assert replanned == [OLD_PLANS.format(3)]
        assert await old_rows(harness.database) == 0
        # Sunday's reminder moves to Friday; the overdue notices ride the Monday digests.
        assert await pending(harness, group.id, 1) == [
            ("08/07 09:00", "before"),
            ("11/07 09:00", "due"),
            ("12/07 09:00", "overdue"),
            ("18/07 09:00", "overdue"),
            ("25/07 09:00", "overdue"),
            ("01/08 09:00", "overdue"),
        ]
        # #2's first notice went out, #3's before: their next ones are Monday's.
        for number in (2, 3):
            assert (await pending(harness, group.id, number))[0] == ("11/07 09:00", "overdue")

        # A restart has nothing to plan again.
        caplog.clear()
        async with restarted(harness):
            assert [r for r in caplog.records if r.name == LOG] == []
        assert len(await pending(harness, group.id, 1)) == 6

        assert await harness.at(at(8, 7)) == 1  # Friday: #1's day before, nothing else
        [friday] = reminders_in(group)[1:]
        assert "còn 3 ngày" in item_of(friday["text"], 1)
        assert "#2 " not in friday["text"]
        assert "#3 " not in friday["text"]
        assert await harness.at(at(9, 7, 20)) == 0  # Saturday
        assert await harness.at(at(10, 7, 20)) == 0  # Sunday
        # Monday: #1 due, #2 and #3 overdue, in one message (the digest would add nothing).
        assert await harness.at(at(11, 7)) == 3
        monday = reminders_in(group)[-1]["text"]
        assert "hạn là hôm nay" in item_of(monday, 1)
        assert "đã quá hạn 5 ngày" in item_of(monday, 2)
        assert "đã quá hạn 6 ngày" in item_of(monday, 3)
        assert await harness.at(at(12, 7)) == 1  # #1's first overdue notice
        assert await harness.at(at(14, 7, 20)) == 0  # no more of the old weekly ones


async def test_two_replicas_starting_together_plan_the_old_reminders_once(
    database_url: str, clock: FakeClock
) -> None:
    clock.set(at(7, 7, 10))
    await plan_the_old_way(database_url, -1001000000001)
    databases = [Database(database_url) for _ in "ab"]
    try:
        await databases[0].upgrade()
        counts = await asyncio.gather(*(replan_old_plans(db, clock) for db in databases))
        assert sorted(counts) == [0, 3]  # the group's tasks, by one of them
        async with databases[0].engine.connect() as connection:
            rows = (
                await connection.execute(
                    select(ReminderRow.task_id, ReminderRow.fire_at, ReminderRow.step)
                    .where(ReminderRow.sent_at.is_(None), ReminderRow.task_id.is_not(None))
                    .order_by(ReminderRow.task_id, ReminderRow.fire_at)
                )
            ).all()
        # #1's six, #2's (the one due, then three) and #3's three: none twice.
        assert len(rows) == len(set(rows)) == 6 + 4 + 3
        assert await replan_old_plans(databases[1], clock) == 0
    finally:
        for db in databases:
            await db.dispose()


async def test_a_chat_that_fails_to_be_planned_again_does_not_stop_the_start(
    database_url: str,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.INFO, logger=LOG)
    clock.set(at(7, 7, 10))
    await plan_the_old_way(database_url, -1001000000001)
    database = Database(database_url)

    async def deadlocked(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("deadlock detected")

    try:
        await database.upgrade()
        monkeypatch.setattr(old_plans, "replan", deadlocked)
        assert await replan_old_plans(database, clock) == 0  # and no exception: the bot starts
        assert "were not planned again" in caplog.text
        assert await old_rows(database) > 0  # left as they were, for the next start
    finally:
        await database.dispose()
