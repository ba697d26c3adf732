"""The whole bot through Telegram's failures.

Each kind of fault on each method the bot answers with, then a storm of seeded random faults
on every method. Once a fault clears, every command is answered; every record is in the
database exactly once. The bot runs as in production: with the rate limiter (429s) and the
request layer's retries (5xx, lost connections), only with a shorter read timeout so held calls
give up sooner, and Telegram's group limit lifted so a long script does not wait on it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update
from telegram import Bot

from bot.app import default_rate_limiter
from bot.clock import FakeClock
from bot.context import Services
from bot.rate_limits import PostingLimiter
from storage import UnitOfWork
from storage.models import ChatRow, DecisionRow, PendingAnswerRow, ReminderRow, TaskRow
from tests.e2e.conftest import Group, Harness, restarted, started
from tests.e2e.test_reminders import at, reminders_in
from tests.e2e.test_replicas import replica

JSON = dict[str, Any]
READ_TIMEOUT = 2.5  # seconds: a held call is given up after this (getUpdates: 10 s more)
WAIT = 30.0  # seconds the tests wait at most for an answer
RECORD = "/viec @lan: gửi danh sách đại biểu 17h ngày mai"  # Lan's alone: her ✅ closes it
TITLE = "gửi danh sách đại biểu"
TRANSIENT = ["429", "500", "502", "timeout", "drop", "drop_after"]


# The pauses before an answer Telegram did not take is sent again, shorter than the bot's own.
RESEND_AFTER = (timedelta(seconds=2), timedelta(seconds=2))
# The bot as production builds it, but for the times above (and the group limit lifted).
BUILD = {"read_timeout": READ_TIMEOUT, "resend_after": RESEND_AFTER}


def limiter() -> PostingLimiter:
    return default_rate_limiter(group_max_rate=1000, overall_max_rate=1000)


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[Harness]:
    """The bot as production builds it, with the rate limiter."""
    async with started(database_url, clock, rate_limiter=limiter(), **BUILD) as harness:
        yield harness


# --- reading the outcome -------------------------------------------------------------------


async def records(harness: Harness) -> JSON:
    """Everything the bot recorded, in the whole database, in a comparable form."""
    async with UnitOfWork(harness.database) as uow:
        session = uow.session
        chats = {row.id: row.telegram_id for row in await session.scalars(select(ChatRow))}
        tasks = sorted(
            (
                chats[t.chat_id],
                t.number,
                t.title,
                t.status,
                tuple(a.label for a in t.assignees),
                t.due_utc,
            )
            for t in await session.scalars(select(TaskRow))
        )
        numbers = {t.id: t.number for t in await session.scalars(select(TaskRow))}
        decisions = sorted(
            (chats[d.chat_id], d.number, d.text) for d in await session.scalars(select(DecisionRow))
        )
        reminders = sorted(
            (chats[r.chat_id], numbers.get(r.task_id or 0, 0), r.kind, r.fire_at, r.sent_at is None)
            for r in await session.scalars(select(ReminderRow))
        )
    return {
        "chats": sorted(chats.values()),
        "tasks": tasks,
        "decisions": decisions,
        "reminders": reminders,
    }


def answers_to(group: Group, message: JSON) -> list[JSON]:
    """The bot's messages that reply to ``message``."""
    return [
        m
        for m in group.bot_messages()
        if m.get("reply_to_message", {}).get("message_id") == message["message_id"]
    ]


async def ask(group: Group, user: JSON, text: str) -> tuple[JSON, JSON]:
    """``user`` writes ``text``; wait for the bot's answer to it. Return (message, answer)."""
    sandbox = group.harness.sandbox
    message = await sandbox.send_message(group.id, user["id"], text)
    await sandbox.wait_until(lambda: bool(answers_to(group, message)), WAIT)
    return message, answers_to(group, message)[0]


async def settle(harness: Harness, group: Group) -> None:
    """Wait until the bot has finished with every update so far (it handles them in order)."""
    await ask(group, harness.users["secretary"], "/ds")


