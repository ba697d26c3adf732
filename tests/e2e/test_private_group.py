"""A secretary works on a group from a private chat with the bot: ``/group`` (``/nhom``) chooses
the group, the commands sent privately act on it, the group sees what was recorded, and nobody
reaches a group they do not manage, whatever their client sends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from storage import UnitOfWork
from tests.e2e.conftest import JSON, Group, Harness


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
    listed = await me.say("/nhom")
    assert "Hiện tại: ghi chú riêng của bạn" in listed["text"]
    choices = buttons(listed)
    assert list(choices) == ["Khối thi đua số 1", "✅ 📝 Ghi chú riêng của tôi"]
    popup = await me.press(listed, choices["Khối thi đua số 1"])
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
    await me.press(listed, buttons(listed)["Khối thi đua số 1"])
    answer = await me.say("/viec @lan: gửi danh sách đoàn viên")  # no deadline
    assert "Trong nhóm «Khối thi đua số 1»" in answer["text"]
    back = await me.say("/nhom rieng")
    assert "Hiện tại: ghi chú riêng của bạn" in back["text"]
    assert await selected(harness, secretary) is None
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
    await group.say(minh, "/tasks")
    me = private(harness, minh)
    await me.say("/lang en")  # the private chat speaks English too
    refused = await me.say("/meeting Half-year review")
    assert "you manage no group I know of" in refused["text"]
    # Minh has no @username: he is named by a mention of him.
    mention = [{"type": "text_mention", "offset": 15, "length": 4, "user": minh}]
    named = await group.say(admin, "/secretary add Minh", entities=mention)
    assert "Minh" in named
    opened = await me.say("/meeting Half-year review")
    assert opened["text"].startswith("ℹ️ You manage one group, «Bloc No. 2», so I chose it")
    assert "📍 In «Bloc No. 2»:" in opened["text"]
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
    refused = await me.say("/task Red Cross: another thing")
    assert refused["text"].startswith("You no longer manage «Bloc No. 2»")
    assert await task_titles(harness, group.id) == ["send the report"]
    listed = await me.say("/group")
    assert "You manage no group I know of yet" in listed["text"]


async def test_a_demoted_administrator_is_refused_once_telegram_says_so(
    harness: Harness,
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    group = harness.group("Khối thi đua số 1", [], [lan, secretary])  # Lan created it
    await group.say(secretary, "/ds")
    me = private(harness, secretary)
    listed = await me.say("/nhom")
    await me.press(listed, buttons(listed)["Khối thi đua số 1"])
    assert "việc #1" in (await me.say("/viec @lan: việc đầu tiên"))["text"].lower()
    await harness.sandbox.set_member_status(group.id, secretary, "member")
    harness.clock.advance(timedelta(minutes=2))  # the administrators' list is read again
    refused = await me.say("/viec @lan: một việc")
    assert refused["text"].startswith("Bạn không còn quản lý nhóm «Khối thi đua số 1»")
    assert await task_titles(harness, group.id) == ["việc đầu tiên"]
    assert "Khối thi đua số 1" not in buttons(await me.say("/nhom"))


async def test_nobody_selects_or_acts_on_a_group_they_do_not_manage(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/viec @lan: việc của nhóm")
    await group.say(lan, "/ds")  # Lan is a member, not a secretary
    gid = await chat_id(harness, group.id)
    mine = private(harness, lan)
    listed = await mine.say("/nhom")
    assert "Tôi chưa biết nhóm nào do bạn quản lý" in listed["text"]
    assert list(buttons(listed)) == ["✅ 📝 Ghi chú riêng của tôi"]
    popup = await mine.press(listed, f"grp:{gid}", forged=True)
    assert popup.startswith("Đó không phải nhóm do bạn quản lý")
    assert await selected(harness, lan) is None
    own = await mine.say("/viec ghi chú riêng")  # still her own notes
    assert await task_titles(harness, mine.id) == ["ghi chú riêng"]
    popup = await mine.press(own, f"@{gid}|done:1", forged=True)
    assert popup.startswith("Đó không phải nhóm do bạn quản lý")
    assert await task_titles(harness, group.id) == ["việc của nhóm"]
    refused = await mine.say("/hop Họp riêng")  # a meeting is a group's
    assert refused["text"].startswith("Lệnh này dùng cho hồ sơ của một nhóm, mà tôi chưa biết")

    # A secretary of one group forges a button of another group.
    other = harness.group("Nhóm khác", [secretary], [harness.users["minh"]])
    await other.say(harness.users["minh"], "/viec @lan: việc nhóm khác")
    other_id = await chat_id(harness, other.id)
    me = private(harness, secretary)
    await group.say(secretary, "/ds")
    listed = await me.say("/nhom")
    assert "Nhóm khác" not in buttons(listed)
    popup = await me.press(listed, f"grp:{other_id}", forged=True)
    assert popup.startswith("Đó không phải nhóm do bạn quản lý")
    popup = await me.press(listed, f"@{other_id}|done:1", forged=True)
    assert popup.startswith("Đó không phải nhóm do bạn quản lý")
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
    asked = await me.say("/bienban")  # two groups: the bot does not guess
    assert asked["text"] == "Lệnh này dùng cho hồ sơ của một nhóm: hãy chọn nhóm trước bằng /nhom."
    listed = await me.say("/nhom")
    assert list(buttons(listed))[:2] == ["Khối thi đua số 1", "Khối thi đua số 2"]
    await me.press(listed, buttons(listed)["Khối thi đua số 1"])
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


async def test_a_group_list_pages_in_a_private_chat(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/tochuc them Liên hiệp các Hội Văn học và Nghệ thuật thành phố")
    for i in range(1, 11):
        await group.say(
            secretary, f"/viec Liên hiệp các Hội Văn học và Nghệ thuật thành phố: việc {i}"
        )
    me = private(harness, secretary)
    listed = await me.say("/nhom")
    await me.press(listed, buttons(listed)["Khối thi đua số 1"])
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
