"""Organisations in /task: recognised by name or alias in any spelling; an unknown or ambiguous
name is asked about with buttons, never guessed; "all members" is every organisation. The seed
bloc's six organisations (shared/seeds/) are the group's members."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.demo import ORGANISATIONS
from bot.services.task_drafts import CANCEL, CREATE
from bot.task_draft import DRAFT_LIFETIME
from storage import UnitOfWork
from tests.e2e.conftest import Group, Harness, restarted
from tests.e2e.test_topics import forum

JSON = dict[str, Any]
RED_CROSS = "Hội Chữ thập đỏ"
SCIENCE = "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố"
FRIENDSHIP = "Liên hiệp các Tổ chức Hữu nghị"
ARTS = "Liên hiệp các Hội Văn học và Nghệ thuật"
BOARD = "Ban Thi đua – Khen thưởng thành phố"
EVERY = [SCIENCE, FRIENDSHIP, ARTS, RED_CROSS, "Liên minh Hợp tác xã", BOARD]


async def seed(harness: Harness, group: Group) -> None:
    """The bloc's organisations, added as the secretary would."""
    for org in ORGANISATIONS:
        assert "Đã thêm tổ chức" in await group.say(
            harness.users["secretary"], f"/tochuc them {org}"
        )


async def tasks(harness: Harness, group: Group) -> list[tuple[int, str, list[str]]]:
    """(number, title, assignees) of every open task of the group."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        found = await uow.tasks.list_open(chat.id, 100)
    return [(t.number, t.title, [a.label for a in t.assignees]) for t in found]


async def organisations(harness: Harness, group: Group) -> list[str]:
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        return [name for _, name, _ in await uow.organisations.all(chat.id)]


def buttons(message: JSON) -> dict[str, str]:
    """The message's buttons: text -> callback data."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


def now(group: Group, message: JSON) -> JSON:
    """The message as it looks now, edits applied."""
    return next(m for m in group.bot_messages() if m["message_id"] == message["message_id"])


async def press(harness: Harness, group: Group, user: JSON, message: JSON, label: str) -> JSON:
    """``user`` presses the button ``label`` under ``message``; return the bot's answer."""
    answered = len(harness.sandbox.callback_answers)
    data = buttons(now(group, message))[label]
    await harness.sandbox.click(group.id, user["id"], message["message_id"], data)
    await harness.sandbox.wait_for_calls("answerCallbackQuery", count=answered + 1)
    return harness.sandbox.callback_answers[-1]


async def ask(harness: Harness, group: Group, text: str) -> JSON:
    """The secretary sends ``text``; return the bot's one message."""
    [message] = await group.say_all(harness.users["secretary"], text)
    return message


async def ask_in(harness: Harness, group: Group, text: str, topic: int) -> JSON:
    """The secretary sends ``text`` in forum topic ``topic``; return the bot's one message."""
    [message] = await group.say_all(harness.users["secretary"], text, message_thread_id=topic)
    return message


async def test_names_and_aliases_in_any_spelling_need_no_question(
    harness: Harness, group: Group
) -> None:
    await seed(harness, group)
    answer = await group.say(
        harness.users["secretary"],
        "/viec hoi chu thap do, ctd, CTĐ, HỘI CHỮ THẬP ĐỎ, Ban Thi dua - Khen thuong, "
        "liên hiệp hội kh & kt: gửi báo cáo cuối tháng 7",
    )
    assert answer.startswith("📌 Đã ghi việc #1")
    assert f"Giao cho: {RED_CROSS}, {BOARD}, {SCIENCE}\n" in answer
    assert await tasks(harness, group) == [(1, "gửi báo cáo", [RED_CROSS, BOARD, SCIENCE])]
    listing = await group.say(harness.users["lan"], "/ds Ban Thi dua - Khen thuong")
    assert "gửi báo cáo" in listing  # the list filter reads names the same way


