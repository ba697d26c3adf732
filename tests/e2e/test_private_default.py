"""A member writes to the bot privately without ever choosing a group: the private chat acts on
her one group (naming it), and asks which one when she is in several; the private copy of a
reminder has buttons that act on its group. What the bot says privately is in the private
chat's language; what it posts in the group, in the group's."""

from __future__ import annotations

from tests.e2e.conftest import JSON, Harness
from tests.e2e.test_private_group import buttons, chat_id, choice, private, task_titles
from tests.e2e.test_reminders import at

IN_GROUP = "📍 Trong nhóm «Khối thi đua số 1»:\n"


def hoa(harness: Harness) -> JSON:
    """A member the bot has never seen write in the group: only assigned there, by @hoa."""
    return harness.sandbox.add_user("Hoa", username="hoa", language_code="vi")


async def test_a_member_with_one_group_acts_on_it_from_her_private_chat_without_choosing(
    harness: Harness,
) -> None:
    secretary, member = harness.users["secretary"], hoa(harness)
    group = harness.group("Khối thi đua số 1", [member, harness.users["lan"]], [secretary])
    me = private(harness, member)
    await me.say("/start")
    for title in ("nộp báo cáo", "gửi danh sách", "in tài liệu"):
        await group.say(secretary, f"/viec @hoa: {title} ngày 9/7")
    await group.say(secretary, "/viec @lan: việc của Lan ngày 9/7")

    closed = await me.say("/xong 2")
    assert closed["text"].startswith(IN_GROUP)
    assert "#2" in closed["text"]
    posted = group.bot_messages()[-1]["text"]
    assert posted.startswith("📨 Hoa ghi từ cuộc trò chuyện riêng với bot:")
    listing = await me.say("/ds")
    assert listing["text"].startswith(IN_GROUP)
    for title in ("nộp báo cáo", "in tài liệu", "việc của Lan"):
        assert title in listing["text"]
    assert "Giao việc bằng /viec" not in listing["text"]
    assert await task_titles(harness, group.id) == ["nộp báo cáo", "in tài liệu", "việc của Lan"]

    shown = await me.say("/nhom")  # where her commands go, though she never chose
    assert "Hiện tại: nhóm «Khối thi đua số 1», nhóm duy nhất của bạn" in shown["text"]
    own = await me.say("/nhom rieng")  # her own notes, once she says so
    assert "Hiện tại: ghi chú riêng của bạn" in own["text"]
    noted = await me.say("/viec gọi cho chị Mai")
    assert "Trong nhóm" not in noted["text"]
    assert await task_titles(harness, me.id) == ["gọi cho chị Mai"]


async def test_the_private_copy_of_a_reminder_has_buttons_acting_on_its_group(
    harness: Harness,
) -> None:
    secretary, member = harness.users["secretary"], hoa(harness)
    group = harness.group("Khối thi đua số 1", [member, harness.users["lan"]], [secretary])
    me = private(harness, member)
    await me.say("/start")
    for title in ("nộp báo cáo", "gửi danh sách", "in tài liệu"):
        await group.say(secretary, f"/viec @hoa: {title} ngày 9/7")
    await group.say(secretary, "/viec @lan: việc của Lan ngày 9/7")
    await harness.at(at(8, 7))
    [copy] = [m for m in harness.sandbox.transcript(me.id) if "Nhắc việc" in m["text"]]
    assert copy["text"].startswith("⏰ Nhắc việc của bạn trong nhóm «Khối thi đua số 1»:\n")
    gid = await chat_id(harness, group.id)
    theirs = buttons(copy)
    assert theirs["✅ Xong #1"] == f"@{gid}|done:1"  # the group's buttons, naming the group
    assert {data.split("|")[1].split(":")[1] for data in theirs.values()} == {"1", "2", "3"}
    assert len(theirs) == 9  # done, snooze, new deadline: her tasks only, not Lan's

    last = group.bot_messages()[-1]["message_id"]
    popup = await me.press(copy, theirs["✅ Xong #1"])
    assert "#1" in popup
    await harness.sandbox.wait_for_calls("editMessageText")
    [edited] = [
        m for m in harness.sandbox.transcript(me.id) if m["message_id"] == copy["message_id"]
    ]
    left = buttons(edited).values()
    assert not any(data.endswith(":1") for data in left)  # the closed task's buttons go
    assert all(data.startswith(f"@{gid}|") for data in left)  # the others still name it
    assert len(left) == 6
    await harness.sandbox.wait_for_bot_messages(group.id, after_message_id=last)
    assert group.bot_messages()[-1]["text"] == (
        f"📨 Hoa ghi từ cuộc trò chuyện riêng với bot:\n{popup}"
    )
    assert await task_titles(harness, group.id) == ["gửi danh sách", "in tài liệu", "việc của Lan"]
    snoozed = await me.press(edited, theirs["⏰ Nhắc lại mai #2"])
    assert "#2" in snoozed
    hint = await me.press(edited, theirs["📅 Đổi hạn #2"])  # says what to send, here too
    assert "/ghichu 2" in hint  # an assignee asks for another deadline by a note


