"""Inputs found by trying the bot as a hostile user would: each gets a clear answer, stores
nothing it should not, and every reply stays within what Telegram accepts."""

from __future__ import annotations

from storage import UnitOfWork
from tests.e2e.conftest import JSON, Group, Harness
from tests.e2e.test_paging import numbers, page_through


async def organisations(harness: Harness, chat_id: int) -> list[str]:
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(chat_id)
        if chat is None:  # a refused first command leaves no trace at all
            return []
        return [name for _, name, _ in await uow.organisations.all(chat.id)]


async def test_names_ending_in_a_digit_before_the_colon(harness: Harness, group: Group) -> None:
    for name in ("Khối 1", "Tổ 2"):
        await group.say(harness.users["secretary"], f"/tochuc them {name}")
    answer = await group.say(harness.users["secretary"], "/viec Khối 1, Tổ 2: họp thứ 6")
    assert "Giao cho: Khối 1, Tổ 2" in answer
    assert "\nhọp\n" in answer


async def test_a_link_is_not_an_assignee_list(harness: Harness, group: Group) -> None:
    answer = await group.say(
        harness.users["secretary"], "/viec @lan: đọc http://example.com/a:b trước thứ 6"
    )
    assert "Giao cho: @lan" in answer
    assert "đọc http://example.com/a:b" in answer


async def test_task_as_a_reply_takes_what_from_the_replied_message(
    harness: Harness, group: Group
) -> None:
    lan, secretary = harness.users["lan"], harness.users["secretary"]
    note = await harness.sandbox.send_message(group.id, lan["id"], "Hội A: gửi báo cáo tổng kết")
    answer = await group.say(
        secretary, "/viec @lan cuối tháng 7", reply_to_message_id=note["message_id"]
    )
    assert "Giao cho: @lan" in answer
    assert "Hội A: gửi báo cáo tổng kết" in answer
    assert "Chủ Nhật, 31/07/2022" in answer
    assert await organisations(harness, group.id) == []  # nobody's text became an organisation


