"""Several commands in one message, one a line (a secretary pastes her notes): each line that
starts with a command runs as a message of its own, in order, answered and stored on its own;
the lines after it that start with none continue its text."""

from __future__ import annotations

from typing import Any

from storage import UnitOfWork
from tests.e2e.conftest import Group, Harness
from tests.e2e.test_private_group import choice, private
from tests.e2e.test_topics import forum

JSON = dict[str, Any]
RED_CROSS, COOPERATIVES = "Hội Chữ thập đỏ", "Liên minh Hợp tác xã"


async def two_organisations(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, f"/tochuc them {RED_CROSS} | CTĐ")
    await group.say(secretary, f"/tochuc them {COOPERATIVES} | LMHTX")


async def tasks(harness: Harness, group: Group) -> list[tuple[int, str, list[str]]]:
    """(number, title, assignees) of the group's open tasks, by number."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        found = await uow.tasks.list_open(chat.id, 100)
    return sorted((t.number, t.title, [a.label for a in t.assignees]) for t in found)


async def decisions(harness: Harness, group: Group) -> list[str]:
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        return [d.text for d in await uow.decisions.latest(chat.id, 100)]


def buttons(message: JSON) -> list[str]:
    return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def test_each_task_line_is_a_task_of_its_own_in_vietnamese(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await two_organisations(harness, group)
    notes = "/viec CTĐ: gửi báo cáo cuối tháng 7\n/viec LMHTX: gửi danh sách trước 20/7"
    first, second = await group.say_all(secretary, notes, count=2)
    assert first["text"].startswith(
        f"📌 Đã ghi việc #1\ngửi báo cáo\n👤 Giao cho: {RED_CROSS}\n📅 Hạn: Chủ Nhật, 31/07/2022"
    )
    assert second["text"].startswith(
        f"📌 Đã ghi việc #2\ngửi danh sách\n👤 Giao cho: {COOPERATIVES}\n📅 Hạn: Thứ Tư, 20/07/2022"
    )
    assert first["reply_to_message"]["message_id"] == second["reply_to_message"]["message_id"]
    assert buttons(first) == buttons(second) == ["✅ Xong"]
    assert await tasks(harness, group) == [
        (1, "gửi báo cáo", [RED_CROSS]),
        (2, "gửi danh sách", [COOPERATIVES]),
    ]
    # A task over several lines stays one task: a line without a command continues it.
    (one,) = await group.say_all(secretary, "/viec CTĐ: in tài liệu\ncho hội nghị\ntrước 15/7")
    assert one["text"].startswith("📌 Đã ghi việc #3\nin tài liệu\ncho hội nghị\n👤 Giao cho")
    assert "Thứ Sáu, 15/07/2022" in one["text"]


async def test_each_line_is_answered_and_refused_on_its_own_in_english(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    notes = (
        "/decision We hold one joint workshop\n"
        "in the second half of the year\n"
        "/other@another_bot is not mine: it stays in the text\n"
        "/done 7\n"
        "/task @lan: send the photos by Friday\n"
        "  /tasks"
    )
    decided, refused, recorded, listed = await group.say_all(secretary, notes, count=4)
    assert decided["text"] == (
        "✅ Recorded decision #1:\nWe hold one joint workshop\nin the second half of the year\n"
        "/other@another_bot is not mine: it stays in the text"
    )
    assert "no task #7" in refused["text"]
    assert recorded["text"].startswith("📌 Recorded task #1\nsend the photos\n👤 For: @lan")
    assert "1 open task" in listed["text"]
    assert await decisions(harness, group) == [
        "We hold one joint workshop\nin the second half of the year\n"
        "/other@another_bot is not mine: it stays in the text"
    ]
    assert await tasks(harness, group) == [(1, "send the photos", ["@lan"])]


async def test_each_line_may_ask_its_question_and_keeps_its_own_mentions(
    harness: Harness, group: Group
) -> None:
    secretary, minh = harness.users["secretary"], harness.users["minh"]
    await two_organisations(harness, group)
    # An emoji counts two in Telegram's offsets: the mention of Minh must still be found.
    notes = "/viec Hội Nông dân: gửi danh sách 🎉\n/viec Minh: soạn biên bản\n/viec CTĐ: in ảnh"
    mention = {"type": "text_mention", "offset": notes.index("Minh") + 1, "length": 4}
    asked, for_minh, for_red_cross = await group.say_all(
        secretary, notes, count=3, entities=[{**mention, "user": minh}]
    )
    assert asked["text"].startswith("❓ Nhóm chưa có tổ chức «Hội Nông dân».")
    assert buttons(asked) == ["➕ Tạo «Hội Nông dân»", "✖ Huỷ việc này"]
    assert for_minh["text"].startswith("📌 Đã ghi việc #1\nsoạn biên bản\n👤 Giao cho: Minh")
    assert for_red_cross["text"].startswith(f"📌 Đã ghi việc #2\nin ảnh\n👤 Giao cho: {RED_CROSS}")
    assert await tasks(harness, group) == [
        (1, "soạn biên bản", ["Minh"]),
        (2, "in ảnh", [RED_CROSS]),
    ]


async def test_lines_in_a_topic_replying_to_a_message_each_take_it(harness: Harness) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    group, sports, _ = forum(harness)
    await two_organisations(harness, group)
    request = await harness.sandbox.send_message(
        group.id, lan["id"], "Gửi danh sách vận động viên", message_thread_id=sports
    )
    answers = await group.say_all(
        secretary,
        "/viec CTĐ ngày 15/7\n/viec LMHTX ngày 20/7\n/qd",
        count=3,
        message_thread_id=sports,
        reply_to_message_id=request["message_id"],
    )
    assert [a["message_thread_id"] for a in answers] == [sports] * 3
    assert "15/07/2022" in answers[0]["text"]
    assert "20/07/2022" in answers[1]["text"]
    assert answers[2]["text"].endswith("Gửi danh sách vận động viên")
    assert await tasks(harness, group) == [
        (1, "Gửi danh sách vận động viên", [RED_CROSS]),
        (2, "Gửi danh sách vận động viên", [COOPERATIVES]),
    ]
    assert await decisions(harness, group) == ["Gửi danh sách vận động viên"]


async def test_lines_sent_privately_act_on_the_chosen_group(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await two_organisations(harness, group)
    me = private(harness, secretary)
    listed = await me.say("/nhom")
    await me.press(listed, choice(listed, "Khối thi đua số 1"))
    notes = "/viec CTĐ: gửi báo cáo cuối tháng 7\n/viec LMHTX: gửi danh sách trước 20/7"
    await harness.sandbox.send_message(me.id, secretary["id"], notes)
    answers = await harness.sandbox.wait_for_bot_messages(me.id, count=2)
    assert all("Trong nhóm «Khối thi đua số 1»" in a["text"] for a in answers)
    copies = [m["text"] for m in group.bot_messages()[-2:]]  # posted before each answer
    assert "📌 Đã ghi việc #1\ngửi báo cáo" in copies[0]
    assert "📌 Đã ghi việc #2\ngửi danh sách" in copies[1]
    assert await tasks(harness, group) == [
        (1, "gửi báo cáo", [RED_CROSS]),
        (2, "gửi danh sách", [COOPERATIVES]),
    ]


async def test_more_than_twenty_commands_are_refused_whole(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    notes = "\n".join(f"/qd Quyết định số {n}" for n in range(1, 22))
    refused = await group.say(secretary, notes)
    assert refused == (
        "Tin nhắn này có hơn 20 lệnh, mà mỗi tin nhắn chỉ chạy được tối đa 20 lệnh, nên chưa "
        "có gì được ghi. Hãy chia thành nhiều tin nhắn."
    )
    await group.say(secretary, "/lang en")
    refused = await group.say(secretary, notes.replace("/qd", "/decision"))
    assert refused.startswith("This message holds more than 20 commands, and at most 20 run")
    assert await decisions(harness, group) == []
    answers = await group.say_all(secretary, notes.rsplit("\n", 1)[0], count=20)
    assert [a["text"].split("\n")[0] for a in answers] == [
        f"✅ Recorded decision #{n}:" for n in range(1, 21)
    ]


async def test_command_lines_after_a_heading_run_and_the_heading_is_ignored(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    notes = "Kết luận cuộc họp:\n/viec @lan: gửi báo cáo\n/viec @lan: gửi danh sách"
    first, second = await group.say_all(secretary, notes, count=2)
    assert first["text"].startswith("📌 Đã ghi việc #1\ngửi báo cáo\n👤 Giao cho: @lan")
    assert second["text"].startswith("📌 Đã ghi việc #2\ngửi danh sách\n👤 Giao cho: @lan")
    # One command line under the heading runs too.
    (decided,) = await group.say_all(secretary, "Kết luận:\n/qd Tổ chức hội thao\nvào tháng 9")
    assert decided["text"] == "✅ Đã ghi quyết định #1:\nTổ chức hội thao\nvào tháng 9"
    assert await tasks(harness, group) == [
        (1, "gửi báo cáo", ["@lan"]),
        (2, "gửi danh sách", ["@lan"]),
    ]
    assert await decisions(harness, group) == ["Tổ chức hội thao\nvào tháng 9"]


async def test_an_unknown_first_command_is_passed_over_and_the_next_lines_run(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    # Alone, a typo or another bot's command gets no answer: it does not either above others.
    await harness.sandbox.send_message(group.id, secretary["id"], "/vieec @lan: send the report")
    (listed,) = await group.say_all(secretary, "/poll@other_bot Lunch?\n/tasks")
    assert "No open tasks" in listed["text"]
    notes = "/vieec @lan: send the report\nby Friday\n/task @lan: send the list\n/decision One fair"
    recorded, decided = await group.say_all(secretary, notes, count=2)
    assert recorded["text"].startswith("📌 Recorded task #1\nsend the list\n👤 For: @lan")
    assert decided["text"] == "✅ Recorded decision #1:\nOne fair"
    assert len(group.bot_messages()) == 4  # /lang, /tasks, and the two lines: nothing else
    assert await tasks(harness, group) == [(1, "send the list", ["@lan"])]


async def test_edited_command_lines_run_none_again_and_say_so_once(
    harness: Harness, group: Group
) -> None:
    """As an edited command is not run again (test_hostile_input), nor is any line of edited
    notes, with a heading above them or not: the sender is told once per message, however many
    lines it holds and however often it is edited, never left to think the change recorded."""
    secretary, sandbox = harness.users["secretary"], harness.sandbox
    for notes, answers in (
        ("/viec @lan: gửi báo cáo\n/qd Tổ chức hội thao", 2),
        ("Kết luận:\n/viec @lan: gửi báo cáo\n/qd Tổ chức hội thao", 2),
        ("Ghi chú cuộc họp", 0),  # notes, not yet commands: edited into some
    ):
        sent = await sandbox.send_message(group.id, secretary["id"], notes)
        if answers:
            await sandbox.wait_for_bot_messages(group.id, count=answers)
        last = group.bot_messages()[-1]["message_id"] if group.bot_messages() else 0
        edit = "Kết luận:\n/viec @lan: gửi danh sách\n/qd Tổ chức hội diễn"
        await sandbox.edit_message(group.id, sent["message_id"], edit)
        [hint] = await sandbox.wait_for_bot_messages(group.id, after_message_id=last)
        assert hint["text"] == (
            "Sửa tin nhắn không chạy lại lệnh, và những gì đã ghi từ tin nhắn đó vẫn giữ nguyên. "
            "Hãy gửi lại lệnh trong một tin nhắn mới, hoặc sửa việc bằng /sua 3 nội dung mới."
        )
        assert hint["reply_to_message"]["message_id"] == sent["message_id"]
        await sandbox.edit_message(group.id, sent["message_id"], edit + " vào tháng 9")
    await group.say(secretary, "/ds")  # answered after the last edit was handled
    assert sum(m["text"].startswith("Sửa tin nhắn") for m in group.bot_messages()) == 3
    assert await tasks(harness, group) == [
        (1, "gửi báo cáo", ["@lan"]),
        (2, "gửi báo cáo", ["@lan"]),
    ]
    assert await decisions(harness, group) == ["Tổ chức hội thao"] * 2
