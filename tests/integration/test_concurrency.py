"""Several updates at once: first contact, crossing mentions, numbering, on both databases."""

from __future__ import annotations

import asyncio

from bot.clock import FakeClock
from bot.domain import ChatRef, PersonRef
from bot.services import ChatService, RequestContext, ServiceDeps, TaskService
from storage import Database, UnitOfWork


def person(n: int) -> PersonRef:
    return PersonRef(telegram_id=1000 + n, first_name=f"P{n}", username=f"user{n}")


async def test_concurrent_first_contact_and_crossing_mentions(
    database: Database, clock: FakeClock
) -> None:
    tasks = TaskService(ServiceDeps(database, clock, "Asia/Ho_Chi_Minh", "vi"))
    chats = [ChatRef(-100 - c, "supergroup", f"G{c}") for c in range(2)]

    async def record(i: int) -> int:
        # Person i writes in chat i % 2 and mentions person i + 1 by a text mention.
        ctx = RequestContext(chats[i % 2], person(i), message_id=i, is_admin=True)
        other = person((i + 1) % 8)
        result = await tasks.record(
            ctx, f"P{(i + 1) % 8}: việc {i} thứ 6", {other.first_name: other}
        )
        return result.task.number

    numbers = await asyncio.gather(*(record(i) for i in range(16)))
    assert sorted(numbers) == sorted([*range(1, 9), *range(1, 9)])
    async with UnitOfWork(database) as uow:
        for ref in chats:
            chat = await uow.chats.get_by_telegram_id(ref.telegram_id)
            assert chat is not None
            assert len(await uow.tasks.list_open(chat.id, 100)) == 8


async def test_two_engines_write_one_database_at_once(database_url: str, clock: FakeClock) -> None:
    """Two bots' worth of engines (say the bot and the command line) on one database file:
    every write waits its turn instead of failing with "database is locked"."""
    engines = [Database(database_url), Database(database_url)]
    await engines[0].upgrade()
    services = [
        (TaskService(deps), ChatService(deps))
        for deps in (ServiceDeps(db, clock, "Asia/Ho_Chi_Minh", "vi") for db in engines)
    ]
    group = ChatRef(-100, "supergroup", "G")
    try:

        async def record(i: int) -> int:
            ctx = RequestContext(group, person(i), message_id=i, is_admin=True)
            tasks, chats = services[i % 2]
            number = (await tasks.record(ctx, f"@user{i}: việc {i} thứ 6")).task.number
            if i % 4 == 0:  # a long write: the chat's plan re-plans every open task
                await chats.set_reminder_plan(ctx, "3d 1d")
            return number

        numbers = await asyncio.gather(*(record(i) for i in range(24)))
        assert sorted(numbers) == list(range(1, 25))
    finally:
        for db in engines:
            await db.dispose()
