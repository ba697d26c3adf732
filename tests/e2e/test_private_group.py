"""A secretary works on a group from a private chat with the bot: ``/group`` (``/nhom``) chooses
the group, the commands sent privately act on it, the group sees what was recorded, and nobody
reaches a group they are not in (never were, or no longer are, as Telegram says), whatever their
client sends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import telegram_calls
from storage import UnitOfWork
from storage.models import AuditEventRow
from tests.e2e.conftest import JSON, Group, Harness
from tests.e2e.test_faults import eventually
from tests.e2e.test_task_edits import the_longest_task


@dataclass
class Private:
    """A user's private chat with the bot."""

    harness: Harness
    user: JSON
    chat: JSON

    @property
    def id(self) -> int:
        return int(self.chat["id"])

    async def say(self, text: str) -> JSON:
        """The user writes ``text``; return the bot's one answer."""
        await self.harness.sandbox.send_message(self.id, self.user["id"], text)
        (answer,) = await self.harness.sandbox.wait_for_bot_messages(self.id, timeout=10)
        return answer

    async def press(self, message: JSON, data: str, *, forged: bool = False) -> str:
        """Press the button with ``data`` under ``message``; return the pop-up's text."""
        sandbox = self.harness.sandbox
        answered = len(sandbox.callback_answers)
        await sandbox.click(self.id, self.user["id"], message["message_id"], data, forged=forged)
        await sandbox.wait_for_calls("answerCallbackQuery", count=answered + 1, timeout=10)
        return str(sandbox.callback_answers[-1]["text"] or "")


def private(harness: Harness, user: JSON) -> Private:
    return Private(harness, user, harness.sandbox.add_private_chat(user))


