"""Unusual senders and forged input, as python-telegram-bot parses them: anonymous admins,
channels, edits and presses of buttons nobody was shown; and Telegram's limits on answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.sandbox import DriverError, Sandbox


async def test_an_anonymous_admin_writes_as_the_group(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group = world["group"]["id"]
    sent = await sandbox.anonymous_admin_says(group, "/task gửi báo cáo", author_signature="Lan")
    (update,) = await tg.get_updates()
    message = update.message
    assert message is not None
    assert message.from_user is not None
    assert (message.from_user.id, message.from_user.username) == (1087968824, "GroupAnonymousBot")
    assert message.sender_chat is not None
    assert message.sender_chat.id == group
    assert message.author_signature == "Lan"
    assert message.message_id == sent["message_id"]
    await tg.send_message(group, "Đã ghi")  # the wait counts from the anonymous message
    assert [m["text"] for m in await sandbox.wait_for_bot_messages(group)] == ["Đã ghi"]


@pytest.mark.parametrize("automatic", [False, True])
async def test_a_channel_posts_in_the_group(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any], automatic: bool
) -> None:
    channel = sandbox.add_channel("Kênh Khối 1", username="khoi1")
    await sandbox.channel_says(
        world["group"]["id"], channel["id"], "/done 1", automatic_forward=automatic
    )
    (update,) = await tg.get_updates()
    message = update.message
    assert message is not None
    assert message.from_user is not None
    assert message.from_user.id == 136817688
    assert message.sender_chat is not None
    assert (message.sender_chat.id, message.sender_chat.type) == (channel["id"], "channel")
    assert bool(message.is_automatic_forward) is automatic
    assert (message.forward_origin is not None) is automatic


async def test_an_edit_arrives_as_an_edited_message(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group, lan = world["group"]["id"], world["lan"]["id"]
    sent = await sandbox.send_message(group, lan, "/task @minh: in tài liệu")
    await sandbox.edit_message(group, sent["message_id"], "/task @lan: in tài liệu")
    first, second = await tg.get_updates()
    assert first.message is not None
    assert second.edited_message is not None
    assert second.edited_message.message_id == first.message.message_id
    assert second.edited_message.text == "/task @lan: in tài liệu"
    assert second.edited_message.edit_date is not None
    assert [e.type for e in second.edited_message.entities] == ["bot_command", "mention"]
    with pytest.raises(DriverError, match="to edit"):
        await sandbox.edit_message(group, 999, "x")


async def test_forged_presses_reach_the_bot_as_telegram_sends_them(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group, minh = world["group"]["id"], world["minh"]["id"]
    stranger = sandbox.add_user("Người lạ")  # not a member of the group
    user_message = await sandbox.send_message(group, minh, "chỉ là tin nhắn")
    await sandbox.press(group, stranger["id"], user_message["message_id"], "done:1")
    await sandbox.press(group, minh, 4242, "ð" * 32)  # 64 bytes, a message that is not there
    _, first, second = await tg.get_updates()
    assert first.callback_query is not None
    assert second.callback_query is not None
    assert first.callback_query.from_user.id == stranger["id"]
    assert first.callback_query.message is not None
    assert first.callback_query.message.message_id == user_message["message_id"]
    # PTB 22 parses it as a Message, one that says it is not accessible.
    assert second.callback_query.message is not None
    assert not second.callback_query.message.is_accessible
    assert second.callback_query.data == "ð" * 32
    for data in ("", "x" * 65, "ð" * 33):
        with pytest.raises(DriverError, match="64 bytes"):
            await sandbox.press(group, minh, user_message["message_id"], data)


async def test_callback_answers_and_button_data_keep_telegrams_limits(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group, lan = world["group"]["id"], world["lan"]["id"]
    sent = await tg.send_message(group, "Nút", reply_markup=_keyboard("ok"))
    query_id = await sandbox.click(group, lan, sent.message_id, "ok")
    with pytest.raises(BadRequest, match=r"(?i)message_too_long"):
        await tg.answer_callback_query(query_id, "ư" * 201)
    assert await tg.answer_callback_query(query_id, "ư" * 200)  # the query stayed open
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await tg.send_message(group, "Nút", reply_markup=_keyboard("ð" * 33))


async def test_wait_until_taken_waits_for_the_bots_confirmation(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    await sandbox.send_message(world["group"]["id"], world["lan"]["id"], "một")
    with pytest.raises(TimeoutError, match="take 1 update"):
        await sandbox.wait_until_taken(timeout=0)
    (update,) = await tg.get_updates()
    await tg.get_updates(offset=update.update_id + 1, timeout=0)
    await sandbox.wait_until_taken(timeout=0)


async def test_the_http_driver_sends_unusual_senders(
    sandbox: Sandbox, tg: Bot, http: aiohttp.ClientSession, world: dict[str, Any]
) -> None:
    root, group = sandbox.root_url, world["group"]["id"]

    async def post(path: str, body: dict[str, Any]) -> Any:
        async with http.post(root + path, json=body) as response:
            answer = await response.json()
            assert answer["ok"], answer
            return answer["result"]

    channel = await post("/sandbox/channels", {"title": "Kênh"})
    await post(f"/sandbox/chats/{group}/anonymous_messages", {"text": "/ds"})
    posted = await post(
        f"/sandbox/chats/{group}/channel_posts",
        {"channel_id": channel["id"], "text": "/ds", "automatic_forward": True},
    )
    await post(f"/sandbox/chats/{group}/edits", {"message_id": posted["message_id"], "text": "/x"})
    await post(
        f"/sandbox/chats/{group}/press",
        {"user_id": world["minh"]["id"], "message_id": 77, "data": "forged"},
    )
    kinds = [next(k for k in u.to_dict() if k != "update_id") for u in await tg.get_updates()]
    assert kinds == ["message", "message", "edited_message", "callback_query"]


def _keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


async def test_messages_without_text_arrive_as_telegram_sends_them(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group, lan, minh = world["group"]["id"], world["lan"]["id"], world["minh"]["id"]
    await sandbox.send_media(group, lan, "sticker")
    await sandbox.send_media(group, lan, "photo", caption="/task@followup_sandbox_bot @minh: in")
    note = await sandbox.send_message(group, minh, "ghi chú")
    await sandbox.service_message(group, lan, pinned_message=note["message_id"])
    await sandbox.service_message(group, lan, new_chat_title="Khối 1")
    sticker, photo, _, pinned, titled = [u.message for u in await tg.get_updates()]
    assert sticker is not None
    assert sticker.sticker is not None
    assert sticker.text is None
    assert photo is not None
    assert photo.photo
    assert [e.type for e in photo.caption_entities] == ["bot_command", "mention"]
    assert photo.entities == ()
    assert pinned is not None
    assert pinned.pinned_message is not None
    assert pinned.pinned_message.message_id == note["message_id"]
    assert titled is not None
    assert titled.new_chat_title == "Khối 1"
    assert (await tg.get_chat(group)).title == "Khối 1"
    with pytest.raises(DriverError, match="no caption"):
        await sandbox.send_media(group, lan, "sticker", caption="x")


async def test_a_deleted_message_cannot_be_quoted(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group, lan = world["group"]["id"], world["lan"]["id"]
    sent = await sandbox.send_message(group, lan, "/ds")
    sandbox.delete_message(group, sent["message_id"])
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await tg.send_message(group, "Đã ghi", reply_to_message_id=sent["message_id"])
    kept = await tg.send_message(
        group, "Đã ghi", reply_to_message_id=sent["message_id"], allow_sending_without_reply=True
    )
    assert kept.reply_to_message is None
    assert [m["message_id"] for m in sandbox.transcript(group)] == [kept.message_id]


async def test_a_press_is_answered_in_time_or_never(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any], clock: Any
) -> None:
    group, lan = world["group"]["id"], world["lan"]["id"]
    sent = await tg.send_message(group, "Việc #1", reply_markup=_keyboard("done:1"))
    late = await sandbox.click(group, lan, sent.message_id, "done:1")
    clock.advance(timedelta(seconds=16))
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await tg.answer_callback_query(late, "Đã xong")
    inline = await sandbox.press_inline(lan, "done:1")
    _, update = await tg.get_updates()
    query = update.callback_query
    assert query is not None
    assert (query.message, query.inline_message_id) == (None, f"SANDBOX-INLINE-{inline}")
    assert update.effective_chat is None
    assert await tg.answer_callback_query(inline, "?")