def logged(caplog: pytest.LogCaptureFixture, words: str) -> Callable[[], Awaitable[bool]]:
    """Whether a line with ``words`` was logged (by the test so far), for :func:`eventually`."""

    async def found() -> bool:
        return any(words in r.getMessage() for r in caplog.get_records("call"))

    return found


def sends(harness: Harness) -> int:
    """How many times the bot called ``sendMessage`` (every process, failed calls too)."""
    return sum(1 for method, _ in harness.sandbox.calls if method == "sendMessage")


def waiting(harness: Harness) -> Callable[[], Awaitable[bool]]:
    """Whether an answer waits in the database to be sent again, for :func:`eventually`."""

    async def found() -> bool:
        return await pending_answers(harness) > 0

    return found


async def pending_answers(harness: Harness) -> int:
    """How many answers wait in the database to be sent again."""
    async with UnitOfWork(harness.database) as uow:
        return int(
            await uow.session.scalar(select(func.count()).select_from(PendingAnswerRow)) or 0
        )


async def eventually(condition: Callable[[], Awaitable[bool]]) -> None:
    """Wait until ``condition()`` holds, for what the bot does without calling Telegram."""
    async with asyncio.timeout(WAIT):
        while not await condition():  # noqa: ASYNC110 - a database change sends no event
            await asyncio.sleep(0.05)


def due_tomorrow_17h() -> datetime:
    return datetime.fromisoformat("2022-07-08T10:00:00+00:00")  # 17:00 in Vietnam


# --- what a fault-free run records (the baseline each fault is compared with) ---------------


async def recorded_task(harness: Harness, group: Group) -> tuple[JSON, JSON]:
    """Record the task of :data:`RECORD`; return the command and the confirmation."""
    message, answer = await ask(group, harness.users["secretary"], RECORD)
    assert "việc #1" in answer["text"]
    assert TITLE in answer["text"]
    return message, answer


def one_task(group_id: int, status: str) -> list[tuple[Any, ...]]:
    return [(group_id, 1, TITLE, status, ("@lan",), due_tomorrow_17h())]


async def press_done(harness: Harness, group: Group, confirmation: JSON) -> str:
    """Lan presses ✅ under the confirmation; return the callback query id."""
    [[button]] = confirmation["reply_markup"]["inline_keyboard"]
    return await harness.sandbox.click(
        group.id, harness.users["lan"]["id"], confirmation["message_id"], button["callback_data"]
    )


def fired(harness: Harness, method: str, kind: str) -> None:
    """The planned fault really happened, and no planned one is left waiting."""
    assert harness.sandbox.faults_served(method, kind) >= 1
    assert harness.sandbox.faults_pending == 0


# --- one fault at a time ------------------------------------------------------------------


def inject(harness: Harness, method: str, kind: str) -> None:
    """One fault (two 500s, so the pause between retries grows), unless ``kind`` is none."""
    if kind != "none":
        harness.sandbox.inject_fault(method, kind, times=2 if kind == "500" else 1)


def copies(kind: str) -> int:
    """How many times the chat sees an answer sent through a fault of ``kind``.

    An answer posted and then lost (or cut short) is sent again once: the chat sees it twice,
    the price of never leaving a command unanswered (see ``bot.telegram_calls.may_retry``).
    """
    return 2 if kind in ("drop_after", "garbled") else 1


@pytest.mark.parametrize("kind", ["none", *TRANSIENT, "garbled"])
async def test_commands_answered_through_a_fault_on_send_message(
    harness: Harness, group: Group, kind: str
) -> None:
    inject(harness, "sendMessage", kind)
    message, _ = await recorded_task(harness, group)
    await settle(harness, group)
    if kind != "none":
        fired(harness, "sendMessage", kind)
    assert len(answers_to(group, message)) == copies(kind)
    recorded = await records(harness)
    assert recorded["tasks"] == one_task(group.id, "open")
    assert recorded["chats"] == [group.id]
    planned = recorded["reminders"]
    assert planned
    assert len(set(planned)) == len(planned)  # none planned twice

    inject(harness, "sendMessage", kind)
    message, answer = await ask(group, harness.users["lan"], "/xong 1")
    assert "Việc #1 đã xong" in answer["text"]
    await settle(harness, group)
    assert len(answers_to(group, message)) == copies(kind)
    recorded = await records(harness)
    assert recorded["tasks"] == one_task(group.id, "done")
    assert set(recorded["reminders"]) <= set(planned)  # closed: nothing new planned


