"""The walking skeleton end to end: commands typed in a group, answers read back from the chat."""

from __future__ import annotations

from datetime import UTC, datetime

from storage import UnitOfWork
from tests.e2e.conftest import Group, Harness


async def open_tasks(harness: Harness, chat_id: int) -> list[tuple[int, str, str, list[str]]]:
    """(number, title, status, assignees) of the chat's open tasks, read from the database."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(chat_id)
        assert chat is not None
        tasks = await uow.tasks.list_open(chat.id, 100)
    return [(t.number, t.title, t.status.value, [a.label for a in t.assignees]) for t in tasks]


async def test_start_and_help_answer_in_vietnamese_by_default(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    assert "Xin chào" in await group.say(secretary, "/start")
    help_text = await group.say(secretary, "/help")
    for alias in ("/viec", "/qd", "/xong", "/ds", "/dsqd", "/task", "/decision", "/done"):
        assert alias in help_text


async def test_help_lists_every_alias_briefly_in_both_languages(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    aliases = ("/quyetdinh", "/dsviec", "/cuochop", "/ketthuchop", "/hd", "/batdau", "/start")
    for language, lines in (
        ("vi", ("/thuky xoa (/secretary remove) @tên", "[số cuộc họp]", "(tối đa 20)")),
        ("en", ("/secretary remove (/thuky xoa) @name", "[meeting number]", "(20 at most)")),
    ):
        await group.say(secretary, f"/lang {language}")
        [answer] = await group.say_all(secretary, "/help")
        shown = answer["text"]
        assert all(alias in shown for alias in aliases), language
        assert all(line in shown for line in lines), language
        assert "2022" not in shown  # examples that do not age
        assert len(shown) < 4096  # one message, readable on a phone
        assert max(len(line) for line in shown.splitlines()) < 250


async def test_command_menu_is_registered_in_both_languages(harness: Harness) -> None:
    menus = harness.sandbox.commands
    vi = {c["command"]: c["description"] for c in menus[("default", "vi")]}
    en = {c["command"]: c["description"] for c in menus[("default", "en")]}
    assert set(vi) == set(en) >= {"task", "tasks", "done", "decision", "decisions", "help"}
    assert vi["tasks"] == "Các việc chưa xong"
    assert en["tasks"] == "Open tasks"
    assert menus[("default", "")] == menus[("default", "vi")]


async def test_task_is_recorded_with_assignees_number_and_resolved_deadline(
    harness: Harness, group: Group
) -> None:
    await group.say(harness.users["secretary"], "/tochuc them Hội Chữ thập đỏ | CTĐ")
    answer = await group.say(
        harness.users["secretary"],
        "/task @lan, Hội Chữ thập đỏ: gửi đề xuất nhu cầu chuyển đổi số cuối tháng 7",
    )
    assert "việc #1" in answer
    assert "gửi đề xuất nhu cầu chuyển đổi số" in answer
    assert "@lan" in answer
    assert "Hội Chữ thập đỏ" in answer
    assert "Hạn: Chủ Nhật, 31/07/2022" in answer
    assert "Tổ chức mới" not in answer  # a known organisation: nothing new to announce
    assert await open_tasks(harness, group.id) == [
        (1, "gửi đề xuất nhu cầu chuyển đổi số", "open", ["@lan", "Hội Chữ thập đỏ"])
    ]
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        task = await uow.tasks.get(chat.id, 1)
    assert task is not None
    assert task.due is not None
    # End of 31 July in Vietnam (UTC+7), stored as an aware UTC instant.
    assert task.due.utc == datetime(2022, 7, 31, 16, 59, 59, tzinfo=UTC)
    assert task.due.precision == "period"
    assert task.due.text == "cuối tháng 7"


async def test_vietnamese_aliases_list_and_close_tasks(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo trước 17h thứ 6")
    await group.say(secretary, "/tochuc them Liên hiệp các Hội Văn học và Nghệ thuật | Hội VHNT")
    await group.say(secretary, "/nv hoi vhnt: chuẩn bị hội thảo Quý III/2022")
    listing = await group.say(secretary, "/ds")
    assert "2 việc đang mở" in listing
    assert listing.index("gửi báo cáo") < listing.index("chuẩn bị hội thảo")  # soonest first
    assert "Thứ Sáu, 08/07/2022 17:00" in listing
    closed = await group.say(harness.users["lan"], "/xong 1")
    assert "Việc #1 đã xong" in closed
    assert "Lan Nguyễn" in closed
    assert [t[0] for t in await open_tasks(harness, group.id)] == [2]
    assert "đã được đánh dấu xong từ trước" in await group.say(secretary, "/xong #1")


async def test_done_button_closes_the_task_and_removes_itself(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    confirmation = (await group.say_all(secretary, "/viec @lan: gọi điện cho Ban Thi đua"))[0]
    [[button]] = confirmation["reply_markup"]["inline_keyboard"]
    assert button["text"] == "✅ Xong"
    await harness.sandbox.click(
        group.id, lan["id"], confirmation["message_id"], button["callback_data"]
    )
    await harness.sandbox.wait_for_calls("editMessageText")
    assert harness.sandbox.callback_answers[-1]["text"] == "Đã đánh dấu việc #1 xong."
    [edited] = group.bot_messages()  # no new message: the confirmation itself says it
    assert edited["text"].startswith("📌 Đã ghi việc #1\ngọi điện cho Ban Thi đua")
    assert edited["text"].endswith("✅ Việc #1 đã xong — Lan Nguyễn đánh dấu.")
    assert not edited.get("reply_markup", {}).get("inline_keyboard")
    assert any(e["type"] == "bold" for e in edited["entities"])  # its formatting survived
    assert await open_tasks(harness, group.id) == []


async def test_decision_from_text_and_from_a_replied_message(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    first = await group.say(secretary, "/qd Tổ chức 01 hội thảo chung 6 tháng cuối năm 2022")
    assert "quyết định #1" in first
    assert "Tổ chức 01 hội thảo chung" in first
    proposal = await harness.sandbox.send_message(
        group.id, lan["id"], "Khối trưởng ghi nhận tất cả ý kiến góp ý."
    )
    second = await group.say(secretary, "/decision", reply_to_message_id=proposal["message_id"])
    assert "quyết định #2" in second
    assert "ghi nhận tất cả ý kiến góp ý" in second
    listing = await group.say(secretary, "/dsqd")
    assert "2 quyết định gần đây" in listing
    assert listing.index("#1") < listing.index("#2")
    assert "07/07/2022" in listing


async def test_numbers_are_per_chat_and_never_reach_another_chat(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    other = harness.group("Một nhóm khác", [lan], [secretary])
    await group.say(secretary, "/viec @lan: việc của nhóm thứ nhất")
    assert "việc #1" in await other.say(secretary, "/viec @lan: việc của nhóm thứ hai")
    assert "không có việc #2" in await other.say(lan, "/xong 2")
    await other.say(lan, "/xong 1")
    # Closing task 1 in the other group left the first group's task 1 open.
    assert [t[1] for t in await open_tasks(harness, group.id)] == ["việc của nhóm thứ nhất"]
    assert "việc của nhóm thứ nhất" not in await other.say(secretary, "/ds")


async def test_english_chat(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    assert await group.say(secretary, "/lang en") == "Switched to English."
    answer = await group.say(secretary, "/task @lan: send the needs by end of July")
    assert "Recorded task #1" in answer
    assert "Due: Sun 31 Jul 2022" in answer
    listing = await group.say(secretary, "/tasks")
    assert "1 open task" in listing
    assert "send the needs" in listing
    assert "Task #1 done" in await group.say(secretary, "/done 1")
    assert await group.say(secretary, "/lang vi") == "Đã chuyển sang tiếng Việt."


async def test_text_mention_of_a_user_without_username(harness: Harness, group: Group) -> None:
    minh = harness.users["minh"]
    text = "/viec Minh: soạn biên bản cuộc họp ngày mai"
    offset = len("/viec ")
    answer = await group.say(
        harness.users["secretary"],
        text,
        entities=[{"type": "text_mention", "offset": offset, "length": 4, "user": minh}],
    )
    assert "việc #1" in answer
    assert "Thứ Sáu, 08/07/2022" in answer
    message = group.bot_messages()[-1]
    mentions = [e for e in message.get("entities", []) if e["type"] == "text_mention"]
    assert mentions
    assert mentions[0]["user"]["id"] == minh["id"]


async def test_done_with_several_numbers_closes_each_the_sender_may_close(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/viec @lan: gửi báo cáo thứ 6")
    await group.say(secretary, "/viec @lan: gửi ảnh thứ 6")
    await group.say(secretary, "/viec @thuky: in tài liệu thứ 6")
    await group.say(secretary, "/viec @lan: đặt phòng thứ 6")
    await group.say(secretary, "/huy 4")
    answer = await group.say(lan, "/xong 1 2, #3 4 9 1")
    assert answer.split("\n") == [
        "✅ Việc #1 đã xong: gửi báo cáo — Lan Nguyễn đánh dấu.",
        "✅ Việc #2 đã xong: gửi ảnh — Lan Nguyễn đánh dấu.",
        "❗ Chỉ người được giao việc #3 (hoặc người liên hệ của tổ chức được giao), quản trị "
        "viên và thư ký mới làm được việc này.",
        "❗ Việc #4 đã bị huỷ nên không thể đánh dấu xong. Muốn mở lại thì gõ /momai 4.",
        "❗ Ở đây không có việc #9. Xem các việc bằng /ds.",
    ]
    assert [t[0] for t in await open_tasks(harness, group.id)] == [3]
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        task = await uow.tasks.get(chat.id, 2)
        assert task is not None
        history = await uow.audit.history(chat.id, "task", task.id)
    assert [e.action for e in history] == ["create", "done"]  # each audited on its own
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/done 3 2")
    assert answer.split("\n") == [
        "✅ Task #3 done: in tài liệu — marked by Thư ký.",
        "Task #2 was already marked done: gửi ảnh.",
    ]
    assert "At most 20 tasks" in await group.say(
        secretary, "/done " + " ".join(map(str, range(1, 30)))
    )