async def test_all_members_without_organisations_is_explained(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    answer = await group.say(secretary, "/viec tất cả thành viên: gửi báo cáo")
    assert "chưa có tổ chức thành viên nào" in answer
    assert "không thể dùng làm tên" in await group.say(secretary, "/org add Tất cả thành viên")
    assert await organisations(harness, group.id) == []


async def test_invisible_characters_make_nothing(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    assert "Chưa có nội dung quyết định" in await group.say(secretary, "/qd \u200b\u200b")
    assert "Chưa rõ cần làm việc gì" in await group.say(secretary, "/viec @lan: \u200b\ufeff")
    await group.say(secretary, "/org add Hội\u200bA")
    assert "đã có tổ chức" in await group.say(secretary, "/org add HộiA")


async def test_done_button_twice_and_after_done(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    [confirmation] = await group.say_all(secretary, "/viec @lan: in tài liệu")
    await group.say(secretary, "/xong 1")
    await harness.sandbox.click(group.id, secretary["id"], confirmation["message_id"], "done:1")
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    assert harness.sandbox.callback_answers[-1]["text"] == "Việc #1 đã xong từ trước."
    assert len(group.bot_messages()) == 2  # nothing posted for a second close


async def test_a_decision_is_not_recorded_from_the_bots_own_message(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    [answer] = await group.say_all(secretary, "/viec @lan: in tài liệu")
    reply = await group.say(secretary, "/qd", reply_to_message_id=answer["message_id"])
    assert "Chưa có nội dung quyết định" in reply


async def test_huge_and_foreign_digit_numbers(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: in tài liệu")
    assert "không có việc #99999999999" in await group.say(secretary, "/xong 99999999999")
    assert "không phải số thứ tự" in await group.say(secretary, "/xong ١")


async def test_long_lists_fit_in_one_message(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    for i in range(4):
        await group.say(secretary, f"/qd {i} " + "quyết định dài " * 190)
    for i in range(12):
        await group.say(secretary, f"/viec @lan: {i} " + "việc rất dài " * 70)
    decisions = await group.say(secretary, "/dsqd")
    assert "4 quyết định gần đây" in decisions
    assert len(decisions) <= 4096
    (first,) = await group.say_all(secretary, "/ds")
    assert "12 việc đang mở" in first["text"]
    # Every page fits, and together they hold every task.
    pages = await page_through(harness, group, secretary, first)
    assert len(pages) == 2
    assert all(len(page["text"]) <= 4096 for page in pages)
    assert sorted(n for page in pages for n in numbers(page)) == list(range(1, 13))


async def test_the_largest_task_still_gets_its_confirmation(harness: Harness, group: Group) -> None:
    names = [f"Tổ chức số {i} " + "x" * 80 for i in range(30)]
    for name in names:
        await group.say(harness.users["secretary"], f"/tochuc them {name}")
    answer = await group.say(harness.users["secretary"], f"/viec {', '.join(names)}: " + "y" * 1000)
    assert "việc #1" in answer
    assert "và 18 người/tổ chức khác" in answer


async def tasks_recorded(harness: Harness, chat_id: int) -> list[str]:
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(chat_id)
        assert chat is not None
        return [task.title for task in await uow.tasks.list_open(chat.id, 100)]


async def edited(group: Group, user: JSON, text: str, edit: str) -> tuple[JSON, JSON]:
    """``user`` sends ``text``, waits for the answer, then edits it to ``edit``; return the
    message sent and the bot's answer to the edit."""
    sandbox = group.harness.sandbox
    sent = await sandbox.send_message(group.id, user["id"], text)
    await sandbox.wait_for_bot_messages(group.id)
    await sandbox.edit_message(group.id, sent["message_id"], edit)
    [hint] = await sandbox.wait_for_bot_messages(group.id, after_message_id=sent["message_id"] + 1)
    return sent, hint


async def test_an_edited_task_is_not_recorded_again(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    sent, hint = await edited(group, secretary, "/viec @lan: in tài liệu", "/viec @lan: in màu")
    assert "Sửa tin nhắn không chạy lại lệnh" in hint["text"]
    assert "/sua 3 nội dung mới" in hint["text"]
    assert hint["reply_to_message"]["message_id"] == sent["message_id"]
    await harness.sandbox.edit_message(group.id, sent["message_id"], "/viec @lan: in đen trắng")
    await group.say(secretary, "/ds")  # answered after the second edit was handled
    assert await tasks_recorded(harness, group.id) == ["in tài liệu"]
    assert sum("Sửa tin nhắn" in m["text"] for m in group.bot_messages()) == 1  # said once


async def test_an_edited_command_is_explained_in_english(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    sent, hint = await edited(group, secretary, "/decision buy a projector", "/decision buy two")
    assert "Editing a message does not run its command again" in hint["text"]
    assert "/edit 3 new wording" in hint["text"]
    await harness.sandbox.edit_message(group.id, sent["message_id"], "just words")  # no command
    assert "1 recent decision" in await group.say(secretary, "/decisions")


async def test_forged_and_stale_buttons_get_an_answer_and_change_nothing(
    harness: Harness, group: Group
) -> None:
    sandbox, secretary, minh = harness.sandbox, harness.users["secretary"], harness.users["minh"]
    [confirmation] = await group.say_all(secretary, "/viec @lan: in tài liệu")
    other = harness.group("Khối 2", [minh], [minh])
    for data in ("done:1", "nonsense", "set:lang:en", "done:99999999999"):
        await sandbox.press(group.id, minh["id"], confirmation["message_id"], data)
        await sandbox.wait_for_calls("answerCallbackQuery", len(sandbox.callback_answers) + 1)
    await sandbox.press(other.id, minh["id"], 4242, "done:1")  # a message that is not there
    await sandbox.wait_for_calls("answerCallbackQuery", len(sandbox.callback_answers) + 1)
    answers = [a["text"] for a in sandbox.callback_answers]
    assert answers[0].startswith("Chỉ người được giao việc #1")
    assert answers[1] == "Nút này không còn dùng được. Hãy gửi lại lệnh để có nút mới."
    assert await tasks_recorded(harness, group.id) == ["in tài liệu"]
    assert "Tiếng Việt" in await group.say(secretary, "/caidat")


async def test_an_anonymous_admin_may_and_a_channel_may_not(harness: Harness, group: Group) -> None:
    sandbox = harness.sandbox
    await sandbox.anonymous_admin_says(group.id, "/viec @lan: in tài liệu")
    [recorded] = await sandbox.wait_for_bot_messages(group.id)
    assert "việc #1" in recorded["text"]
    channel = sandbox.add_channel("Kênh Khối 1")
    for automatic in (False, True):
        await sandbox.channel_says(
            group.id, channel["id"], "/viec @lan: việc khác", automatic_forward=automatic
        )
        [refused] = await sandbox.wait_for_bot_messages(group.id)
        assert refused["text"].startswith("Chỉ quản trị viên")
    assert await tasks_recorded(harness, group.id) == ["in tài liệu"]


async def test_a_settings_button_that_changes_nothing_is_still_answered(
    harness: Harness, group: Group
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    [settings] = await group.say_all(secretary, "/caidat")
    await sandbox.click(group.id, secretary["id"], settings["message_id"], "set:lang:vi")
    await sandbox.wait_for_calls("answerCallbackQuery")
    await group.say(secretary, "/ds")  # handled after the press
    assert sandbox.callback_answers[-1]["text"] == "Đã lưu."
    assert group.bot_messages()[0]["text"] == settings["text"]  # shown as it was
