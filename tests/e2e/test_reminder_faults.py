"""Reminders through Telegram's errors: nothing lost, nothing sent twice."""

from __future__ import annotations

from datetime import timedelta

from storage import UnitOfWork
from tests.e2e.conftest import Group, Harness
from tests.e2e.test_reminders import at, reminders_in


async def record_task_due_tomorrow(harness: Harness, group: Group) -> None:
    await group.say(harness.users["secretary"], "/viec @lan: gửi danh sách đại biểu 17h ngày mai")


async def test_429_is_honoured_and_the_reminder_sent_after(harness: Harness, group: Group) -> None:
    await record_task_due_tomorrow(harness, group)  # reminded at 15:00, two hours before
    harness.sandbox.inject_fault("sendMessage", "429", retry_after=30)
    assert await harness.at(at(8, 7, 15)) == 1
    assert reminders_in(group) == []
    assert await harness.remind() == 0  # still waiting out retry_after
    assert await harness.at(at(8, 7, 15, 1)) == 1
    assert len(reminders_in(group)) == 1
    assert await harness.remind() == 0


async def test_server_errors_are_retried(harness: Harness, group: Group) -> None:
    await record_task_due_tomorrow(harness, group)
    # Each sending tries four times (the request layer retries a 5xx three times) before the
    # sender backs off: eight 502s make two failed sendings.
    harness.sandbox.inject_fault("sendMessage", "502", times=8)
    await harness.at(at(8, 7, 15))
    await harness.at(at(8, 7, 15, 1))
    assert reminders_in(group) == []
    await harness.at(at(8, 7, 15, 2))  # the back-off grows: 10 s, then a minute
    assert reminders_in(group) == []
    await harness.at(at(8, 7, 15, 3))
    assert len(reminders_in(group)) == 1
    assert harness.sandbox.faults_served("sendMessage", "502") == 8


async def test_kicked_bot_deactivates_the_chat_instead_of_retrying(
    harness: Harness, group: Group
) -> None:
    await record_task_due_tomorrow(harness, group)
    harness.sandbox.inject_fault("sendMessage", "403")
    await harness.at(at(8, 7, 15))
    calls = len([m for m, _ in harness.sandbox.calls if m == "sendMessage"])
    assert await harness.at(at(9, 7)) == 0  # no more tries while the chat is inactive
    assert len([m for m, _ in harness.sandbox.calls if m == "sendMessage"]) == calls
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
    assert chat is not None
    assert not chat.active
    # The bot is back (someone speaks to it): the kept reminders go out, marked late.
    await group.say(harness.users["secretary"], "/ds")
    assert await harness.remind() == 2
    assert all("gửi muộn" in m["text"] for m in reminders_in(group))


async def test_migrated_group_gets_its_reminders_at_the_new_id(harness: Harness) -> None:
    group = harness.basic_group()
    await record_task_due_tomorrow(harness, group)
    harness.sandbox.inject_fault("sendMessage", "migrate")
    assert await harness.at(at(8, 7, 15)) == 1
    async with UnitOfWork(harness.database) as uow:
        moved = await uow.chats.get_by_telegram_id(group.id)
    assert moved is None  # the records left the old id
    sends = [p for m, p in harness.sandbox.calls if m == "sendMessage"]
    assert str(sends[-1]["chat_id"]).startswith("-100")
    new_group = Group(harness, {"id": int(sends[-1]["chat_id"])})
    assert len(reminders_in(new_group)) == 1
    assert "hạn là hôm nay" in reminders_in(new_group)[0]["text"]
    assert harness.clock.now() - at(8, 7, 15) < timedelta(minutes=1)


async def test_after_a_429_the_sender_holds_back_the_rest_itself(harness: Harness) -> None:
    users = harness.users
    groups = [harness.group(f"Nhóm {g}", [users["lan"]], [users["secretary"]]) for g in range(3)]
    for group in groups:
        await record_task_due_tomorrow(harness, group)
    sends = len([m for m, _ in harness.sandbox.calls if m == "sendMessage"])
    harness.sandbox.inject_fault("sendMessage", "429", retry_after=20)
    assert await harness.at(at(8, 7, 15)) == 3
    # One refused call, and no call for the two other groups during the pause.
    assert len([m for m, _ in harness.sandbox.calls if m == "sendMessage"]) == sends + 1
    async with UnitOfWork(harness.database) as uow:
        next_at = await uow.reminders.next_fire_at(harness.clock.now())
    assert next_at == at(8, 7, 15) + timedelta(seconds=20)  # the timer waits for the pause
    assert await harness.at(at(8, 7, 15, 1)) == 3
    assert all(len(reminders_in(group)) == 1 for group in groups)
