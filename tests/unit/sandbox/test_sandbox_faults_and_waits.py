"""Injected faults as PTB sees them, and waiting for the bot without sleeping."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.sandbox import Sandbox


async def test_429_arrives_as_retry_after_then_the_call_succeeds(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without PTB_TIMEDELTA, PTB 22 warns while building RetryAfter, and warnings are errors here.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    sandbox.inject_fault("sendMessage", "429", retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await tg.send_message(world["group"]["id"], "Nhắc việc")
    assert caught.value.retry_after == timedelta(seconds=3)
    await tg.send_message(world["group"]["id"], "Nhắc việc")
    assert [m["text"] for m in sandbox.transcript(world["group"]["id"])] == ["Nhắc việc"]
    assert [name for name, _ in sandbox.calls] == ["getMe", "sendMessage", "sendMessage"]


@pytest.mark.parametrize(
    ("kind", "error", "text"),
    [
        ("403", Forbidden, "bot was kicked from the group chat"),
        ("500", NetworkError, "Internal Server Error"),
        ("502", NetworkError, "Bad Gateway"),
    ],
)
async def test_server_side_faults(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any], kind: str, error: type[Exception], text: str
) -> None:
    sandbox.inject_fault("sendMessage", kind, times=2)
    for _ in range(2):
        with pytest.raises(error, match=text):
            await tg.send_message(world["group"]["id"], "x")
    await tg.send_message(world["group"]["id"], "x")


async def test_timeout_holds_the_call_until_the_client_gives_up(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    sandbox.inject_fault("*", "timeout")
    with pytest.raises(TimedOut):
        await tg.send_message(world["group"]["id"], "x", read_timeout=0.1)
    assert sandbox.transcript(world["group"]["id"]) == []


async def test_migrate_upgrades_the_group_for_real(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    old = sandbox.add_group("Nhóm cũ", members=[world["minh"]], admins=[world["lan"]], type="group")
    sandbox.inject_fault("sendMessage", "migrate")
    with pytest.raises(ChatMigrated) as caught:
        await tg.send_message(old["id"], "x")
    new_id = caught.value.new_chat_id
    assert str(new_id).startswith("-100")
    with pytest.raises(ChatMigrated):
        await tg.send_message(old["id"], "x")
    await tg.send_message(new_id, "Chào nhóm mới")
    assert (await tg.get_chat(new_id)).type == "supergroup"
    notices = [u.message for u in await tg.get_updates() if u.message]
    assert [(m.migrate_to_chat_id, m.migrate_from_chat_id) for m in notices] == [
        (new_id, None),
        (None, old["id"]),
    ]


async def test_wait_returns_the_bot_messages_after_the_last_user_message(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    chat, lan = world["group"]["id"], world["lan"]["id"]
    await tg.send_message(chat, "tin cũ")
    await sandbox.send_message(chat, lan, "/tasks")
    waiting = asyncio.create_task(sandbox.wait_for_bot_messages(chat, count=2, timeout=3))
    await tg.send_message(chat, "Việc 1")
    await tg.send_message(chat, "Việc 2")
    assert [m["text"] for m in await waiting] == ["Việc 1", "Việc 2"]
    again = await sandbox.wait_for_bot_messages(chat, after_message_id=0, count=3, timeout=0)
    assert [m["text"] for m in again] == ["tin cũ", "Việc 1", "Việc 2"]


async def test_wait_timeout_explains_what_happened(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    chat = world["group"]["id"]
    await sandbox.send_message(chat, world["lan"]["id"], "/task gửi báo cáo")
    with pytest.raises(BadRequest):
        await tg.send_message(chat, "<br>", parse_mode="HTML")
    with pytest.raises(TimeoutError) as caught:
        await sandbox.wait_for_bot_messages(chat, timeout=0.01)
    message = str(caught.value)
    assert "got 0" in message
    assert "Lan: '/task gửi báo cáo'" in message
    assert 'sendMessage: Bad Request: can\'t parse entities: unsupported start tag "br"' in message