async def test_in_several_groups_a_private_command_asks_which_group_and_does_nothing(
    harness: Harness,
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    first = harness.group("Khối thi đua số 1", [lan], [secretary])
    second = harness.group("Khối thi đua số 2", [lan], [secretary])
    await first.say(secretary, "/viec @lan: nộp báo cáo")
    await second.say(secretary, "/viec @lan: gửi danh sách")
    await second.say(lan, "/ds")  # seen in one, assigned in the other
    me = private(harness, lan)
    for command in ("/xong 1", "/ds", "/viec ghi chú"):
        asked = await me.say(command)
        assert asked["text"].startswith(
            "Bạn ở trong nhiều nhóm nên tôi chưa làm gì: hãy bấm chọn nhóm"
        ), command
        assert list(buttons(asked)) == [
            "Khối thi đua số 1",
            "Khối thi đua số 2",
            "📝 Ghi chú riêng của tôi",
        ], command
    assert await task_titles(harness, first.id) == ["nộp báo cáo"]
    assert await task_titles(harness, second.id) == ["gửi danh sách"]
    assert await task_titles(harness, me.id) == []
    mine = (await me.say("/ds cua toi"))["text"]  # her tasks of every group: nothing to ask
    assert "nộp báo cáo" in mine
    assert "gửi danh sách" in mine

    await me.press(asked, buttons(asked)["Khối thi đua số 2"])
    closed = await me.say("/xong 1")
    assert closed["text"].startswith("📍 Trong nhóm «Khối thi đua số 2»:\n")
    assert await task_titles(harness, second.id) == []
    assert await task_titles(harness, first.id) == ["nộp báo cáo"]


async def test_private_answers_come_in_the_private_chats_language_and_the_group_copy_in_the_groups(
    harness: Harness,
) -> None:
    secretary, minh = harness.users["secretary"], harness.users["minh"]
    group = harness.group("Khối thi đua số 1", [minh], [secretary])  # a Vietnamese group
    await group.say(minh, "/ds")
    mention = [{"type": "text_mention", "offset": len("/viec "), "length": 4, "user": minh}]
    await group.say(secretary, "/viec Minh: gửi biên bản ngày 9/7", entities=mention)
    for i in range(2, 11):
        await group.say(secretary, f"/viec @thuky: việc số {i}")
    me = private(harness, minh)  # a co-chair who reads English
    assert (await me.say("/lang en"))["text"] == "Switched to English."
    listing = await me.say("/tasks")  # his only group, in his language
    assert listing["text"].startswith("📍 In «Khối thi đua số 1»:\n10 open tasks")
    refused = await me.say("/task @thuky: something")
    assert refused["text"].startswith("📍 In «Khối thi đua số 1»:\nOnly the group's administrators")
    last = group.bot_messages()[-1]["message_id"]
    page = buttons(listing)["Page 1/2"]  # in his language too
    await me.press(listing, page)  # drawn again
    assert await me.press(listing, page) == "Nothing has changed on this page."
    [done_1] = [data for data in buttons(listing).values() if data.endswith("|done:1")]
    popup = await me.press(listing, done_1)
    assert popup == "Task #1 marked done."
    # The group is told of the task closed, and of no page turned, in its own language.
    [told] = await harness.sandbox.wait_for_bot_messages(group.id, after_message_id=last)
    assert (
        told["text"] == "📨 Minh ghi từ cuộc trò chuyện riêng với bot:\nĐã đánh dấu việc #1 xong."
    )
    await group.say(secretary, "/momai 1")
    done = await me.say("/done 1")
    assert done["text"].startswith("📍 In «Khối thi đua số 1»:\n✅ Task #1 done: gửi biên bản")
    posted = group.bot_messages()[-1]["text"]  # the group reads it in its own language
    assert posted.startswith("📨 Minh ghi từ cuộc trò chuyện riêng với bot:\n✅ Việc #1 đã xong")
    chosen = await me.say("/group")
    await me.press(chosen, choice(chosen, "Khối thi đua số 1"))
    mine = await me.say("/tasks mine")  # with the group chosen, as QA saw it
    assert mine["text"].startswith("📍 In «Khối thi đua số 1»:\nNothing is assigned to you")