@pytest.mark.parametrize("kind", TRANSIENT)
async def test_done_button_through_faults_on_its_answer_and_its_edit(
    harness: Harness, group: Group, kind: str
) -> None:
    _, confirmation = await recorded_task(harness, group)
    for method in ("answerCallbackQuery", "editMessageText"):
        inject(harness, method, kind)
    query_id = await press_done(harness, group, confirmation)

    def edited() -> bool:
        [shown] = [m for m in group.bot_messages() if m["message_id"] == confirmation["message_id"]]
        return "đã xong" in shown["text"]

    await harness.sandbox.wait_until(edited, WAIT)
    await settle(harness, group)
    fired(harness, "answerCallbackQuery", kind)
    fired(harness, "editMessageText", kind)
    answers = [a for a in harness.sandbox.callback_answers if a["callback_query_id"] == query_id]
    assert [a["text"] for a in answers] == ["Đã đánh dấu việc #1 xong."]
    assert (await records(harness))["tasks"] == one_task(group.id, "done")


# A held long poll costs 12.5 s; "drop" takes the same way through the bot as "timeout".
@pytest.mark.parametrize("kind", ["429", "502", "drop", "drop_after"])
async def test_updates_come_through_a_fault_on_get_updates(
    harness: Harness, group: Group, kind: str
) -> None:
    inject(harness, "getUpdates", kind)
    await recorded_task(harness, group)  # the next poll meets the fault
    listing, answer = await ask(group, harness.users["lan"], "/ds")
    assert TITLE in answer["text"]
    fired(harness, "getUpdates", kind)
    assert len(answers_to(group, listing)) == 1  # an update polled twice is handled once
    assert (await records(harness))["tasks"] == one_task(group.id, "open")


@pytest.mark.parametrize("kind", ["502", "drop_after"])
async def test_export_through_a_fault_on_send_document(
    harness: Harness, group: Group, kind: str
) -> None:
    await recorded_task(harness, group)
    inject(harness, "sendDocument", kind)
    message, answer = await ask(group, harness.users["secretary"], "/export csv")
    assert answer["document"]["file_name"].endswith(".csv")
    await settle(harness, group)
    fired(harness, "sendDocument", kind)
    assert len(answers_to(group, message)) == copies(kind)
    assert (await records(harness))["tasks"] == one_task(group.id, "open")


@pytest.mark.parametrize("kind", ["drop", "drop_after", "timeout"])
async def test_a_reminder_through_a_lost_answer_is_sent_and_not_again(
    harness: Harness, group: Group, kind: str
) -> None:
    await recorded_task(harness, group)  # reminded at 15:00 tomorrow, two hours before
    inject(harness, "sendMessage", kind)
    assert await harness.at(at(8, 7, 15)) == 1
    fired(harness, "sendMessage", kind)
    assert len(reminders_in(group)) == copies(kind)
    assert await harness.at(at(8, 7, 16)) == 0  # marked sent: no second round
    assert len(reminders_in(group)) == copies(kind)


# --- faults that outlast the retries ---------------------------------------------------------


def no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    """Nothing was logged at WARNING or above with a traceback, nor at ERROR at all."""
    records = [r for when in ("setup", "call") for r in caplog.get_records(when)]
    assert [r.getMessage() for r in records if r.levelno >= logging.WARNING and r.exc_info] == []
    assert [r.getMessage() for r in records if r.levelno >= logging.ERROR] == []