def buttons(message: JSON) -> dict[str, str]:
    """The message's buttons: text -> data."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


def choice(message: JSON, title: str) -> str:
    """The data of the button choosing the group ``title``, ticked or not."""
    return {text.removeprefix("✅ "): data for text, data in buttons(message).items()}[title]


async def chat_id(harness: Harness, telegram_id: int) -> int:
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(telegram_id)
        assert chat is not None
        return chat.id


async def selected(harness: Harness, user: JSON) -> int | None:
    async with UnitOfWork(harness.database) as uow:
        found = await uow.persons.by_username(user["username"]) if user.get("username") else None
        assert found is not None
        return await uow.persons.selected_chat(found[0])


async def task_titles(harness: Harness, telegram_id: int) -> list[str]:
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(telegram_id)
        if chat is None:
            return []
        return [t.title for t in await uow.tasks.list_open(chat.id, limit=100)]


async def test_a_secretary_chooses_the_group_and_records_from_a_private_chat_in_vietnamese(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/ds")  # the bot has now seen the secretary in the group
    me = private(harness, secretary)
    listed = await me.say("/nhom")  # nothing chosen: his only group
    assert "Hiện tại: nhóm «Khối thi đua số 1», nhóm duy nhất của bạn" in listed["text"]
    choices = buttons(listed)
    assert list(choices) == ["✅ Khối thi đua số 1", "📝 Ghi chú riêng của tôi"]
    popup = await me.press(listed, choices["✅ Khối thi đua số 1"])
    assert popup == "Từ giờ các lệnh bạn gửi ở đây áp dụng cho nhóm «Khối thi đua số 1»."
    assert await selected(harness, secretary) == await chat_id(harness, group.id)
    await harness.sandbox.wait_for_calls("editMessageText")  # the list, edited after the pop-up
    edited = harness.sandbox.transcript(me.id)[-1]
    assert "Hiện tại: nhóm «Khối thi đua số 1»" in edited["text"]
    assert "✅ Khối thi đua số 1" in buttons(edited)

    answer = await me.say("/viec @lan: gửi báo cáo 6 tháng cuối tháng 7")
    assert answer["text"].startswith("📍 Trong nhóm «Khối thi đua số 1»:")
    assert "việc #1" in answer["text"].lower()
    posted = group.bot_messages()[-1]
    assert posted["text"].startswith("📨 Thư ký ghi từ cuộc trò chuyện riêng với bot:")
    assert "gửi báo cáo 6 tháng" in posted["text"]
    group_buttons, private_buttons = buttons(posted), buttons(answer)
    gid = await chat_id(harness, group.id)
    assert group_buttons  # the group's usual buttons
    assert private_buttons == {k: f"@{gid}|{v}" for k, v in group_buttons.items()}
    assert await task_titles(harness, group.id) == ["gửi báo cáo 6 tháng"]
    assert await task_titles(harness, me.id) == []

    before = len(group.bot_messages())
    listing = await me.say("/ds")
    assert listing["text"].startswith("📍 Trong nhóm «Khối thi đua số 1»:")
    assert "gửi báo cáo 6 tháng" in listing["text"]
    assert len(group.bot_messages()) == before  # reading posts nothing in the group
    decided = await me.say("/qd Tổ chức hội thảo chung")
    assert "quyết định #1" in decided["text"].lower()
    assert "Tổ chức hội thảo chung" in group.bot_messages()[-1]["text"]
    closed = await me.say("/xong 1")
    assert "📍 Trong nhóm «Khối thi đua số 1»:" in closed["text"]
    assert "Thư ký" in group.bot_messages()[-1]["text"]
    assert await task_titles(harness, group.id) == []


async def test_buttons_of_a_private_answer_act_on_their_group_even_after_another_choice(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/ds")
    me = private(harness, secretary)
    listed = await me.say("/nhom")
    await me.press(listed, choice(listed, "Khối thi đua số 1"))
    answer = await me.say("/viec @lan: gửi danh sách đoàn viên")  # no deadline
    assert "Trong nhóm «Khối thi đua số 1»" in answer["text"]
    back = await me.say("/nhom rieng")
    assert "Hiện tại: ghi chú riêng của bạn" in back["text"]
    assert await selected(harness, secretary) == await chat_id(harness, me.id)  # itself
    own = await me.say("/viec ghi chú của riêng tôi")  # own notes work as before
    assert "Trong nhóm" not in own["text"]
    assert await task_titles(harness, me.id) == ["ghi chú của riêng tôi"]
    [done] = [data for data in buttons(answer).values() if data.endswith("done:1")]
    popup = await me.press(answer, done)
    assert "#1" in popup
    # after the answer to /ds: the task posted, then its closing
    await harness.sandbox.wait_for_bot_messages(group.id, count=3)
    assert (
        group.bot_messages()[-1]["text"]
        == f"📨 Thư ký ghi từ cuộc trò chuyện riêng với bot:\n{popup}"
    )
    assert await task_titles(harness, group.id) == []  # the group's task, not the private #1
    assert await task_titles(harness, me.id) == ["ghi chú của riêng tôi"]


async def test_an_english_group_a_named_secretary_and_the_right_checked_at_each_command(
    harness: Harness,
) -> None:
    users = harness.users
    admin, minh = users["secretary"], users["minh"]
    group = harness.group("Bloc No. 2", [minh, users["lan"]], [admin])
    assert "English" in await group.say(admin, "/lang en")
    me = private(harness, minh)
    await me.say("/lang en")  # the private chat speaks English too
    listed = await me.say("/group")  # the bot has not seen Minh in any group yet
    assert (
        "I know of no group of yours yet: I list the groups where I have seen you"
        in (listed["text"])
    )
    refused = await me.say("/meeting Half-year review")
    assert refused["text"].startswith(
        "This command works on a group's records, and I know of no group of yours yet"
    )
    await group.say(minh, "/tasks")
    refused = await me.say("/meeting Half-year review")  # his one group, where he is a member
    assert refused["text"].startswith(
        "📍 In «Bloc No. 2»:\nOnly the group's administrators and the secretaries they name"
    )
    # Minh has no @username: he is named by a mention of him.
    mention = [{"type": "text_mention", "offset": 15, "length": 4, "user": minh}]
    named = await group.say(admin, "/secretary add Minh", entities=mention)
    assert "Minh" in named
    opened = await me.say("/meeting Half-year review")
    assert opened["text"].startswith("📍 In «Bloc No. 2»:")
    assert "Meeting #1" in group.bot_messages()[-1]["text"]
    assert group.bot_messages()[-1]["text"].startswith("📨 Recorded by Minh from a private chat")
    asked = await me.say("/task Red Cross: send the report by Friday")
    assert "📍 In «Bloc No. 2»:" in asked["text"]
    assert "This group has no organisation “Red Cross” yet" in asked["text"]
    assert "Meeting #1" in group.bot_messages()[-1]["text"]  # a question is not posted there
    [create] = [data for text, data in buttons(asked).items() if text.startswith("➕")]
    await me.press(asked, create)  # the question, asked in private, is settled in private
    [recorded] = [
        m for m in harness.sandbox.transcript(me.id) if m["message_id"] == asked["message_id"]
    ]
    assert "Recorded task #1" in recorded["text"]
    posted = group.bot_messages()[-1]["text"]
    assert posted.startswith("📨 Recorded by Minh from a private chat")
    assert "Recorded task #1" in posted
    assert "Red Cross" in posted
    minutes = await me.say("/endmeeting")
    assert "Minutes" in minutes["text"]
    assert "send the report" in group.bot_messages()[-1]["text"]

    mention = [{"type": "text_mention", "offset": 18, "length": 4, "user": minh}]
    removed = await group.say(admin, "/secretary remove Minh", entities=mention)
    assert "Minh" in removed
    refused = await me.say("/task Red Cross: another thing")  # his one group, a member now
    assert refused["text"].startswith(
        "📍 In «Bloc No. 2»:\nOnly the group's administrators and the secretaries they name"
    )
    assert await task_titles(harness, group.id) == ["send the report"]
    listed = await me.say("/group")  # he may still read it from here
    assert "Press one of your groups to read its tasks and decisions from here" in listed["text"]
    assert "Now: the group «Bloc No. 2», your only group" in listed["text"]
    assert list(buttons(listed)) == ["✅ Bloc No. 2", "📝 My own notes"]


async def test_a_demoted_administrator_is_refused_once_telegram_says_so(
    harness: Harness,
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    group = harness.group("Khối thi đua số 1", [], [lan, secretary])  # Lan created it
    await group.say(secretary, "/ds")
    me = private(harness, secretary)
    listed = await me.say("/nhom")
    await me.press(listed, choice(listed, "Khối thi đua số 1"))
    assert "việc #1" in (await me.say("/viec @lan: việc đầu tiên"))["text"].lower()
    await harness.sandbox.set_member_status(group.id, secretary, "member")
    harness.clock.advance(timedelta(minutes=2))  # the administrators' list is read again
    refused = await me.say("/viec @lan: một việc")  # a member of the group now
    assert refused["text"].startswith(
        "📍 Trong nhóm «Khối thi đua số 1»:\nChỉ quản trị viên của nhóm và thư ký"
    )
    assert await task_titles(harness, group.id) == ["việc đầu tiên"]
    assert "✅ Khối thi đua số 1" in buttons(await me.say("/nhom"))  # still hers to read


async def test_nobody_selects_or_acts_on_a_group_they_are_not_in(
    harness: Harness, group: Group
) -> None:
    secretary, lan, minh = (harness.users[k] for k in ("secretary", "lan", "minh"))
    await group.say(secretary, "/viec @thuky: việc của nhóm")
    other = harness.group("Nhóm khác", [secretary], [minh])  # Lan is not in it
    await other.say(minh, "/viec @lan: việc nhóm khác")  # even if a task there names her
    gid, other_id = await chat_id(harness, group.id), await chat_id(harness, other.id)
    mine = private(harness, lan)  # the bot has not seen Lan in any group yet
    listed = await mine.say("/nhom")
    assert "Tôi chưa biết nhóm nào của bạn: tôi chỉ liệt kê những nhóm" in listed["text"]
    assert list(buttons(listed)) == ["✅ 📝 Ghi chú riêng của tôi"]
    popup = await mine.press(listed, f"grp:{gid}", forged=True)
    assert popup.startswith(
        "Đó không phải nhóm của bạn (tôi chưa thấy bạn trong nhóm đó, hoặc bạn đã rời nhóm)"
    )
    refused = await mine.say("/hop Họp riêng")  # a meeting is a group's
    assert refused["text"].startswith("Lệnh này dùng cho hồ sơ của một nhóm, mà tôi chưa biết")
    await group.say(lan, "/ds")  # now it has: her group, and only hers, may be chosen
    listed = await mine.say("/nhom")
    assert list(buttons(listed)) == ["✅ Khối thi đua số 1", "📝 Ghi chú riêng của tôi"]
    popup = await mine.press(listed, f"grp:{other_id}", forged=True)
    assert popup.startswith("Đó không phải nhóm của bạn")
    assert await selected(harness, lan) is None
    await mine.say("/nhom rieng")
    own = await mine.say("/viec ghi chú riêng")  # her own notes, chosen
    assert await task_titles(harness, mine.id) == ["ghi chú riêng"]
    popup = await mine.press(own, f"@{other_id}|done:1", forged=True)
    assert popup.startswith("Đó không phải nhóm của bạn")
    assert await task_titles(harness, other.id) == ["việc nhóm khác"]
    assert await task_titles(harness, group.id) == ["việc của nhóm"]

    # The secretary of one group is in the other too, but the bot has never seen him there.
    me = private(harness, secretary)
    listed = await me.say("/nhom")
    assert "Nhóm khác" not in buttons(listed)
    for data in (f"grp:{other_id}", f"@{other_id}|done:1"):
        assert (await me.press(listed, data, forged=True)).startswith("Đó không phải nhóm của bạn")
    assert await task_titles(harness, other.id) == ["việc nhóm khác"]
    # /group in a group only says where to choose; its buttons, forged there, do nothing.
    shown = (await group.say_all(secretary, "/nhom"))[0]
    assert "cuộc trò chuyện riêng" in shown["text"]
    sandbox = harness.sandbox
    for data in (f"grp:{gid}", f"@{gid}|done:1"):
        answered = len(sandbox.callback_answers)
        await sandbox.click(group.id, secretary["id"], shown["message_id"], data, forged=True)
        await sandbox.wait_for_calls("answerCallbackQuery", count=answered + 1, timeout=10)
        assert (
            sandbox.callback_answers[-1]["text"]
            == "Nút này chỉ dùng được trong cuộc trò chuyện riêng với tôi."
        )
    assert await task_titles(harness, group.id) == ["việc của nhóm"]
    assert await selected(harness, secretary) is None


async def test_reading_commands_answer_privately_and_a_group_closed_to_the_bot_is_said(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo cuối tháng 7")
    second = harness.group("Khối thi đua số 2", [harness.users["lan"]], [secretary])
    await second.say(secretary, "/ds")
    me = private(harness, secretary)
    asked = await me.say("/bienban")  # two groups: the bot does not guess, it asks
    assert asked["text"].startswith("Bạn ở trong nhiều nhóm nên tôi chưa làm gì")
    assert list(buttons(asked)) == [
        "Khối thi đua số 1",
        "Khối thi đua số 2",
        "📝 Ghi chú riêng của tôi",
    ]
    listed = await me.say("/nhom")
    assert list(buttons(listed))[:2] == ["Khối thi đua số 1", "Khối thi đua số 2"]
    await me.press(listed, choice(listed, "Khối thi đua số 1"))
    before = len(group.bot_messages())
    exported = await me.say("/xuat csv")  # the group's file, sent privately
    assert exported["caption"] == "📊 Danh sách 1 việc của nhóm (CSV)"
    content = harness.sandbox.files[exported["document"]["file_id"]].content.decode("utf-8-sig")
    assert "gửi báo cáo" in content
    found = await me.say("/tim báo cáo")
    assert "📍 Trong nhóm «Khối thi đua số 1»:" in found["text"]
    assert len(group.bot_messages()) == before

    await harness.sandbox.set_member_status(group.id, harness.sandbox.bot, "kicked")
    answer = await me.say("/qd Tổ chức hội thảo chung")
    assert "quyết định #1" in answer["text"].lower()
    assert "⚠️ Đã ghi lại, nhưng tôi không đăng được vào nhóm" in answer["text"]


async def test_the_longest_note_and_reason_sent_privately_fit_with_the_group_named(
    harness: Harness,
) -> None:
    # The longest names Telegram allows: a group's title, a person's first and last names.
    secretary = harness.sandbox.add_user("T" * 64, last_name="K" * 64, username="thuky2")
    title = ("Khối thi đua các hội đoàn thể thành phố " * 4)[:128]
    group = harness.group(title, [harness.users["lan"]], [secretary])
    await the_longest_task(harness, group, secretary)
    me = private(harness, secretary)
    listed = await me.say("/nhom")
    await me.press(listed, choice(listed, title))
    note = ("tiến độ & " * 200).strip()  # the longest note, and reason
    before = len(group.bot_messages())
    noted = (await me.say("/ghichu 1 " + note))["text"]
    cancelled = (await me.say("/huy 1 " + note))["text"]
    copies = [m["text"] for m in group.bot_messages()[before:]]  # the sandbox refuses > 4096
    assert copies[0].startswith(f"📨 {'T' * 64} {'K' * 64} ghi từ cuộc trò chuyện riêng")
    for answer, copy in zip([noted, cancelled], copies, strict=True):
        assert answer.startswith(f"📍 Trong nhóm «{title}»:")
        assert len(answer) <= 4096
        assert "tiến độ & tiến độ" in answer
        assert "…" in answer  # cut, with the full note kept in the record
        assert answer.endswith(copy.split("\n", 1)[1])
    # The group no longer takes the bot's messages: a line more in the answer says so.
    await harness.sandbox.set_member_status(group.id, harness.sandbox.bot, "kicked")
    failed = "⚠️ Đã ghi lại, nhưng tôi không đăng được vào nhóm (có thể tôi không còn được phép"
    assert failed in (await me.say("/momai 1"))["text"]
    for command in ("/ghichu 1 ", "/huy 1 "):
        answer = (await me.say(command + note))["text"]
        assert len(answer) <= 4096
        assert "tiến độ & tiến độ" in answer
        assert answer.endswith("\n\n" + failed + " nhắn tin ở đó).")


async def test_a_group_list_pages_in_a_private_chat(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/tochuc them Liên hiệp các Hội Văn học và Nghệ thuật thành phố")
    for i in range(1, 11):
        await group.say(
            secretary, f"/viec Liên hiệp các Hội Văn học và Nghệ thuật thành phố: việc {i}"
        )
    me = private(harness, secretary)
    listed = await me.say("/nhom")
    await me.press(listed, choice(listed, "Khối thi đua số 1"))
    for command, page_two in (("/ds", "#9 việc 9"), ("/ds tat ca", "#2 việc 2")):
        first = await me.say(command)
        assert "📍 Trong nhóm «Khối thi đua số 1»:" in first["text"]
        assert "10 việc" in first["text"]
        assert page_two not in first["text"]
        [forward] = [data for text, data in buttons(first).items() if text.startswith("▶")]
        await me.press(first, forward)
        [paged] = [
            m for m in harness.sandbox.transcript(me.id) if m["message_id"] == first["message_id"]
        ]
        assert page_two in paged["text"]
    # A filter too long for a button with the group's prefix: one page, and how many more.
    long = await me.say("/ds lien hiep cac hoi van hoc va nghe thuat thanh pho")
    assert "#8 việc 8" in long["text"]
    assert "#9 việc 9" not in long["text"]
    assert all(len(data.encode()) <= 64 for data in buttons(long).values())


async def test_a_member_chooses_their_group_reads_it_and_records_only_what_their_role_allows(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/viec @lan: gửi báo cáo 6 tháng cuối tháng 7")
    await group.say(secretary, "/viec @thuky: đặt phòng họp thứ 6")
    await group.say(lan, "/ds")  # Lan is a member, not a secretary
    mine = private(harness, lan)
    listed = await mine.say("/nhom")
    assert "Bấm vào một nhóm của bạn để xem công việc, quyết định của nhóm" in listed["text"]
    choices = buttons(listed)
    assert list(choices) == ["✅ Khối thi đua số 1", "📝 Ghi chú riêng của tôi"]
    popup = await mine.press(listed, choices["✅ Khối thi đua số 1"])
    assert popup == "Từ giờ các lệnh bạn gửi ở đây áp dụng cho nhóm «Khối thi đua số 1»."
    # A second tap shows the same list: Telegram's "not modified" is no error.
    assert await mine.press(listed, choices["✅ Khối thi đua số 1"]) == popup
    assert await selected(harness, lan) == await chat_id(harness, group.id)
    before = len(group.bot_messages())
    listing = await mine.say("/ds")
    assert listing["text"].startswith("📍 Trong nhóm «Khối thi đua số 1»:")
    assert "gửi báo cáo 6 tháng" in listing["text"]
    assert "đặt phòng họp" in listing["text"]
    in_group = "📍 Trong nhóm «Khối thi đua số 1»:\n"
    refused = await mine.say("/viec @lan: việc tự giao cho mình")
    assert refused["text"].startswith(in_group + "Chỉ quản trị viên của nhóm và thư ký")
    refused = await mine.say("/xong 2")  # the secretary's task
    assert refused["text"].startswith(in_group + "Chỉ người được giao việc #2")
    [done_2] = [data for data in buttons(listing).values() if data.endswith("|done:2")]
    assert (await mine.press(listing, done_2)).startswith("Chỉ người được giao việc #2")
    assert len(group.bot_messages()) == before  # nothing recorded, nothing posted
    assert await task_titles(harness, group.id) == ["đặt phòng họp", "gửi báo cáo 6 tháng"]
    closed = await mine.say("/xong 1")  # her own task: as in the group
    assert closed["text"].startswith(in_group)
    assert "#1" in closed["text"]
    posted = group.bot_messages()[-1]["text"]
    assert posted.startswith("📨 Lan Nguyễn ghi từ cuộc trò chuyện riêng với bot:")
    assert await task_titles(harness, group.id) == ["đặt phòng họp"]
    # Sent again: nothing changes, so the group is not told (as with the button).
    before = len(group.bot_messages())
    again = await mine.say("/xong 1")
    done_before = "Việc #1 đã được đánh dấu xong từ trước: gửi báo cáo 6 tháng."
    assert again["text"] == in_group + done_before
    assert len(group.bot_messages()) == before
    await mine.say("/lang en")
    again = await mine.say("/done 1")
    assert again["text"].endswith("Task #1 was already marked done: gửi báo cáo 6 tháng.")
    assert len(group.bot_messages()) == before


async def test_my_tasks_in_a_private_chat_are_those_of_every_group_i_am_in_and_no_other(
    harness: Harness, group: Group
) -> None:
    secretary, lan, minh = (harness.users[k] for k in ("secretary", "lan", "minh"))
    await group.say(lan, "/ds")
    await group.say(secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    await group.say(secretary, "/tochuc lienhe CTĐ @lan")
    await group.say(secretary, "/viec @lan: gửi báo cáo 6 tháng cuối tháng 7")
    await group.say(secretary, "/viec CTĐ: tập huấn sơ cứu 15/8")  # Lan is its contact person
    await group.say(secretary, "/viec @thuky: đặt phòng họp")
    await group.say(secretary, "/viec @lan: in tài liệu")
    await group.say(secretary, "/xong 4")  # closed: not listed
    second = harness.group("Bloc No. 2", [lan], [minh])
    await second.say(minh, "/lang en")
    await second.say(lan, "/tasks")
    await second.say(minh, "/task @lan: send the minutes 30/7")
    other = harness.group("Nhóm khác", [], [minh])  # Lan is not in it...
    await other.say(minh, "/viec @lan: việc của nhóm khác")  # ...whatever its tasks say
    gone = harness.group("Nhóm cũ", [lan], [minh])
    await gone.say(lan, "/ds")
    await gone.say(minh, "/viec @lan: việc của nhóm cũ")
    harness.sandbox.inject_fault("sendMessage", "403")  # the bot is removed from it
    await harness.sandbox.send_message(gone.id, minh["id"], "/ds")
    await eventually(lambda: inactive(harness, gone.id))
    mine = private(harness, lan)
    await mine.say("/nhom rieng")  # in several groups: her own notes, once chosen
    await mine.say("/viec @lan: ghi chú riêng của tôi")

    listed = (await mine.say("/ds cua toi"))["text"]
    assert listed.startswith("4 việc đang mở của bạn, trong các nhóm mà tôi đã thấy bạn\n\n")
    sections = listed.split("\n\n👥 ")[1:]
    assert [s.split("\n")[0] for s in sections] == ["Bloc No. 2", "Khối thi đua số 1"]
    assert "#1 send the minutes" in sections[0]
    assert "30/07/2022" in sections[0]
    assert "#1 gửi báo cáo 6 tháng" in sections[1]
    assert "Chủ Nhật, 31/07/2022" in sections[1]
    assert "#2 tập huấn sơ cứu" in sections[1]
    assert "📝 Ghi chú riêng của bạn\n#1 ghi chú riêng của tôi" in listed
    for elsewhere in ("Nhóm khác", "việc của nhóm khác", "Nhóm cũ", "việc của nhóm cũ"):
        assert elsewhere not in listed
    for not_mine in ("đặt phòng họp", "in tài liệu"):  # someone else's, and a closed one
        assert not_mine not in listed

    await mine.say("/lang en")
    answer = await mine.say("/tasks mine")
    assert answer["text"].startswith("4 open tasks for you, in the groups where I have seen you")
    assert "📝 Your own notes\n#1 ghi chú riêng của tôi" in answer["text"]
    assert "việc của nhóm khác" not in answer["text"]
    # With a group chosen, "my tasks" are those of that group, as there.
    listed_groups = await mine.say("/group")
    await mine.press(listed_groups, choice(listed_groups, "Bloc No. 2"))
    chosen = await mine.say("/tasks mine")
    assert chosen["text"].startswith("📍 In «Bloc No. 2»:\n1 open task for you")
    assert "gửi báo cáo" not in chosen["text"]


async def test_my_tasks_in_a_private_chat_page_with_the_group_named_again(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(lan, "/ds")
    for i in range(1, 11):
        await group.say(secretary, f"/viec @lan: việc số {i} ngày {i}/8")
    mine = private(harness, lan)
    first = await mine.say("/ds cua toi")
    assert first["text"].startswith("10 việc đang mở của bạn")
    assert "#8 việc số 8" in first["text"]
    assert "#9 việc số 9" not in first["text"]
    [forward] = [data for text, data in buttons(first).items() if text.startswith("▶")]
    await mine.press(first, forward)
    [paged] = [
        m for m in harness.sandbox.transcript(mine.id) if m["message_id"] == first["message_id"]
    ]
    assert paged["text"].startswith("10 việc đang mở của bạn")
    assert "\n\n👥 Khối thi đua số 1\n#9 việc số 9" in paged["text"]
    assert "#8 việc số 8" not in paged["text"]


async def inactive(harness: Harness, telegram_id: int) -> bool:
    """Whether the bot marked the chat as closed to it."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(telegram_id)
    return chat is not None and not chat.active


