"""Several updates at once: first contact, crossing mentions, numbering, on both databases."""

from __future__ import annotations

import asyncio

import pytest

from bot.clock import FakeClock
from bot.domain import ChatRef, ForgetAnswer, PersonRef
from bot.errors import InvalidInput, NotAllowed
from bot.services import ChatService, OrganisationService, RequestContext, ServiceDeps, TaskService
from bot.services.forget import ForgetService, Forgotten
from bot.services.task_drafts import TaskDraftService, TaskQuestion
from bot.services.tasks import TaskRecorded
from storage import Database, UnitOfWork
from tests.integration.test_storage import make_chat


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


async def test_presses_at_once_on_one_question_record_one_task(
    database: Database, clock: FakeClock
) -> None:
    deps = ServiceDeps(database, clock, "Asia/Ho_Chi_Minh", "vi")
    tasks = TaskService(deps)
    drafts = TaskDraftService(deps, tasks)
    ctx = RequestContext(ChatRef(-100, "supergroup", "G"), person(1), message_id=1, is_admin=True)
    await OrganisationService(deps).add(ctx, "Hội Chữ thập đỏ")
    await OrganisationService(deps).add(ctx, "Hội Nông dân")
    question = await tasks.record(ctx, "Hội: in tài liệu")
    assert isinstance(question, TaskQuestion)
    choice = str(question.candidates[0][0])
    # Replicas behind a webhook may handle a double tap at the same moment.
    outcomes = await asyncio.gather(
        *(drafts.choose(ctx, question.draft_id, question.index, choice) for _ in range(4)),
        return_exceptions=True,
    )
    assert sum(isinstance(o, TaskRecorded) for o in outcomes) == 1
    assert sorted(o.key for o in outcomes if isinstance(o, InvalidInput)) == ["draft.gone"] * 3
    async with UnitOfWork(database) as uow:
        chat = await uow.chats.get_by_telegram_id(-100)
        assert chat is not None
        assert [t.title for t in await uow.tasks.list_open(chat.id, 100)] == ["in tài liệu"]


async def test_presses_at_once_on_one_forget_question_act_once(
    database: Database, clock: FakeClock
) -> None:
    deps = ServiceDeps(database, clock, "Asia/Ho_Chi_Minh", "vi")
    forget, tasks = ForgetService(deps), TaskService(deps)
    ctx = RequestContext(ChatRef(-100, "supergroup", "G"), person(1), message_id=1, is_admin=True)
    await tasks.record(ctx, "P2: in tài liệu", {"P2": person(2)})
    asked = await forget.ask(ctx, person(1).telegram_id)
    # A double tap on each button, handled by replicas at the same moment: one press acts.
    presses = [press(ctx, asked.token) for press in (forget.forget, forget.cancel) * 2]
    outcomes = await asyncio.gather(*presses, return_exceptions=True)
    acted = [o for o in outcomes if not isinstance(o, NotAllowed)]
    assert len(acted) == 1, outcomes
    refused = sorted(o.key for o in outcomes if isinstance(o, NotAllowed))
    async with UnitOfWork(database) as uow:
        chat = await uow.chats.get_by_telegram_id(-100)
    if isinstance(acted[0], Forgotten):
        assert refused == [
            "forget.already_deleted",
            "forget.cancel_too_late",
            "forget.cancel_too_late",
        ]
        assert chat is None
    else:
        assert refused == ["forget.already_cancelled"] * 3
        assert chat is not None


@pytest.mark.postgres
async def test_a_forget_question_answered_meanwhile_is_read_again(
    postgres_url: str, clock: FakeClock
) -> None:
    """Two presses at once on PostgreSQL: the second waits for the first's row lock, finds the
    question answered, and reads what the first answered, not what it read before."""
    database = Database(postgres_url)
    await database.upgrade()
    now = clock.now()
    try:
        async with UnitOfWork(database) as uow:
            chat_id = await make_chat(uow, -100)
            await uow.forget_questions.add("abc", chat_id, 1, now)
            await uow.commit()
        async with UnitOfWork(database) as first, UnitOfWork(database) as second:
            assert await first.forget_questions.answer("abc", chat_id, ForgetAnswer.DELETED)
            seen = await second.forget_questions.find("abc")
            assert seen is not None
            assert seen.answer is None
            waiting = asyncio.create_task(
                second.forget_questions.answer("abc", chat_id, ForgetAnswer.CANCELLED)
            )
            await asyncio.sleep(0.2)
            assert not waiting.done()  # the row lock
            await first.commit()
            assert await waiting is False
            again = await second.forget_questions.find("abc")
            assert again is not None
            assert again.answer is ForgetAnswer.DELETED
    finally:
        await database.dispose()


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
            recorded = await tasks.record(ctx, f"@user{i}: việc {i} thứ 6")
            assert isinstance(recorded, TaskRecorded)  # a person: no question asked
            number = recorded.task.number
            if i % 4 == 0:  # a long write: the chat's plan re-plans every open task
                await chats.set_reminder_plan(ctx, "3d 1d")
            return number

        numbers = await asyncio.gather(*(record(i) for i in range(24)))
        assert sorted(numbers) == list(range(1, 25))
    finally:
        for db in engines:
            await db.dispose()