async def test_all_members_in_both_languages(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    await group.say(secretary, "/viec các thành viên Khối: gửi đề xuất cuối tháng 7")
    await group.say(secretary, "/viec Khối trưởng, Tất Cả Thành Viên: dự hội thảo")
    await group.say(secretary, "/viec Các đơn vị trong Khối: đề xuất nhu cầu chuyển đổi số")
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/task ALL MEMBERS: send the report")
    assert answer.startswith("📌 Recorded task #4")
    assert [assignees for _, _, assignees in await tasks(harness, group)] == [EVERY] * 4


async def test_all_members_without_organisations_says_how_to_add_them(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/task all members: send the report")
    assert "no member organisations" in answer
    assert "/org add Name | short name" in answer
    await group.say(secretary, "/lang vi")
    answer = await group.say(secretary, "/viec tất cả thành viên: gửi báo cáo")
    assert "/tochuc them Tên | tên viết tắt" in answer


async def test_an_unknown_name_is_asked_about_then_created(harness: Harness, group: Group) -> None:
    await seed(harness, group)
    question = await ask(harness, group, "/viec Hội Nông dân: gửi danh sách cuối tháng 7")
    assert question["text"].startswith("❓ Nhóm chưa có tổ chức «Hội Nông dân».")
    assert "Việc chưa được ghi: gửi danh sách" in question["text"]
    assert "Nếu «Hội Nông dân» là một người, hãy huỷ rồi viết @tên_người_dùng" in question["text"]
    assert list(buttons(question)) == ["➕ Tạo «Hội Nông dân»", "✖ Huỷ việc này"]
    assert await tasks(harness, group) == []  # nothing recorded, nothing guessed
    assert "Hội Nông dân" not in await organisations(harness, group)
    answer = await press(
        harness, group, harness.users["secretary"], question, "➕ Tạo «Hội Nông dân»"
    )
    assert answer["text"] == "Đã ghi việc #1."
    confirmation = now(group, question)  # the question became the confirmation
    assert confirmation["text"].startswith(
        "📌 Đã ghi việc #1\ngửi danh sách\n👤 Giao cho: Hội Nông dân"
    )
    assert "Hạn: Chủ Nhật, 31/07/2022" in confirmation["text"]
    assert "Tổ chức mới được thêm: Hội Nông dân" in confirmation["text"]
    assert list(buttons(confirmation)) == ["✅ Xong"]
    assert await tasks(harness, group) == [(1, "gửi danh sách", ["Hội Nông dân"])]
    assert await organisations(harness, group) == [*EVERY, "Hội Nông dân"]
    assert len(group.bot_messages()) == len(ORGANISATIONS) + 1  # no second message


async def test_a_name_shortened_to_initials_is_asked_about_not_created_again(
    harness: Harness, group: Group
) -> None:
    """ "lien minh htx" on a phone is Liên minh Hợp tác xã, shortened: the bot asks whether it
    is meant (it was offered only as a new organisation, a duplicate once created)."""
    await seed(harness, group)
    question = await ask(harness, group, "/viec lien minh htx: gửi danh sách cuối tháng 7")
    assert "Liên minh Hợp tác xã" in buttons(question)
    await press(harness, group, harness.users["secretary"], question, "Liên minh Hợp tác xã")
    assert await tasks(harness, group) == [(1, "gửi danh sách", ["Liên minh Hợp tác xã"])]
    assert await organisations(harness, group) == EVERY  # no duplicate


async def test_a_deadline_to_check_keeps_its_buttons_after_the_question(
    harness: Harness, group: Group
) -> None:
    question = await ask(harness, group, "/viec Hội Nông dân: hội thảo 30/6/2022")
    await press(harness, group, harness.users["secretary"], question, "➕ Tạo «Hội Nông dân»")
    confirmation = now(group, question)
    assert "⚠️ Hạn này đã qua. Hãy kiểm tra lại." in confirmation["text"]
    assert list(buttons(confirmation)) == ["👍 Giữ hạn này", "📅 Đổi hạn #1"]


async def test_ambiguous_and_unknown_names_are_asked_one_after_the_other_in_english(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    await group.say(secretary, "/lang en")
    question = await ask(harness, group, "/task Liên hiệp, Hội Nông dân, CTĐ: prepare the workshop")
    text = question["text"]
    assert text.startswith("❓ Which organisation is “Liên hiệp”?")
    assert "Task not recorded yet: prepare the workshop" in text
    assert "2 names to settle, one after the other." in text
    assert list(buttons(question)) == [
        SCIENCE,
        FRIENDSHIP,
        ARTS,
        "➕ Create “Liên hiệp”",
        "✖ Cancel the task",
    ]
    refused = await press(harness, group, harness.users["lan"], question, FRIENDSHIP)
    assert refused["text"] == (
        "Only Thư ký, who sent this task, or an administrator or secretary of the group can choose."
    )
    await press(harness, group, secretary, question, FRIENDSHIP)
    second = now(group, question)
    assert second["text"].startswith("❓ This group has no organisation “Hội Nông dân” yet.")
    assert "names to settle" not in second["text"]  # the last one
    assert list(buttons(second)) == ["➕ Create “Hội Nông dân”", "✖ Cancel the task"]
    assert await tasks(harness, group) == []
    answer = await press(harness, group, secretary, question, "➕ Create “Hội Nông dân”")
    assert answer["text"] == "Task #1 recorded."
    done = now(group, question)
    assert done["text"].startswith("📌 Recorded task #1\nprepare the workshop\n👤 For: ")
    assert "New organisations added: Hội Nông dân" in done["text"]
    assert await tasks(harness, group) == [
        (1, "prepare the workshop", [FRIENDSHIP, "Hội Nông dân", RED_CROSS])
    ]


async def asked_in_a_group_with_a_chair(harness: Harness) -> tuple[Group, JSON, JSON]:
    """A group the secretary and the chair administer, Lan a member; the secretary's /task
    asks about "Liên hiệp các Hội". Return the group, the chair and the question."""
    users = harness.users
    chair = harness.sandbox.add_user("Trần Ngọc Nguyên", username="nguyen", language_code="vi")
    group = harness.group("Khối", [users["lan"]], [users["secretary"], chair])
    await seed(harness, group)
    return group, chair, await ask(harness, group, "/viec Liên hiệp các Hội: họp chuẩn bị")


async def test_too_many_candidates_are_counted_not_hidden(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    for i in range(1, 9):
        await group.say(secretary, f"/tochuc them Tổ {i}")
    question = await ask(harness, group, "/viec to: họp tổ")
    assert list(buttons(question))[:7] == [*(f"Tổ {i}" for i in range(1, 7)), "➕ Tạo «to»"]
    assert "…và 2 tổ chức khác có tên gần giống" in question["text"]
    await press(harness, group, secretary, question, "Tổ 6")
    assert await tasks(harness, group) == [(1, "họp tổ", ["Tổ 6"])]


async def test_only_the_sender_or_a_manager_may_answer_and_cancel_drops_the_task(
    harness: Harness,
) -> None:
    users = harness.users
    group, chair, question = await asked_in_a_group_with_a_chair(harness)
    assert list(buttons(question))[:2] == [SCIENCE, ARTS]
    refused = await press(harness, group, users["lan"], question, ARTS)
    assert refused["show_alert"] is True
    assert refused["text"] == (
        "Chỉ Thư ký (người gửi việc này), quản trị viên hoặc thư ký của nhóm mới chọn được."
    )
    assert now(group, question)["text"] == question["text"]
    answer = await press(harness, group, chair, question, "✖ Huỷ việc này")  # another administrator
    assert answer["text"] == "✖ Việc «họp chuẩn bị» không được ghi: Trần Ngọc Nguyên đã huỷ."
    dropped = now(group, question)
    assert dropped["text"] == answer["text"]
    assert buttons(dropped) == {}
    await harness.at(harness.clock.now() + DRAFT_LIFETIME)  # cancelled is cancelled for good
    assert await tasks(harness, group) == []
    assert await organisations(harness, group) == EVERY
    assert now(group, question) == dropped
    assert group.bot_messages()[-1]["message_id"] == question["message_id"]


async def test_another_administrator_may_answer_the_task_stays_the_senders(
    harness: Harness,
) -> None:
    users = harness.users
    group, chair, question = await asked_in_a_group_with_a_chair(harness)
    assert (await press(harness, group, chair, question, ARTS))["text"] == "Đã ghi việc #1."
    assert await tasks(harness, group) == [(1, "họp chuẩn bị", [ARTS])]
    history = await group.say(users["lan"], "/lichsu 1")
    assert "Thư ký đã ghi việc" in history


async def test_pressing_twice_records_one_task(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    question = await ask(harness, group, "/viec Liên hiệp: họp chuẩn bị")
    data = buttons(question)[SCIENCE]
    # Both presses reach the bot before it has answered either (a double tap on a phone).
    await harness.sandbox.click(group.id, secretary["id"], question["message_id"], data)
    await harness.sandbox.click(group.id, secretary["id"], question["message_id"], data)
    await harness.sandbox.wait_for_calls("answerCallbackQuery", count=2)
    assert sorted(a["text"] for a in harness.sandbox.callback_answers) == [
        "Câu hỏi này không còn chờ nữa: đã được trả lời, đã huỷ, hoặc sau một ngày việc đã được "
        "ghi với tên như đã gõ. Không có gì thay đổi.",
        "Đã ghi việc #1.",
    ]
    assert await tasks(harness, group) == [(1, "họp chuẩn bị", [SCIENCE])]


async def test_a_question_unanswered_for_a_day_keeps_what_was_settled_and_the_rest_as_typed(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    question = await ask(harness, group, "/viec Hội Nông dân, hoi: gửi danh sách 30/6/2022")
    await press(harness, group, secretary, question, "➕ Tạo «Hội Nông dân»")
    assert now(group, question)["text"].startswith("❓ «hoi» là tổ chức nào?")
    last = group.bot_messages()[-1]["message_id"]
    await harness.at(harness.clock.now() + DRAFT_LIFETIME)
    [notice] = await harness.sandbox.wait_for_bot_messages(group.id, after_message_id=last)
    assert notice["text"].startswith(
        "⌛ Sau một ngày vẫn chưa ai cho biết «hoi» là tổ chức nào, nên việc #1 đã được ghi"
    )
    assert "\n👤 Giao cho: Hội Nông dân, hoi\n" in notice["text"]
    # A deadline to check keeps the buttons that make its reminders start.
    assert list(buttons(notice)) == ["👍 Giữ hạn này", "📅 Đổi hạn #1"]
    assert await tasks(harness, group) == [(1, "gửi danh sách", ["Hội Nông dân", "hoi"])]
    assert await organisations(harness, group) == [*EVERY, "Hội Nông dân"]
    answer = await press(harness, group, secretary, question, RED_CROSS)
    assert answer["text"].startswith("Câu hỏi này không còn chờ nữa")
    assert await tasks(harness, group) == [(1, "gửi danh sách", ["Hội Nông dân", "hoi"])]


async def test_an_answer_after_the_day_but_before_the_task_was_kept_still_counts(
    harness: Harness, group: Group
) -> None:
    await seed(harness, group)
    question = await ask(harness, group, "/viec Hội Nông dân: gửi danh sách")
    harness.clock.advance(DRAFT_LIFETIME + timedelta(seconds=30))  # the loop has not run yet
    answer = await press(
        harness, group, harness.users["secretary"], question, "➕ Tạo «Hội Nông dân»"
    )
    assert answer["text"] == "Đã ghi việc #1."
    await harness.remind()
    assert await tasks(harness, group) == [(1, "gửi danh sách", ["Hội Nông dân"])]
    assert len(group.bot_messages()) == len(ORGANISATIONS) + 1  # no notice


async def test_a_question_whose_day_ended_while_the_bot_was_down_is_kept_at_start_up(
    harness: Harness,
) -> None:
    group, sports, _ = forum(harness)
    question = await ask_in(harness, group, "/viec Hội Nông dân: gửi danh sách", sports)
    harness.clock.advance(DRAFT_LIFETIME + timedelta(hours=3))  # nothing ran meanwhile
    async with restarted(harness):
        [notice] = await harness.sandbox.wait_for_bot_messages(
            group.id, after_message_id=question["message_id"]
        )
    assert notice["text"].startswith(
        "⌛ Sau một ngày vẫn chưa ai cho biết «Hội Nông dân» là tổ chức nào, nên việc #1"
    )
    assert notice["message_thread_id"] == sports  # where the task was typed
    assert await tasks(harness, group) == [(1, "gửi danh sách", ["Hội Nông dân"])]


async def test_a_question_survives_a_restart(harness: Harness, group: Group) -> None:
    await seed(harness, group)
    question = await ask(harness, group, "/viec hoi: gửi danh sách thứ 6")
    assert list(buttons(question))[:3] == [SCIENCE, ARTS, RED_CROSS]
    async with restarted(harness):
        answer = await press(harness, group, harness.users["secretary"], question, RED_CROSS)
    assert answer["text"] == "Đã ghi việc #1."
    assert "Hạn: Thứ Sáu, 08/07/2022" in now(group, question)["text"]
    assert await tasks(harness, group) == [(1, "gửi danh sách", [RED_CROSS])]


async def test_a_person_named_like_an_organisation_stays_a_person(harness: Harness) -> None:
    secretary = harness.users["secretary"]
    person = harness.sandbox.add_user("CTĐ")  # no @username: mentioned by name
    group = harness.group("Khối", [person], [secretary])
    await seed(harness, group)
    offset = len("/viec ")
    answer = await group.say(
        secretary,
        "/viec CTĐ, @ctd: in tài liệu",
        entities=[{"type": "text_mention", "offset": offset, "length": 3, "user": person}],
    )
    assert answer.startswith("📌 Đã ghi việc #1")
    assert await tasks(harness, group) == [(1, "in tài liệu", ["CTĐ", "@ctd"])]
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        task = await uow.tasks.get(chat.id, 1)
    assert task is not None
    assert [(a.person_telegram_id, a.organisation_id) for a in task.assignees] == [
        (person["id"], None),
        (None, None),
    ]


async def test_org_add_refuses_a_name_or_alias_another_organisation_has(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    answer = await group.say(secretary, "/tochuc them hoi chu thap do")
    assert answer == "Nhóm đã có tổ chức «Hội Chữ thập đỏ». Xem danh sách bằng /dstochuc."
    answer = await group.say(secretary, "/tochuc them Hội Cựu chiến binh | ctđ")
    assert answer.startswith("«ctđ» đã là tên của tổ chức «Hội Chữ thập đỏ»")
    answer = await group.say(secretary, "/tochuc them Ban Thi dua - Khen thuong")
    assert answer.startswith(f"«Ban Thi dua - Khen thuong» đã là tên của tổ chức «{BOARD}»")
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/org add Red Cross | CTD")
    assert answer.startswith("“CTD” is already a name of “Hội Chữ thập đỏ”")
    assert await organisations(harness, group) == EVERY
    answer = await group.say(secretary, "/org add Liên hiệp các Hội | LHCH")
    assert "Similar names already exist: " + f"{SCIENCE}, {ARTS}." in answer
    assert await organisations(harness, group) == [*EVERY, "Liên hiệp các Hội"]


async def test_assign_refuses_what_is_not_exactly_one_organisation(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    await group.say(secretary, "/viec CTĐ: in tài liệu")
    answer = await group.say(secretary, "/giao 1 Liên hiệp các Hội")
    assert answer == (
        f"«Liên hiệp các Hội» không khớp đúng một tổ chức; có thể là: {SCIENCE} (Khối trưởng), "
        f"{ARTS} (Hội VHNT). Gửi lại với một tên trên, ví dụ /giao 1 Khối trưởng"
    )
    # The command to send again keeps the other assignees, in the order typed.
    answer = await group.say(secretary, "/giao 1 @lan, Lien hiep, CTĐ")
    assert answer == (
        f"«Lien hiep» không khớp đúng một tổ chức; có thể là: {SCIENCE} (Khối trưởng), "
        f"{FRIENDSHIP} (Khối phó), {ARTS} (Hội VHNT). Gửi lại với một tên trên, ví dụ "
        "/giao 1 @lan, Khối trưởng, CTĐ"
    )
    answer = await group.say(secretary, "/giao 1 Hội Nông dân")
    assert answer.startswith("Nhóm chưa có tổ chức «Hội Nông dân». Thêm bằng /tochuc them")
    assert await tasks(harness, group) == [(1, "in tài liệu", [RED_CROSS])]
    assert await organisations(harness, group) == EVERY
    assert "Giao cho: Liên hiệp các Tổ chức Hữu nghị" in await group.say(
        secretary, "/giao 1 khoi pho"
    )
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/assign 1 Liên hiệp các Hội")
    assert answer == (
        f"“Liên hiệp các Hội” is not exactly one organisation; it may be: {SCIENCE} (Khối "
        f"trưởng), {ARTS} (Hội VHNT). Send it again with one of them, e.g. /assign 1 Khối trưởng"
    )


async def test_the_tasks_of_a_name_that_is_not_exactly_one_organisation_list_what_it_may_be(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    await group.say(secretary, "/viec Khối trưởng: in tài liệu")
    answer = await group.say(secretary, "/ds Lien hiep")
    assert answer == (
        f"«Lien hiep» không khớp đúng một tổ chức; có thể là: {SCIENCE} (Khối trưởng), "
        f"{FRIENDSHIP} (Khối phó), {ARTS} (Hội VHNT). Gửi lại với một tên trên, ví dụ "
        "/ds Khối trưởng"
    )
    assert "#1 in tài liệu" in await group.say(secretary, "/ds Khối trưởng")  # as it said
    answer = await group.say(secretary, "/ds Chữ thập")  # one near match: asked, not guessed
    assert answer.startswith(f"«Chữ thập» không khớp đúng một tổ chức; có thể là: {RED_CROSS}")
    answer = await group.say(secretary, "/ds Hội Nông dân")  # nothing near: as before
    assert answer.startswith("Không hiểu danh sách «Hội Nông dân»")
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/tasks Liên hiệp các Hội")
    assert answer == (
        f"“Liên hiệp các Hội” is not exactly one organisation; it may be: {SCIENCE} (Khối "
        f"trưởng), {ARTS} (Hội VHNT). Send it again with one of them, e.g. /tasks Khối trưởng"
    )


async def test_names_joined_by_and_are_split_when_each_is_an_organisation(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    answer = await group.say(secretary, "/viec CTĐ và LMHTX: gửi báo cáo thứ 6")
    assert answer.startswith("📌 Đã ghi việc #1")
    await group.say(secretary, "/viec Hội VHNT va @lan: gửi ảnh thứ 6")
    await group.say(secretary, "/viec Liên hiệp các Hội Văn học và Nghệ thuật: in tờ rơi")
    await group.say(secretary, "/lang en")
    await group.say(secretary, "/task ctd and Ban TĐKT, CTĐ: send the list")
    assert await tasks(harness, group) == [
        (1, "gửi báo cáo", [RED_CROSS, "Liên minh Hợp tác xã"]),
        (2, "gửi ảnh", [ARTS, "@lan"]),
        (3, "in tờ rơi", [ARTS]),  # a name that holds "và" itself stays whole
        (4, "send the list", [RED_CROSS, BOARD]),
    ]
    # A part that is no organisation: the whole is asked about, as before.
    question = await ask(harness, group, "/task CTĐ and Farmers: send the list")
    assert question["text"].startswith("❓ Which organisation is “CTĐ and Farmers”?")


async def test_present_splits_names_joined_by_and_and_records_two_spellings_once(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    await group.say(secretary, "/hop Giao ban")
    coop = "Liên minh Hợp tác xã"
    answer = await group.say(secretary, "/comat Hội Chữ thập đỏ và LMHTX")
    assert answer == (f"✅ Đã ghi có mặt: {RED_CROSS}, {coop}\n👥 Có mặt (2): {RED_CROSS}, {coop}")
    answer = await group.say(secretary, "/comat ctd, hoi chu thap do, Hội VHNT")
    assert answer == (
        f"✅ Đã ghi có mặt: {ARTS}\nĐã ghi có mặt từ trước: {RED_CROSS}\n"
        f"👥 Có mặt (3): {RED_CROSS}, {coop}, {ARTS}"
    )
    answer = await group.say(secretary, "/comat Hội VHNT, khoi truong, Khối trưởng")
    assert answer.startswith(f"✅ Đã ghi có mặt: {SCIENCE}\nĐã ghi có mặt từ trước: {ARTS}\n")
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/present CTĐ and Farmers")
    assert answer.startswith(
        "Nothing was recorded.\n❓ “CTĐ and Farmers” not recorded: it may be "
        f"{RED_CROSS} (CTĐ). Send it again, e.g. /present CTĐ\n👥 Present (4): "
    )
    answer = await group.say(secretary, "/present Ban TĐKT and Khối phó")
    assert answer.startswith(f"✅ Recorded as present: {BOARD}, {FRIENDSHIP}\n👥 Present (6): ")


async def test_present_records_the_exact_names_asks_about_the_others_and_takes_off_slips(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await seed(harness, group)
    opened = (await group.say_all(secretary, "/hop Giao ban"))[0]
    await press(harness, group, lan, opened, "✋ Có mặt")
    # One unclear name no longer refuses the whole list: the exact ones are recorded.
    answer = await group.say(secretary, "/comat chu thap do, lien hiep, LMHTX, Hội Nông dân")
    assert answer == (
        "✅ Đã ghi có mặt: Liên minh Hợp tác xã\n"
        f"❓ Chưa ghi «chu thap do»: có thể là {RED_CROSS} (CTĐ). Gửi lại, ví dụ /comat CTĐ\n"
        f"❓ Chưa ghi «lien hiep»: có thể là {SCIENCE} (Khối trưởng), {FRIENDSHIP} (Khối phó), "
        f"{ARTS} (Hội VHNT). Gửi lại, ví dụ /comat Khối trưởng\n"
        "❓ Chưa ghi «Hội Nông dân»: không phải tổ chức thành viên của nhóm. Kiểm tra tên trong "
        "/dstochuc, hoặc thêm bằng /tochuc them Hội Nông dân.\n"
        "👥 Có mặt (2): Liên minh Hợp tác xã, Lan Nguyễn"
    )
    await group.say(secretary, "/comat CTĐ, Khối phó")
    # A slip is taken off: an organisation, or someone who pressed the button (by @username).
    assert "Chỉ quản trị viên" in await group.say(lan, "/comat xoa Khối phó")
    answer = await group.say(secretary, "/comat xoa Khoi pho, @lan, Hội VHNT, Hội")
    assert answer == (
        f"➖ Đã bỏ khỏi danh sách có mặt: {FRIENDSHIP}, Lan Nguyễn\n"
        "❓ «Hội VHNT» không có trong danh sách có mặt.\n"
        f"❓ Chưa bỏ «Hội»: có thể là {RED_CROSS} (CTĐ). Gửi lại, ví dụ /comat xoa CTĐ\n"
        f"👥 Có mặt (2): Liên minh Hợp tác xã, {RED_CROSS}"
    )
    assert "Viết tên cần bỏ" in await group.say(secretary, "/comat xoá")
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        meeting = await uow.meetings.get(chat.id, 1)
        assert meeting is not None
        entries = await uow.audit.history(chat.id, "meeting", meeting.id)
    assert [e.action for e in entries] == ["open", "present", "present", "take_off"]
    assert entries[-1].actor == "Thư ký"
    assert entries[-1].after == {"number": 1, "removed": [FRIENDSHIP, "Lan Nguyễn"]}
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/present remove CTĐ")
    assert answer == (
        f"➖ Taken off the present list: {RED_CROSS}\n👥 Present (1): Liên minh Hợp tác xã"
    )
    answer = await group.say(secretary, "/present delete ctd, lmhtx")
    assert answer == "➖ Taken off the present list: Liên minh Hợp tác xã\n" + (
        "❓ “ctd” is not on the present list.\n👥 Nobody is recorded as present."
    )
    assert "Present: not recorded" in await group.say(secretary, "/endmeeting")


async def test_org_add_refuses_names_a_task_could_not_name_whole(
    harness: Harness, group: Group
) -> None:
    """A comma, a semicolon, a colon or an @ cuts a name in ``/task A, B: ...``: such a name
    could never be assigned; nor can a name that is only a number, or an alias with no name."""
    secretary = harness.users["secretary"]
    answer = await group.say(secretary, "/tochuc them Hội Cựu chiến binh, Quận 1 | CCB")
    assert answer == (
        "«Hội Cựu chiến binh, Quận 1» có ký tự «,» mà /viec đọc là chỗ hết một tên: dấu phẩy "
        "và dấu chấm phẩy ngăn cách những người được giao, dấu hai chấm kết thúc danh sách, "
        "@ mở đầu tên người dùng. Hãy viết tên không có ký tự đó, ví dụ "
        "«Hội Cựu chiến binh Quận 1»; chưa lưu gì."
    )
    answer = await group.say(secretary, "/tochuc them Hội Nông dân | HND@Q1")
    assert answer.startswith("«HND@Q1» có ký tự «@»")
    assert "ví dụ «HND Q1»" in answer
    answer = await group.say(secretary, "/tochuc them Ban Tuyên giáo | Ban: TG")
    assert answer.startswith("«Ban: TG» có ký tự «:»")
    answer = await group.say(secretary, "/tochuc them 2022")
    assert answer == (
        "«2022» không có chữ cái nào: một con số dễ bị đọc là số thứ tự của việc "
        "(/giao 2 3). Hãy đặt tên có chữ, ví dụ «Tổ 2022»; chưa lưu gì."
    )
    answer = await group.say(secretary, "/tochuc them  | CTĐ")
    assert answer.startswith("Viết /tochuc them Tên tổ chức | tên viết tắt")
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/org add Veterans; District 1")
    assert answer == (
        "“Veterans; District 1” holds “;”, which /task reads as the end of a name: commas and "
        "semicolons separate the assignees, a colon ends their list, @ starts a username. "
        "Write it without, e.g. “Veterans District 1”; nothing was saved."
    )
    answer = await group.say(secretary, "/org add Farmers | #12")
    assert answer.startswith("“#12” has no letters: a bare number is easily taken for a task")
    # What the refusal suggests is a name /task reads whole.
    await group.say(secretary, "/org add Veterans District 1 | VD1")
    answer = await group.say(secretary, "/task Veterans District 1, @lan: send the list")
    assert answer.startswith("📌 Recorded task #1")
    assert await tasks(harness, group) == [(1, "send the list", ["Veterans District 1", "@lan"])]
    assert await organisations(harness, group) == ["Veterans District 1"]  # nothing else


async def test_a_name_task_could_not_name_again_is_not_offered_for_creation(
    harness: Harness, group: Group
) -> None:
    """A name /tochuc would refuse ("a@b", "2022") gets no Create button, whose press could only
    be refused: the question says why, with the character, and how to write the name instead."""
    secretary = harness.users["secretary"]
    await seed(harness, group)
    question = await ask(harness, group, "/viec Hội a@b: họp")
    assert question["text"] == (
        "❓ Nhóm chưa có tổ chức «Hội a@b».\n📝 Việc chưa được ghi: họp\n"
        "Không tạo được tổ chức mang tên này: /viec đọc ký tự «@» là chỗ hết một tên (dấu phẩy "
        "và dấu chấm phẩy ngăn cách những người được giao, dấu hai chấm kết thúc danh sách, "
        "@ mở đầu tên người dùng). Nếu đây là tổ chức mới, hãy huỷ rồi gửi lại việc với tên "
        "không có ký tự đó, ví dụ «Hội a b».\n"
        "Nếu «Hội a@b» là một người, hãy huỷ rồi viết @tên_người_dùng của người đó."
    )
    assert list(buttons(question)) == ["✖ Huỷ việc này"]
    # A Create pressed under a question asked before the bot knew better (forged here) is still
    # refused.
    create = buttons(question)["✖ Huỷ việc này"].removesuffix(CANCEL) + CREATE
    await harness.sandbox.click(
        group.id, secretary["id"], question["message_id"], create, forged=True
    )
    await harness.sandbox.wait_for_calls("answerCallbackQuery", count=1)
    refused = harness.sandbox.callback_answers[-1]
    assert refused["text"].startswith("«Hội a@b» có ký tự «@» mà /viec đọc là chỗ hết một tên")
    assert refused["show_alert"] is True
    await press(harness, group, secretary, question, "✖ Huỷ việc này")
    # What it advises is offered for creation.
    question = await ask(harness, group, "/viec Hội a b: họp")
    assert list(buttons(question)) == ["➕ Tạo «Hội a b»", "✖ Huỷ việc này"]
    await press(harness, group, secretary, question, "✖ Huỷ việc này")
    question = await ask(harness, group, "/viec 2022: họp")
    assert question["text"].startswith("❓ Nhóm chưa có tổ chức «2022».\n")
    assert (
        "\nKhông tạo được tổ chức mang tên này: «2022» không có chữ cái nào, mà một con số dễ bị "
        "đọc là số thứ tự của việc (/giao 2 3). Nếu đây là tổ chức mới, hãy huỷ rồi gửi lại việc "
        "với tên có chữ, ví dụ «Tổ 2022».\n"
    ) in question["text"]
    assert list(buttons(question)) == ["✖ Huỷ việc này"]
    await press(harness, group, secretary, question, "✖ Huỷ việc này")
    # The organisations it may mean are still offered, without Create.
    await group.say(secretary, "/lang en")
    question = await ask(harness, group, "/task Liên@hiệp: meet")
    assert question["text"].startswith("❓ Which organisation is “Liên@hiệp”?\n")
    assert (
        "\nNo organisation can be created under this name: /task reads “@” as the end of a name "
    ) in question["text"]
    assert "e.g. “Liên hiệp”." in question["text"]
    assert list(buttons(question)) == [SCIENCE, FRIENDSHIP, ARTS, "✖ Cancel the task"]
    assert (await press(harness, group, secretary, question, ARTS))["text"] == "Task #1 recorded."
    assert await tasks(harness, group) == [(1, "meet", [ARTS])]
    assert await organisations(harness, group) == EVERY