async def test_an_answer_telegram_fails_longer_than_the_retries_comes_later(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    sandbox.inject_fault("sendMessage", "500", times=5)  # the request layer's 4 tries, and 1
    message = await sandbox.send_message(group.id, secretary["id"], RECORD)
    # The chat's next command is answered meanwhile: the answer waits in the background.
    _, listing = await ask(group, secretary, "/ds")
    assert TITLE in listing["text"]
    await sandbox.wait_until(lambda: bool(answers_to(group, message)), WAIT)
    [late] = answers_to(group, message)
    assert "việc #1" in late["text"]
    assert late["message_id"] > listing["message_id"]
    fired(harness, "sendMessage", "500")
    await settle(harness, group)
    assert len(answers_to(group, message)) == 1
    assert (await records(harness))["tasks"] == one_task(group.id, "open")
    no_traceback(caplog)


async def test_an_answer_telegram_never_takes_is_given_up_with_a_warning(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    caplog.set_level(logging.WARNING)
    sandbox.inject_fault("sendMessage", "500", times=None, rate=1.0)
    message = await sandbox.send_message(group.id, secretary["id"], RECORD)
    await eventually(logged(caplog, "given up"))
    assert sends(harness) == 4 * (1 + len(RESEND_AFTER))  # 4 tries now, 4 at each later time
    assert await pending_answers(harness) == 0
    sandbox.clear_faults()
    await settle(harness, group)
    assert answers_to(group, message) == []  # lost: the record stands, /ds shows it
    assert (await records(harness))["tasks"] == one_task(group.id, "open")
    no_traceback(caplog)


async def test_an_answer_waiting_when_the_bot_restarts_is_sent_by_the_next_process_once(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    caplog.set_level(logging.WARNING)
    sandbox.inject_fault("sendMessage", "500", times=None, rate=1.0)
    message = await sandbox.send_message(group.id, secretary["id"], RECORD)
    await eventually(waiting(harness))
    assert sends(harness) == 4  # the request layer's tries; the answer waits for the next ones
    # A deploy: the bot stops, and another process starts on the database.
    async with restarted(harness, rate_limiter=limiter(), **BUILD):
        # The new process tries in its turn, while Telegram still fails; then Telegram is back.
        await sandbox.wait_until(lambda: sends(harness) >= 8, WAIT)
        sandbox.clear_faults()
        await sandbox.wait_until(lambda: bool(answers_to(group, message)), WAIT)
        await settle(harness, group)
    [late] = answers_to(group, message)  # quoting its command, as it would have at once
    assert "việc #1" in late["text"]
    [[button]] = late["reply_markup"]["inline_keyboard"]  # with its ✅, kept in the database
    assert button["callback_data"]
    assert await pending_answers(harness) == 0
    await settle(harness, group)  # the first process is back: it has nothing left to send
    assert len(answers_to(group, message)) == 1
    assert (await records(harness))["tasks"] == one_task(group.id, "open")
    no_traceback(caplog)


async def test_an_answer_past_its_give_up_time_at_a_restart_is_given_up_with_a_warning(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    caplog.set_level(logging.WARNING)
    sandbox.inject_fault("sendMessage", "500", times=None, rate=1.0)
    message = await sandbox.send_message(group.id, secretary["id"], RECORD)
    await eventually(waiting(harness))
    async with UnitOfWork(harness.database) as uow:  # the bot was down longer than it waits
        long_ago = datetime.now(UTC) - timedelta(hours=1)
        await uow.session.execute(update(PendingAnswerRow).values(give_up_at=long_ago))
        await uow.commit()
    sandbox.clear_faults()
    async with restarted(harness, rate_limiter=limiter(), **BUILD):
        await eventually(logged(caplog, "given up"))
        await settle(harness, group)
    assert answers_to(group, message) == []  # the record stands: /ds shows it
    assert sends(harness) == 4 + 1  # no try after its time; /ds
    assert await pending_answers(harness) == 0
    no_traceback(caplog)


async def test_processes_sharing_the_database_send_a_waiting_answer_once(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    caplog.set_level(logging.WARNING)
    sandbox.inject_fault("sendMessage", "500", times=None, rate=1.0)
    message = await sandbox.send_message(group.id, secretary["id"], RECORD)
    await eventually(waiting(harness))
    sandbox.clear_faults()
    others = [replica(harness) for _ in range(3)]  # webhook replicas, on the same database

    async def send_when_due(services: Services, bot: Bot) -> int:
        """Another process's sender, woken again and again until the answer is gone."""
        sent = 0
        while await pending_answers(harness):
            sent += await services.resends.send_due(bot)
            await asyncio.sleep(0.01)
        return sent

    async with Bot(sandbox.bot_token, base_url=f"{sandbox.root_url}/bot") as bot:
        async with asyncio.timeout(WAIT):  # all go for it, the bot's own timer too
            sent = await asyncio.gather(*(send_when_due(other, bot) for other in others))
    assert sum(sent) <= 1
    await sandbox.wait_until(lambda: bool(answers_to(group, message)), WAIT)
    await settle(harness, group)
    assert len(answers_to(group, message)) == 1
    assert sends(harness) == 4 + 1 + 1  # the failed tries, the answer once, /ds
    assert await pending_answers(harness) == 0
    no_traceback(caplog)


# --- faults that do not clear ---------------------------------------------------------------


@pytest.mark.parametrize("method", ["sendMessage", "answerCallbackQuery"])
async def test_kicked_bot_keeps_the_record_and_says_nothing(
    harness: Harness, group: Group, method: str
) -> None:
    if method == "sendMessage":
        harness.sandbox.inject_fault(method, "403")
        await harness.sandbox.send_message(group.id, harness.users["secretary"]["id"], RECORD)
    else:
        _, confirmation = await recorded_task(harness, group)
        harness.sandbox.inject_fault(method, "403")
        await press_done(harness, group, confirmation)
    await harness.sandbox.wait_until(lambda: harness.sandbox.faults_pending == 0, WAIT)
    fired(harness, method, "403")

    async def inactive() -> bool:
        async with UnitOfWork(harness.database) as uow:
            chat = await uow.chats.get_by_telegram_id(group.id)
        return chat is not None and not chat.active

    await eventually(inactive)  # the bot stops writing where it cannot
    # The bot is added back: the next command is answered and nothing was recorded twice.
    _, answer = await ask(group, harness.users["secretary"], "/ds")
    status = "open" if method == "sendMessage" else "done"
    assert (TITLE in answer["text"]) == (status == "open")
    assert (await records(harness))["tasks"] == one_task(group.id, status)


async def test_group_upgraded_before_the_answer_moves_with_its_records(harness: Harness) -> None:
    users = harness.users
    old = harness.basic_group()
    await recorded_task(harness, old)
    await ask(old, users["secretary"], "/qd Họp tổng kết vào thứ Sáu")
    harness.sandbox.inject_fault("sendMessage", "migrate")  # Telegram upgrades the group now
    await harness.sandbox.send_message(old.id, users["lan"]["id"], "/xong 1")
    await harness.sandbox.wait_until(
        lambda: harness.sandbox.faults_served("sendMessage", "migrate") == 1, WAIT
    )
    fired(harness, "sendMessage", "migrate")
    [new_id] = [
        m["migrate_to_chat_id"]
        for m in harness.sandbox.transcript(old.id)
        if "migrate_to_chat_id" in m
    ]
    new = Group(harness, {"id": new_id})
    await harness.sandbox.wait_until(
        lambda: any("Việc #1 đã xong" in m["text"] for m in new.bot_messages()), WAIT
    )
    # The upgraded group's first command finds everything: task, decision, settings.
    _, listing = await ask(new, users["secretary"], "/dsqd")
    assert "Họp tổng kết" in listing["text"]
    recorded = await records(harness)
    assert recorded["chats"] == [new_id]
    assert recorded["tasks"] == one_task(new_id, "done")
    assert recorded["decisions"] == [(new_id, 1, "Họp tổng kết vào thứ Sáu")]
    assert all(chat_id == new_id for chat_id, *_ in recorded["reminders"])


async def test_group_upgraded_between_commands_keeps_its_reminders(harness: Harness) -> None:
    users = harness.users
    old = harness.basic_group()
    await recorded_task(harness, old)
    await ask(old, users["secretary"], "/lang en")
    moved = await harness.sandbox.migrate_group(old.id)  # both service messages reach the bot
    new = Group(harness, moved)
    _, listing = await ask(new, users["lan"], "/tasks")
    assert "1 open task" in listing["text"]  # the records and the language came along
    recorded = await records(harness)
    assert recorded["chats"] == [new.id]
    assert recorded["tasks"] == one_task(new.id, "open")
    # The reminder goes to the new id, never to the old one. (The application's own timer may
    # send it before this call does: what counts is that it arrives.)
    await harness.at(datetime.fromisoformat("2022-07-08T08:00:00+00:00"))
    await harness.sandbox.wait_until(
        lambda: any("due today" in m["text"] for m in new.bot_messages()), WAIT
    )
    sends = [p["chat_id"] for m, p in harness.sandbox.calls if m == "sendMessage"]
    assert str(old.id) not in sends[-1:]


# --- a storm ------------------------------------------------------------------------------

STORM_METHODS = ["sendMessage", "editMessageText", "answerCallbackQuery", "getUpdates"]
STORM_RATE = 0.05  # per kind: about one call in four fails


def storm(harness: Harness, seed: int) -> None:
    """Seeded random faults of every transient kind on every method the bot uses."""
    rng = random.Random(seed)
    methods = sorted({m for m, _ in harness.sandbox.calls} | set(STORM_METHODS))
    for method in methods:
        for kind in TRANSIENT:
            if method == "getUpdates" and kind == "timeout":
                continue  # a held long poll costs 11.5 s; drops test the same path
            harness.sandbox.inject_fault(
                method, kind, times=None, rate=STORM_RATE, seed=rng.randrange(2**32)
            )


# Two lost answers in a row on one send give up on that answer (it was posted, see may_retry):
# the error handler warns of it, and nothing recorded is lost.
async def test_a_storm_of_faults_loses_nothing_and_records_nothing_twice(
    harness: Harness, group: Group
) -> None:
    users = harness.users
    secretary, lan, minh = users["secretary"], users["lan"], users["minh"]
    await ask(group, secretary, "/ds")  # the bot has met the chat: its calls so far are known
    await ask(group, secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    storm(harness, seed=7)
    commands: list[tuple[JSON, JSON]] = []
    clicks: list[str] = []

    async def say(user: JSON, text: str) -> JSON:
        message, answer = await ask(group, user, text)
        commands.append((message, answer))
        return answer

    script = [
        (secretary, "/viec @lan: gửi danh sách đại biểu 17h ngày mai"),
        (secretary, "/viec @thuky: chuẩn bị hội trường trước thứ 6"),
        (secretary, "/viec Hội Chữ thập đỏ: gửi đề xuất nhu cầu cuối tháng 7"),
        (secretary, "/qd Tổ chức 01 hội thảo chung 6 tháng cuối năm"),
        (secretary, "/viec @lan, @thuky: tổng hợp góp ý ngày 15/7"),
        (lan, "/ds"),
        (lan, "/xong 1"),
        (secretary, "/viec @lan: in giấy mời 9h sáng mai"),
        (secretary, "/qd Giao Hội Văn học chủ trì hội thảo"),
        (minh, "/ds"),
        (secretary, "/xong 3"),
        (secretary, "/dsqd"),
        (secretary, "/viec @lan: gọi điện cho Ban Thi đua thứ 2 tuần sau"),
        (secretary, "/ds"),
    ]
    confirmations = []
    for user, text in script:
        answer = await say(user, text)
        if text.startswith("/viec"):
            confirmations.append(answer)
    # Buttons: the secretary closes #2, Lan her #5; Minh may not close #4 (a pop-up says so).
    for user, number in ((secretary, 2), (lan, 5), (minh, 4)):
        confirmation = confirmations[number - 1]
        [[button]] = confirmation["reply_markup"]["inline_keyboard"]
        query = await harness.sandbox.click(
            group.id, user["id"], confirmation["message_id"], button["callback_data"]
        )
        clicks.append(query)
        answered = harness.sandbox.callback_answers
        await harness.sandbox.wait_until(
            lambda: query in {a["callback_query_id"] for a in answered},  # noqa: B023 - awaited now
            WAIT,
        )
    for user, text in [
        (secretary, "/lang en"),
        (secretary, "/task @lan: send the minutes by Friday"),
        (lan, "/done 4"),  # her part of it
        (secretary, "/done 4"),  # his, the last: the task is done
        (minh, "/tasks"),
        (secretary, "/decision The bloc meets monthly"),
        (secretary, "/decisions"),
        (lan, "/lang vi"),  # refused: only administrators and secretaries change settings
        (lan, "/ds"),
    ]:
        await say(user, text)
    harness.sandbox.clear_faults()
    await settle(harness, group)

    served = harness.sandbox.faults_served()
    assert served >= 10, f"the storm served only {served} faults"
    # Every command was answered, none more than twice (a lost answer is sent again once).
    copies = Counter(len(answers_to(group, message)) for message, _ in commands)
    assert set(copies) <= {1, 2}, copies
    per_query = Counter(a["callback_query_id"] for a in harness.sandbox.callback_answers)
    assert all(per_query[query] == 1 for query in clicks)
    recorded = await records(harness)
    gid = group.id
    assert [(t[1], t[2], t[3], t[4]) for t in recorded["tasks"]] == [
        (1, "gửi danh sách đại biểu", "done", ("@lan",)),
        (2, "chuẩn bị hội trường", "done", ("@thuky",)),
        (3, "gửi đề xuất nhu cầu", "done", ("Hội Chữ thập đỏ",)),
        (4, "tổng hợp góp ý", "done", ("@lan", "@thuky")),
        (5, "in giấy mời", "done", ("@lan",)),
        (6, "gọi điện cho Ban Thi đua", "open", ("@lan",)),
        (7, "send the minutes", "open", ("@lan",)),
    ]
    assert recorded["decisions"] == [
        (gid, 1, "Tổ chức 01 hội thảo chung 6 tháng cuối năm"),
        (gid, 2, "Giao Hội Văn học chủ trì hội thảo"),
        (gid, 3, "The bloc meets monthly"),
    ]
    assert recorded["chats"] == [gid]
    reminders = recorded["reminders"]
    assert len(set(reminders)) == len(reminders)
    pending_for = {number for _, number, kind, _, pending in reminders if pending and number}
    assert pending_for == {6, 7}  # only the open tasks are still to be reminded of


async def test_an_answer_waiting_when_the_group_is_upgraded_goes_to_the_new_chat(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    caplog.set_level(logging.WARNING)
    old = harness.basic_group()
    sandbox.inject_fault("sendMessage", "500", times=None, rate=1.0)
    await sandbox.send_message(old.id, secretary["id"], RECORD)
    await eventually(waiting(harness))
    sandbox.clear_faults()
    sandbox.inject_fault("sendMessage", "migrate")  # upgraded while the answer waited
    await sandbox.wait_until(lambda: sandbox.faults_served("sendMessage", "migrate") == 1, WAIT)
    [new_id] = [
        m["migrate_to_chat_id"] for m in sandbox.transcript(old.id) if "migrate_to_chat_id" in m
    ]
    new = Group(harness, {"id": new_id})
    await sandbox.wait_until(lambda: any("việc #1" in m["text"] for m in new.bot_messages()), WAIT)
    await eventually(lambda: _none_waiting(harness))
    no_traceback(caplog)


async def _none_waiting(harness: Harness) -> bool:
    return await pending_answers(harness) == 0


async def test_an_answer_waiting_when_the_bot_is_removed_marks_the_chat_inactive(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    caplog.set_level(logging.WARNING)
    sandbox.inject_fault("sendMessage", "500", times=None, rate=1.0)
    await sandbox.send_message(group.id, secretary["id"], RECORD)
    await eventually(waiting(harness))
    sandbox.clear_faults()
    sandbox.inject_fault("sendMessage", "403")  # removed from the group while it waited

    async def inactive() -> bool:
        async with UnitOfWork(harness.database) as uow:
            chat = await uow.chats.get_by_telegram_id(group.id)
        return chat is not None and not chat.active

    await eventually(inactive)  # no reminder goes to a chat that refuses the bot
    await eventually(lambda: _none_waiting(harness))
    assert (await records(harness))["tasks"] == one_task(group.id, "open")
    no_traceback(caplog)
