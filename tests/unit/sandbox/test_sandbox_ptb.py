"""The sandbox seen through python-telegram-bot's own HTTP stack."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram import Bot, BotCommand, BotCommandScopeChat, InlineKeyboardButton, InputMediaDocument
from telegram import InlineKeyboardMarkup as Keyboard
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.sandbox import DriverError, Sandbox


def _keyboard(*data: str) -> Keyboard:
    return Keyboard([[InlineKeyboardButton(f"Nút {d}", callback_data=d) for d in data]])


async def test_get_me_describes_the_bot(tg: Bot) -> None:
    me = await tg.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "followup_sandbox_bot", True)


async def test_long_poll_wakes_when_a_user_speaks(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    poll = asyncio.create_task(tg.get_updates(timeout=30))
    await sandbox.wait_for_calls("getUpdates")
    await sandbox.send_message(
        world["group"]["id"], world["lan"]["id"], "/task@followup_sandbox_bot gửi"
    )
    async with asyncio.timeout(3):
        (update,) = await poll
    assert update.message is not None
    assert update.message.from_user is not None
    assert update.message.from_user.username == "lan"
    assert update.message.chat.title == "Khối thi đua số 1"
    command = update.message.entities[0]
    assert (command.type, command.offset, command.length) == ("bot_command", 0, 26)
    assert update.message.parse_entities(["bot_command"])[command] == "/task@followup_sandbox_bot"


async def test_offset_confirms_and_negative_offset_keeps_the_last(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    for text in ("một", "hai", "ba"):
        await sandbox.send_message(world["private"]["id"], world["lan"]["id"], text)
    first = await tg.get_updates()
    assert [u.message.text for u in first if u.message] == ["một", "hai", "ba"]
    assert await tg.get_updates(offset=first[1].update_id) == first[1:]
    last = await tg.get_updates(offset=-1)
    assert [u.update_id for u in last] == [first[2].update_id]
    assert await tg.get_updates(offset=first[2].update_id + 1) == ()


async def test_confirmed_updates_are_served_again_once_when_asked(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    chat, lan = world["private"]["id"], world["lan"]["id"]
    for text in ("một", "hai", "ba"):
        await sandbox.send_message(chat, lan, text)
    first = await tg.get_updates()
    offset = first[-1].update_id + 1
    assert await tg.get_updates(offset=offset) == ()  # all three confirmed
    with pytest.raises(ValueError, match="only 3 confirmed"):
        await sandbox.deliver_again(4)
    assert await sandbox.deliver_again(2) == [u.update_id for u in first[1:]]
    await sandbox.send_message(chat, lan, "bốn")
    again = await tg.get_updates(offset=offset)  # whatever the offset says
    assert [(u.update_id, u.message.text if u.message else None) for u in again] == [
        (first[1].update_id, "hai"),
        (first[2].update_id, "ba"),
        (offset, "bốn"),
    ]
    assert await tg.get_updates(offset=offset) == again[2:]  # served again once only


async def test_allowed_updates_filters_out_other_kinds(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    chat, lan = world["private"]["id"], world["lan"]["id"]
    sent = await tg.send_message(chat, "Xong chưa?", reply_markup=_keyboard("done:1"))
    await sandbox.send_message(chat, lan, "chưa")
    query_id = await sandbox.click(chat, lan, sent.message_id, "done:1")
    (update,) = await tg.get_updates(allowed_updates=["callback_query"])
    assert update.callback_query is not None
    assert (update.callback_query.id, update.callback_query.data) == (query_id, "done:1")
    assert update.callback_query.message is not None
    assert update.callback_query.message.message_id == sent.message_id


async def test_html_reply_with_keyboard_becomes_entities_and_a_transcript(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    group, lan = world["group"]["id"], world["lan"]["id"]
    asked = await sandbox.send_message(group, lan, "/decide mua máy chiếu")
    sent = await tg.send_message(
        group,
        "<b>Đã ghi</b> quyết định cho @lan &amp; nhóm",
        parse_mode=ParseMode.HTML,
        reply_to_message_id=asked["message_id"],
        reply_markup=_keyboard("undo:1"),
    )
    assert sent.text == "Đã ghi quyết định cho @lan & nhóm"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 6),
        ("mention", 22, 4),
    ]
    assert sent.reply_to_message is not None
    assert sent.reply_to_message.message_id == asked["message_id"]
    assert sent.message_id == asked["message_id"] + 1
    assert sent.date.timestamp() == 1740967200
    transcript = sandbox.transcript(group)
    assert [m["text"] for m in transcript] == ["/decide mua máy chiếu", sent.text]
    assert transcript[1]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "undo:1"


@pytest.mark.parametrize(
    ("text", "parse_mode", "error"),
    [
        ("a < b", ParseMode.HTML, "Can't parse entities: unescaped character"),
        ("<b>đậm", ParseMode.HTML, "Can't parse entities: can't find end tag"),
        ("x" * 4097, None, "Message is too long"),
        ("<b>" + "x" * 4097 + "</b>", ParseMode.HTML, "Message is too long"),
        ("   ", None, "Message text is empty"),
        ("<b></b>", ParseMode.HTML, "Message text is empty"),
    ],
)
async def test_telegram_text_rules(
    tg: Bot, world: dict[str, Any], text: str, parse_mode: str | None, error: str
) -> None:
    with pytest.raises(BadRequest, match=error):
        await tg.send_message(world["group"]["id"], text, parse_mode=parse_mode)


async def test_limits_are_inclusive(tg: Bot, world: dict[str, Any]) -> None:
    longest = await tg.send_message(
        world["group"]["id"], "<i>" + "ệ" * 4096 + "</i>", parse_mode="HTML"
    )
    assert longest.text is not None
    assert len(longest.text) == 4096
    await tg.send_message(world["group"]["id"], "ok", reply_markup=_keyboard("d" * 64))


@pytest.mark.parametrize("data", ["d" * 65, "ệ" * 22])
async def test_callback_data_over_64_bytes_is_refused(
    tg: Bot, world: dict[str, Any], data: str
) -> None:
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await tg.send_message(world["group"]["id"], "Chọn", reply_markup=_keyboard(data))


async def test_edits_apply_and_identical_edits_are_refused(
    sandbox: Sandbox, tg: Bot, clock: Any, world: dict[str, Any]
) -> None:
    chat = world["private"]["id"]
    sent = await tg.send_message(
        chat, "Việc 1: <i>mở</i>", parse_mode="HTML", reply_markup=_keyboard("d")
    )
    edited = await tg.edit_message_text(
        "Việc 1: <s>xong</s>", chat, sent.message_id, parse_mode="HTML"
    )
    assert not isinstance(edited, bool)
    assert edited.edit_date is not None
    (shown,) = sandbox.transcript(chat)
    assert shown["text"] == "Việc 1: xong"
    assert shown["entities"] == [{"type": "strikethrough", "offset": 8, "length": 4}]
    assert "reply_markup" not in shown
    with pytest.raises(BadRequest, match="Message is not modified"):
        await tg.edit_message_text("Việc 1: <s>xong</s>", chat, sent.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await tg.edit_message_text("x", chat, 999)
    await tg.edit_message_reply_markup(chat, sent.message_id, reply_markup=_keyboard("again"))
    assert (
        sandbox.transcript(chat)[0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Nút again"
    )
    assert await tg.delete_message(chat, sent.message_id)
    assert sandbox.transcript(chat) == []


async def test_button_press_is_answered_once(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    chat, lan = world["group"]["id"], world["lan"]["id"]
    sent = await tg.send_message(chat, "Việc: gửi báo cáo", reply_markup=_keyboard("done:7"))
    query_id = await sandbox.click(chat, lan, sent.message_id, "done:7")
    assert await tg.answer_callback_query(query_id, text="Đã xong ✅")
    assert sandbox.callback_answers[0]["text"] == "Đã xong ✅"
    with pytest.raises(BadRequest, match="Query is too old"):
        await tg.answer_callback_query(query_id)


async def test_command_menus_are_kept_per_scope_and_language(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    vi = [BotCommand("task", "Giao việc"), BotCommand("done", "Đánh dấu xong")]
    assert await tg.set_my_commands(vi, language_code="vi")
    assert await tg.set_my_commands([BotCommand("task", "Assign a task")])
    scope = BotCommandScopeChat(world["group"]["id"])
    await tg.set_my_commands([BotCommand("report", "Báo cáo")], scope=scope)
    assert [c.command for c in await tg.get_my_commands(language_code="vi")] == ["task", "done"]
    assert sandbox.commands[("default", "")] == [
        {"command": "task", "description": "Assign a task"}
    ]
    assert ("chat:" + str(world["group"]["id"]), "") in sandbox.commands
    assert await tg.delete_my_commands(language_code="vi")
    assert await tg.get_my_commands(language_code="vi") == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await tg.set_my_commands([BotCommand("Task!", "x")])


async def test_chat_and_member_lookups_parse_in_ptb(tg: Bot, world: dict[str, Any]) -> None:
    group = world["group"]["id"]
    chat = await tg.get_chat(group)
    assert (chat.type, chat.title) == ("supergroup", "Khối thi đua số 1")
    assert (await tg.get_chat_member(group, world["lan"]["id"])).status == "creator"
    assert (await tg.get_chat_member(group, world["minh"]["id"])).status == "member"
    admins = await tg.get_chat_administrators(group)
    assert [a.user.username for a in admins] == ["lan"]
    assert await tg.get_chat_member_count(group) == 3
    with pytest.raises(BadRequest, match="Chat not found"):
        await tg.get_chat(-100)


async def test_documents_keep_their_bytes_and_caption(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    sent = await tg.send_document(
        world["private"]["id"],
        document=b"task,owner\n1,Lan\n",
        filename="bao-cao.csv",
        caption="<b>Báo cáo</b> tuần",
        parse_mode="HTML",
    )
    assert sent.document is not None
    assert sent.document.file_name == "bao-cao.csv"
    assert sent.caption == "Báo cáo tuần"
    stored = sandbox.files[sent.document.file_id]
    assert (stored.filename, stored.content) == ("bao-cao.csv", b"task,owner\n1,Lan\n")


async def test_forum_topics_keep_their_thread(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    forum = sandbox.add_group(
        "Dự án", members=[world["minh"]], admins=[world["lan"]], is_forum=True
    )
    said = await sandbox.send_message(forum["id"], world["minh"]["id"], "123", message_thread_id=5)
    assert (said["message_thread_id"], said["is_topic_message"]) == (5, True)
    sent = await tg.send_message(forum["id"], "Đã nhận", message_thread_id=5)
    assert (sent.message_thread_id, sent.is_topic_message) == (5, True)
    (update,) = await tg.get_updates()
    assert update.message is not None
    assert update.message.text == "123"
    assert sandbox.calls[-2] == (
        "sendMessage",
        {"chat_id": forum["id"], "text": "Đã nhận", "message_thread_id": 5},
    )


async def test_an_album_of_documents_keeps_every_file_and_caption(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    forum = sandbox.add_group(
        "Dự án", members=[world["minh"]], admins=[world["lan"]], is_forum=True
    )
    said = await sandbox.send_message(
        forum["id"], world["lan"]["id"], "/export", message_thread_id=5
    )
    sent = await tg.send_media_group(
        forum["id"],
        media=[
            InputMediaDocument(b"# Bi\xc3\xaan b\xe1\xba\xa3n\n", filename="bien-ban.md"),
            InputMediaDocument(
                b"a,b\n", filename="viec.csv", caption="<b>Việc</b> (CSV)", parse_mode="HTML"
            ),
        ],
        message_thread_id=5,
        reply_to_message_id=said["message_id"],
    )
    assert [m.document.file_name for m in sent if m.document] == ["bien-ban.md", "viec.csv"]
    assert [m.caption for m in sent] == [None, "Việc (CSV)"]
    assert len({m.media_group_id for m in sent}) == 1
    assert all(m.message_thread_id == 5 and m.reply_to_message for m in sent)
    stored = [sandbox.files[m.document.file_id] for m in sent if m.document]
    assert [f.content for f in stored] == ["# Biên bản\n".encode(), b"a,b\n"]
    with pytest.raises(BadRequest, match="from 2 to 10"):
        await tg.send_media_group(forum["id"], media=[InputMediaDocument(b"x", filename="x")])


async def test_topics_created_closed_and_deleted_answer_as_telegram_does(
    sandbox: Sandbox, tg: Bot, world: dict[str, Any]
) -> None:
    lan, minh = world["lan"], world["minh"]
    forum = sandbox.add_group("Dự án", members=[minh], admins=[lan], is_forum=True)
    topic = sandbox.create_topic(forum["id"], lan, "Hội thao")
    said = await sandbox.send_message(forum["id"], minh["id"], "/task", message_thread_id=topic)
    # Not an explicit reply: Telegram makes it a reply to the topic's creation message.
    assert said["reply_to_message"]["forum_topic_created"]["name"] == "Hội thao"
    assert (said["message_thread_id"], said["is_topic_message"]) == (topic, True)
    # A reply to a message in the topic lands in the topic, even without the thread id.
    answer = await tg.send_message(forum["id"], "ok", reply_to_message_id=said["message_id"])
    assert (answer.message_thread_id, answer.is_topic_message) == (topic, True)
    general = await tg.send_message(forum["id"], "chung")
    assert general.message_thread_id is None
    sandbox.set_topic_state(forum["id"], lan, topic, "closed")
    with pytest.raises(BadRequest, match="Topic_closed"):
        await tg.send_message(forum["id"], "ok", message_thread_id=topic)
    await sandbox.set_member_status(forum["id"], sandbox.bot, "administrator")
    assert (await tg.send_message(forum["id"], "ok", message_thread_id=topic)).is_topic_message
    sandbox.set_topic_state(forum["id"], lan, topic, "deleted")
    with pytest.raises(BadRequest, match="Message thread not found"):
        await tg.send_message(forum["id"], "ok", message_thread_id=topic)
    assert all(m.get("message_thread_id") != topic for m in sandbox.transcript(forum["id"]))
    with pytest.raises(DriverError, match="was deleted"):
        await sandbox.send_message(forum["id"], minh["id"], "hi", message_thread_id=topic)
    with pytest.raises(DriverError, match="not a forum"):
        sandbox.create_topic(sandbox.add_group("Nhóm", admins=[lan])["id"], lan, "x")