async def assignee_of(harness: Harness, telegram_id: int, number: int) -> tuple[str, int | None]:
    """The label and person of task ``number``'s first assignee."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(telegram_id)
        assert chat is not None
        task = await uow.tasks.get(chat.id, number)
        assert task is not None
        return task.assignees[0].label, task.assignees[0].person_telegram_id


async def groups_seen(harness: Harness, user: JSON) -> list[str]:
    """The groups where the bot remembers seeing ``user``, with their role there."""
    async with UnitOfWork(harness.database) as uow:
        found = await uow.persons.by_username(user["username"])
        assert found is not None
        return [f"{c.title}: {role.value}" for c, role in await uow.chats.groups_of(found[0])]


async def test_a_member_who_left_was_banned_or_removed_no_longer_reaches_the_group(
    harness: Harness, group: Group
) -> None:
    sandbox, secretary, lan = harness.sandbox, harness.users["secretary"], harness.users["lan"]
    people = {
        "left": sandbox.add_user("Bình", username="binh", language_code="vi"),
        "banned": sandbox.add_user("Cúc", username="cuc", language_code="vi"),
        "removed": sandbox.add_user("Dũng", username="dung", language_code="vi"),
        "current": lan,
    }
    chats, listings, numbers = {}, {}, {}
    for how, user in people.items():
        if how != "current":
            await sandbox.set_member_status(group.id, user, "member")
        await group.say(user, "/ds")  # the bot sees them in the group
        answer = await group.say(secretary, f"/viec @{user['username']}: việc của {how}")
        numbers[how] = int(answer.split("#")[1].split()[0])
        me = chats[how] = private(harness, user)
        listed = await me.say("/nhom")
        await me.press(listed, choice(listed, "Khối thi đua số 1"))
        listings[how] = await me.say("/ds")  # its done buttons act on the group
        assert listings[how]["text"].startswith("📍 Trong nhóm «Khối thi đua số 1»:")
    await group.say(secretary, "/thuky them @dung")
    gid = await chat_id(harness, group.id)

    # Dũng is removed: Telegram tells the group, and the bot forgets him there at once.
    await sandbox.service_message(
        group.id, secretary["id"], left_chat_member=people["removed"]["id"]
    )
    await eventually(lambda: _no_group(harness, people["removed"]))
    assert "Dũng" not in await group.say(secretary, "/thuky")  # no longer its secretary
    assert await role_changes(harness) == [("secretary", "left")]  # and the trail says so
    # Bình leaves without the group being told (a group may hide those notes), and Cúc is
    # banned: Telegram says so when asked, which it is again once a minute has passed.
    await sandbox.set_member_status(group.id, people["left"], "left")
    await sandbox.set_member_status(group.id, people["banned"], "kicked")
    harness.clock.advance(timedelta(minutes=2))

    gone = "Bạn không còn ở trong nhóm «Khối thi đua số 1» (theo Telegram)"
    not_yours = "Đó không phải nhóm của bạn (tôi chưa thấy bạn trong nhóm đó, hoặc bạn đã rời"
    for how in ("left", "banned", "removed"):
        me, user, listing = chats[how], people[how], listings[how]
        refused = await me.say("/ds")  # the group chosen before
        assert refused["text"].startswith(gone), how
        assert "việc của" not in refused["text"]
        assert (await me.say("/xong 1"))["text"].startswith(gone), how
        [done] = [data for data in buttons(listing).values() if data.endswith("|done:1")]
        assert (await me.press(listing, done)).startswith(gone), how  # a stale button
        # Choosing it again: the bot no longer counts Dũng among the group's members at all.
        chosen = await me.press(listing, f"grp:{gid}", forged=True)
        assert chosen.startswith(not_yours if how == "removed" else gone), how
        listed = await me.say("/nhom")  # still chosen, and said to be no longer theirs
        assert (
            "Hiện tại: nhóm «Khối thi đua số 1», nhưng bạn không còn ở trong nhóm đó"
            in listed["text"]
        ), how
        assert list(buttons(listed)) == ["📝 Ghi chú riêng của tôi"], how
        await me.say("/nhom rieng")
        mine = (await me.say("/ds cua toi"))["text"]
        assert "Khối thi đua số 1" not in mine, how
        assert f"việc của {how}" not in mine, how
        # What the group gave them stays theirs: the task still names them, and is open.
        label, person = await assignee_of(harness, group.id, numbers[how])
        assert (label, person) == (f"@{user['username']}", user["id"]), how
    assert sorted(await task_titles(harness, group.id)) == sorted(
        f"việc của {how}" for how in people
    )
    assert await groups_seen(harness, people["removed"]) == []

    # Lan is still in the group: she reads it from her private chat as before.
    me = chats["current"]
    assert (await me.say("/ds"))["text"].startswith("📍 Trong nhóm «Khối thi đua số 1»:")
    closed = await me.press(listings["current"], f"@{gid}|done:{numbers['current']}")
    assert f"#{numbers['current']}" in closed
    assert "✅ Khối thi đua số 1" in buttons(await me.say("/nhom"))


async def role_changes(harness: Harness) -> list[tuple[str, str]]:
    """The roles taken from people without a command, as the audit trail shows them."""
    async with harness.database.session() as session:
        found = await session.execute(
            select(AuditEventRow.before, AuditEventRow.after).where(
                AuditEventRow.action == "role", AuditEventRow.actor_id.is_(None)
            )
        )
        return [(before["role"], after["role"]) for before, after in found.all()]


async def _no_group(harness: Harness, user: JSON) -> bool:
    return await groups_seen(harness, user) == []


async def test_a_membership_telegram_cannot_confirm_is_refused(
    harness: Harness, group: Group, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(telegram_calls, "BACKOFF", 0.0)  # Telegram's failures, retried at once
    lan, secretary = harness.users["lan"], harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo")
    await group.say(lan, "/ds")
    me = private(harness, lan)
    listed = await me.say("/nhom")
    await me.press(listed, choice(listed, "Khối thi đua số 1"))
    listing = await me.say("/ds")
    harness.clock.advance(timedelta(minutes=2))
    # Telegram fails again and again: nothing is shown nor done, and she is told why.
    harness.sandbox.inject_fault("getChatMember", "500", times=4)
    refused = await me.say("/ds")
    assert refused["text"].startswith(
        "Lúc này tôi không hỏi được Telegram để biết bạn còn ở trong nhóm «Khối thi đua số 1»"
    )
    assert "gửi báo cáo" not in refused["text"]
    await me.say("/nhom rieng")  # Telegram answered: remembered for a minute
    harness.clock.advance(timedelta(minutes=2))
    harness.sandbox.inject_fault("getChatMember", "500", times=4)
    mine = (await me.say("/ds cua toi"))["text"]
    assert "gửi báo cáo" not in mine
    assert "⚠️ Lúc này tôi không hỏi được Telegram" in mine
    # The bot was removed from the group: Telegram refuses to answer about it.
    harness.sandbox.inject_fault("getChatMember", "403")
    [done] = [data for data in buttons(listing).values() if data.endswith("|done:1")]
    popup = await me.press(listing, done)
    assert popup.startswith("Tôi không còn ở trong nhóm «Khối thi đua số 1»")
    assert await task_titles(harness, group.id) == ["gửi báo cáo"]
    # Telegram answers again: she is in it.
    assert "gửi báo cáo" in (await me.say("/ds cua toi"))["text"]
    harness.clock.advance(timedelta(minutes=2))
    harness.sandbox.inject_fault("getChatMember", "500", times=4)
    listed = await me.say("/nhom")  # the group is left out of the choices, and she is told
    assert list(buttons(listed)) == ["✅ 📝 Ghi chú riêng của tôi"]
    assert listed["text"].endswith(
        "⚠️ Lúc này tôi không hỏi được Telegram để biết bạn còn ở trong một số nhóm của bạn hay "
        "không, nên các nhóm đó không có ở đây. Vui lòng thử lại sau một phút."
    )
