"""What a Bot API server other than ours may send, and Telegram's refusals of the answers: updates
no handler is for, commands in captions or for another bot, buttons with no chat, answers to a
message deleted meanwhile or given too late. None ends in an error; each user is told what
they can still be told; nothing is recorded twice or lost."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from storage import UnitOfWork
from tests.e2e.conftest import JSON, Group, Harness
from tests.e2e.test_private_group import buttons, private, selected
from tests.e2e.test_topics import forum

SILENT = ("sticker", "location", "photo", "document")


def warnings_and_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Every log line of the test at WARNING or above, from any logger."""
    records = [r for when in ("setup", "call") for r in caplog.get_records(when)]
    return [f"{r.name}: {r.getMessage()}" for r in records if r.levelno >= logging.WARNING]


async def open_titles(harness: Harness, chat_id: int) -> list[str]:
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(chat_id)
        return [] if chat is None else [t.title for t in await uow.tasks.list_open(chat.id, 100)]


async def test_updates_no_command_is_for_get_no_answer(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, users = harness.sandbox, harness.users
    secretary, lan, minh = users["secretary"], users["lan"], users["minh"]
    caplog.set_level(logging.INFO)
    for kind in SILENT:
        await sandbox.send_media(group.id, lan["id"], kind)
    await sandbox.send_media(group.id, lan["id"], "photo", caption="ảnh biên bản họp")
    note = await sandbox.send_message(group.id, lan["id"], "chỉ là tin nhắn")
    await sandbox.service_message(group.id, secretary["id"], pinned_message=note["message_id"])
    await sandbox.service_message(group.id, secretary["id"], new_chat_title="Khối thi đua 1")
    newcomer = sandbox.add_user("Hoa")
    await sandbox.service_message(group.id, secretary["id"], new_chat_members=[newcomer["id"]])
    await sandbox.service_message(group.id, minh["id"], left_chat_member=minh["id"])
    await sandbox.set_member_status(group.id, sandbox.bot, "administrator")  # promoted
    first = len(group.bot_messages())
    answer = await group.say(secretary, "/ds")
    assert "Không có việc nào đang mở" in answer
    assert len(group.bot_messages()) == first + 1  # only /ds was answered
    assert first == 0
    assert warnings_and_errors(caplog) == []


async def test_removed_and_added_back_the_bot_answers_again(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    await group.say(secretary, "/viec @lan: in tài liệu")
    await sandbox.set_member_status(group.id, sandbox.bot, "kicked")
    await sandbox.set_member_status(group.id, sandbox.bot, "member")
    assert "in tài liệu" in await group.say(secretary, "/ds")
    assert await open_titles(harness, group.id) == ["in tài liệu"]
    assert [line for line in warnings_and_errors(caplog) if "handlers" in line] == []


async def test_a_command_for_another_bot_is_left_to_it(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await harness.sandbox.send_message(group.id, secretary["id"], "/viec@other_bot @lan: việc A")
    answer = await group.say(secretary, f"/viec@{harness.sandbox.bot['username']} @lan: việc B")
    assert "việc #1" in answer
    assert len(group.bot_messages()) == 1
    assert await open_titles(harness, group.id) == ["việc B"]


async def test_a_command_deleted_before_the_answer_is_still_answered(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    sent = await sandbox.send_message(group.id, secretary["id"], "/viec @lan: in tài liệu")
    sandbox.delete_message(group.id, sent["message_id"])  # before the bot can answer
    [answer] = await sandbox.wait_for_bot_messages(group.id)
    assert "việc #1" in answer["text"]
    assert "reply_to_message" not in answer  # nothing left to quote
    assert await open_titles(harness, group.id) == ["in tài liệu"]
    assert warnings_and_errors(caplog) == []


async def test_an_update_get_updates_serves_again_is_handled_once(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    caplog.set_level(logging.INFO, logger="bot.context")
    [recorded] = await group.say_all(secretary, "/viec @lan: in tài liệu")
    assert "việc #1" in recorded["text"]
    await sandbox.wait_until_taken()
    [again] = await sandbox.deliver_again(1)  # the same update_id, in the next answer
    [listed] = await group.say_all(secretary, "/ds")  # after it: the same chat keeps its order
    assert "in tài liệu" in listed["text"]
    await sandbox.wait_until_taken()
    async with asyncio.timeout(5):
        await harness.application.update_queue.join()
    assert await open_titles(harness, group.id) == ["in tài liệu"]
    assert [m["message_id"] for m in group.bot_messages()] == [
        recorded["message_id"],
        listed["message_id"],
    ]
    duplicates = harness.application.services.metrics.registry.get_sample_value(
        "followup_updates_duplicate_total"
    )
    assert duplicates == 1
    assert f"update {again} was handled already" in caplog.text
    assert warnings_and_errors(caplog) == []


async def test_a_button_answered_too_late_still_does_its_work(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    [confirmation] = await group.say_all(secretary, "/viec @lan: in tài liệu")
    await sandbox.click(group.id, secretary["id"], confirmation["message_id"], "done:1")
    harness.clock.advance(timedelta(seconds=20))  # the bot comes to it after Telegram gave up

    def closed() -> bool:
        return "đã xong" in group.bot_messages()[0]["text"]

    await sandbox.wait_until(closed, 10)
    assert await open_titles(harness, group.id) == []
    assert sandbox.callback_answers == []  # refused: too late
    assert len(group.bot_messages()) == 1  # no error message in the chat
    assert [line for line in warnings_and_errors(caplog) if "handlers" in line] == []


async def test_a_button_under_an_inline_message_is_answered(harness: Harness, group: Group) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    await group.say(secretary, "/viec @lan: in tài liệu")
    for data in ("done:1", "nonsense", "set:lang:en"):
        await sandbox.press_inline(secretary["id"], data)
        await sandbox.wait_for_calls("answerCallbackQuery", len(sandbox.callback_answers) + 1)
    assert {a["text"] for a in sandbox.callback_answers} == {
        "Nút này không còn dùng được. Hãy gửi lại lệnh để có nút mới."
    }
    assert await open_titles(harness, group.id) == ["in tài liệu"]


async def test_a_bot_that_may_not_write_records_and_warns(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    await sandbox.set_member_status(group.id, sandbox.bot, "restricted", can_send_messages=False)
    await sandbox.send_message(group.id, secretary["id"], "/viec @lan: in tài liệu")
    await sandbox.wait_until(lambda: bool(sandbox.api_errors))
    await sandbox.wait_until_taken()
    await harness.application.update_queue.join()
    assert await open_titles(harness, group.id) == ["in tài liệu"]
    await sandbox.set_member_status(group.id, sandbox.bot, "member")
    assert "in tài liệu" in await group.say(secretary, "/ds")
    [(method, refusal)] = sandbox.api_errors  # no error message tried where none can go
    assert method == "sendMessage"
    assert refusal == "Bad Request: not enough rights to send text messages to the chat"


async def test_names_with_markup_and_direction_marks_are_shown_as_written(
    harness: Harness, group: Group
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    name = "\u202e<b>Tú</b> & \u200bCo"
    user = sandbox.add_user(name)  # no @username, no last name
    await sandbox.set_member_status(group.id, user, "member")
    entity: JSON = {"type": "text_mention", "offset": 6, "length": len(name), "user": user}
    answer = await group.say(secretary, f"/viec {name}: in tài liệu", entities=[entity])
    assert "Giao cho: <b>Tú</b> & Co\n" in answer  # the tags as text, the marks dropped


async def test_a_command_in_a_closed_topic_is_recorded_without_an_error(harness: Harness) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    group, sports, _ = forum(harness)
    sandbox.set_topic_state(group.id, secretary, sports, "closed")  # admins may still write
    await sandbox.send_message(
        group.id, secretary["id"], "/viec @lan: in tài liệu", message_thread_id=sports
    )
    await sandbox.wait_until(lambda: bool(sandbox.api_errors))
    await sandbox.wait_until_taken()
    await harness.application.update_queue.join()
    assert sandbox.api_errors == [("sendMessage", "Bad Request: TOPIC_CLOSED")]
    assert await open_titles(harness, group.id) == ["in tài liệu"]


async def test_a_command_in_a_caption_is_explained_and_records_nothing(
    harness: Harness, group: Group
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    sent = await sandbox.send_media(group.id, secretary["id"], "photo", "/viec @lan: in ảnh này")
    [hint] = await sandbox.wait_for_bot_messages(group.id)
    assert "chú thích của ảnh hoặc tệp thì không được chạy" in hint["text"]
    assert hint["reply_to_message"]["message_id"] == sent["message_id"]
    await sandbox.send_media(group.id, secretary["id"], "document", "/viec@other_bot @lan: x")
    await sandbox.send_media(group.id, secretary["id"], "photo", "ảnh /viec ở giữa")
    assert "Không có việc nào đang mở" in await group.say(secretary, "/ds")
    assert len(group.bot_messages()) == 2  # nothing said about the other bot's or plain ones


async def test_a_message_without_a_sender_is_passed_over_quietly(
    harness: Harness, group: Group, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    caplog.set_level(logging.INFO)
    for text in (
        "/help",
        "/ds",
        "/xoadulieu",
        "/viec @lan: in tài liệu",
        "/caidat",
        "/qd a\n/qd b",
    ):
        await sandbox.unsigned_says(group.id, text)
    assert "Không có việc nào đang mở" in await group.say(secretary, "/ds")
    assert len(group.bot_messages()) == 1  # only the secretary's /ds was answered
    assert warnings_and_errors(caplog) == []


STALE = "Nút này không còn dùng được. Hãy gửi lại lệnh để có nút mới."
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


async def test_a_press_without_data_or_with_other_digits_is_answered_as_stale(
    harness: Harness, group: Group
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    [confirmation] = await group.say_all(secretary, "/viec @lan: in tài liệu")
    me = private(harness, secretary)
    listed = await me.say("/nhom")
    # grp:<the group's number>; its only group, acted on until another choice: ticked
    choice = buttons(listed)["✅ Khối thi đua số 1"]
    presses = [
        (group.id, confirmation, ""),
        (group.id, confirmation, None),
        (me.id, listed, ""),
        (group.id, confirmation, "done:１"),
        (group.id, confirmation, "reopen:١"),
        (group.id, confirmation, "set:morning:８"),
        (me.id, listed, choice.translate(FULLWIDTH)),
        (me.id, listed, "@" + choice.removeprefix("grp:").translate(FULLWIDTH) + "|done:1"),
    ]
    for chat, message, data in presses:
        answered = len(sandbox.callback_answers)
        if data:
            await sandbox.press(chat, secretary["id"], message["message_id"], data)
        else:
            await sandbox.press_without_data(chat, secretary["id"], message["message_id"], data)
        await sandbox.wait_for_calls("answerCallbackQuery", count=answered + 1, timeout=10)
    assert [a["text"] for a in sandbox.callback_answers] == [STALE] * len(presses)
    assert await open_titles(harness, group.id) == ["in tài liệu"]
    assert await selected(harness, secretary) is None  # no group chosen


async def test_a_mistyped_command_meant_for_the_bot_is_answered_with_the_nearest_one(
    harness: Harness, group: Group
) -> None:
    # On a phone, /xongg or "ds" without its slash: where the words can only be meant for the
    # bot (its private chat, or a command naming it), silence would leave the sender waiting.
    sandbox, users = harness.sandbox, harness.users
    secretary, lan, minh = users["secretary"], users["lan"], users["minh"]
    bot = sandbox.bot["username"]
    await group.say(secretary, "/viec @lan: in tài liệu")
    typo = await group.say(secretary, f"/xongg@{bot} 1")
    assert typo == "Tôi không có lệnh /xongg. Có phải bạn muốn gõ /xong? Xem tất cả lệnh: /trogiup"
    # In a group, a command naming no bot may be another bot's: it is left to it.
    await sandbox.send_message(group.id, secretary["id"], "/xongg 1")
    assert "in tài liệu" in await group.say(secretary, "/ds")
    assert len(group.bot_messages()) == 3
    mine = private(harness, lan)
    answer = await mine.say("/dss")
    assert answer["text"] == (
        "Tôi không có lệnh /dss. Có phải bạn muốn gõ /ds? Xem tất cả lệnh: /trogiup"
    )
    answer = await mine.say("/zzzzzz")
    assert answer["text"] == "Tôi không có lệnh /zzzzzz. Xem tất cả lệnh: /trogiup"
    answer = await mine.say("xong 1")
    assert answer["text"] == (
        "Tôi chỉ đọc các lệnh bắt đầu bằng dấu /. Có phải bạn muốn gõ /xong 1? "
        "Xem tất cả lệnh: /trogiup"
    )
    answer = await mine.say("chào bot 👋")
    assert answer["text"] == (
        "Tôi chỉ đọc các lệnh bắt đầu bằng dấu /, ví dụ /ds. Xem tất cả lệnh: /trogiup"
    )
    theirs = private(harness, minh)  # his Telegram speaks English
    answer = await theirs.say("/tsks")
    assert answer["text"] == "I have no command /tsks. Did you mean /tasks? All commands: /help"
    answer = await theirs.say("done 1")
    assert answer["text"] == (
        "I only read commands, which start with a /. Did you mean /done 1? All commands: /help"
    )
    answer = await theirs.say("hello")
    assert answer["text"] == (
        "I only read commands, which start with a /, e.g. /tasks. All commands: /help"
    )
    assert await open_titles(harness, group.id) == ["in tài liệu"]
