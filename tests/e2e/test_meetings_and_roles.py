"""Meetings, roles and a task's life, end to end: typed in a group, read back from the chat
and the database."""

from __future__ import annotations

from datetime import timedelta

from bot.task_draft import DRAFT_LIFETIME
from storage import UnitOfWork
from tests.e2e.conftest import JSON, Group, Harness
from tests.e2e.test_organisations import buttons, now, press
from tests.e2e.test_organisations import tasks as tasks_of


async def _setup_orgs(group: Group, secretary: JSON) -> None:
    await group.say(secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    await group.say(secretary, "/tochuc them Đoàn Thanh niên | ĐTN")


async def test_a_meeting_collects_decisions_tasks_and_attendance_into_its_minutes(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await _setup_orgs(group, secretary)
    await group.say(secretary, "/viec CTĐ: việc từ trước hội nghị 30/6/2022")  # overdue, no meeting
    opened = (await group.say_all(secretary, "/hop Hội nghị Khối thi đua 6 tháng đầu năm"))[0]
    assert "Cuộc họp #1" in opened["text"]
    assert "việc từ trước hội nghị" in opened["text"]  # the follow-up of earlier work comes first
    # Recorded before any meeting: not said to come "from earlier meetings".
    assert "\n\nCòn mở từ trước (1 việc):\n" in opened["text"]
    assert "quá hạn" in opened["text"]
    button = opened["reply_markup"]["inline_keyboard"][0][0]
    await harness.sandbox.click(group.id, lan["id"], opened["message_id"], button["callback_data"])
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    assert harness.sandbox.callback_answers[-1]["text"] == "Có mặt: Lan Nguyễn"
    present = await group.say(secretary, "/comat ĐTN, ctđ")
    assert present.startswith("✅ Đã ghi có mặt: Đoàn Thanh niên, Hội Chữ thập đỏ\n")
    assert "Chưa ghi gì" in await group.say(secretary, "/comat Hội Nông dân")
    await group.say(secretary, "/qd Tổ chức hội thảo chung trong 6 tháng cuối năm")
    await group.say(secretary, "/viec Hội Chữ thập đỏ: gửi nhu cầu chuyển đổi số cuối tháng 7")
    assert "vẫn đang mở" in await group.say(secretary, "/hop Cuộc họp khác")
    minutes = await group.say(secretary, "/ketthuc")
    assert "Biên bản — Cuộc họp #1: Hội nghị Khối thi đua 6 tháng đầu năm" in minutes
    assert "Thứ Năm, 07/07/2022, 09:00–09:00" in minutes
    assert "Có mặt: Đoàn Thanh niên, Hội Chữ thập đỏ, Lan Nguyễn" in minutes  # as recorded
    assert "QĐ1." in minutes
    assert "Tổ chức hội thảo chung" in minutes
    assert "#2" in minutes  # the task recorded during the meeting
    assert "gửi nhu cầu chuyển đổi số" in minutes
    assert "Chủ Nhật, 31/07/2022" in minutes
    assert "việc từ trước hội nghị" not in minutes  # recorded before the meeting opened
    assert "đã kết thúc" in await group.say(secretary, "/ketthuc")
    assert await group.say(secretary, "/bienban 1") == minutes
    assert "không có cuộc họp #7" in await group.say(lan, "/bienban 7")
    # The decisions of one meeting, or of the whole group.
    await group.say(secretary, "/qd Quyết định ngoài cuộc họp")
    of_meeting = await group.say(lan, "/dsqd 1")
    assert of_meeting.startswith("1 quyết định của cuộc họp #1")
    assert "Tổ chức hội thảo chung" in of_meeting
    assert "ngoài cuộc họp" not in of_meeting
    assert (await group.say(lan, "/dsqd")).startswith("2 quyết định gần đây")
    assert "không có cuộc họp #7" in await group.say(lan, "/dsqd 7")


async def test_minutes_in_english_and_a_meeting_without_title(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    opened = await group.say(secretary, "/meeting")
    assert "Meeting #1" in opened
    assert "Nothing is left open from before." in opened
    await group.say(secretary, "/decision Joint workshop in the second half of the year")
    minutes = await group.say(secretary, "/endmeeting")
    assert "Minutes — Meeting #1" in minutes
    assert "Thu 7 Jul 2022, 09:00–09:00" in minutes
    assert "Present: not recorded" in minutes
    assert "D1." in minutes
    assert "No tasks were assigned." in minutes  # not a heading "0 tasks"
    assert "0 tasks" not in minutes
    assert (await group.say(secretary, "/decisions 1")).startswith("1 decision of meeting #1")
    await group.say(secretary, "/meeting Second")
    assert await group.say(secretary, "/decisions 2") == "Meeting #2 recorded no decision."


async def test_minutes_call_absent_only_members_nobody_came_for(
    harness: Harness, group: Group
) -> None:
    """Absent: once an organisation was recorded present, the members of the group when the
    meeting opened that were not, and none of whose contact persons came either."""
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    for org in ("Hội Chữ thập đỏ | CTĐ", "Hội Nông dân | HND", "Đoàn Thanh niên | ĐTN"):
        await group.say(secretary, f"/tochuc them {org}")
    await group.say(lan, "/ds")  # the bot knows @lan from then on
    opened = (await group.say_all(secretary, "/hop Giao ban"))[0]
    await press(harness, group, lan, opened, "✋ Có mặt")  # before she answers for the farmers
    await group.say(secretary, "/tochuc lienhe Hội Nông dân @lan")
    harness.clock.advance(timedelta(minutes=5))
    await group.say(secretary, "/tochuc them Hội Cựu chiến binh | CCB")  # joins mid-meeting
    only_people = await group.say(lan, "/bienban")
    assert "Có mặt: Lan Nguyễn\n" in only_people
    assert "Vắng mặt" not in only_people  # no organisation recorded: nobody is called absent
    await group.say(secretary, "/comat CTĐ")
    minutes = await group.say(secretary, "/ketthuc")
    assert "Có mặt: Hội Chữ thập đỏ, Lan Nguyễn\n" in minutes
    assert "Vắng mặt: Đoàn Thanh niên\n" in minutes  # Lan came for Hội Nông dân
    await group.say(secretary, "/lang en")
    assert "Absent: Đoàn Thanh niên\n" in await group.say(lan, "/minutes 1")
    opened = (await group.say_all(secretary, "/meeting Second"))[0]
    await press(
        harness, group, secretary, opened, "✋ I am present"
    )  # a contact of no organisation
    minutes = await group.say(secretary, "/endmeeting")
    assert "Present: Thư ký\n" in minutes
    assert "Absent" not in minutes


async def test_long_minutes_and_carry_over_lists_say_where_to_see_everything(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/hop Tổng kết năm")
    topic = "báo cáo chi tiết về kết quả thi đua của đơn vị trong sáu tháng đầu năm " * 3
    for number in range(1, 19):
        await group.say(secretary, f"/viec @lan: {topic}phần {number} cuối tháng 12")
    minutes = await group.say(secretary, "/ketthuc")
    more = minutes.splitlines()[-1]
    assert more.startswith("… và ")
    assert more.endswith(
        "mục nữa không vừa một tin nhắn: bấm «📄 Biên bản (Word)» bên dưới để xem đủ biên bản."
    )
    opened = await group.say(secretary, "/hop Họp quý")
    assert opened.splitlines()[-1].endswith("việc nữa không vừa một tin nhắn: xem đủ bằng /ds.")
    await group.say(secretary, "/ketthuc")
    await group.say(secretary, "/lang en")
    more = (await group.say(secretary, "/minutes 1")).splitlines()[-1]
    assert more.endswith(
        "more items that do not fit in one message: press “📄 Minutes (Word)” below for the "
        "full minutes."
    )
    more = (await group.say(secretary, "/meeting Third")).splitlines()[-1]
    assert more.endswith("more tasks that do not fit in one message: /tasks lists them all.")


async def test_members_read_but_only_admins_and_secretaries_record_and_change(
    harness: Harness, group: Group
) -> None:
    secretary, lan, minh = (harness.users[k] for k in ("secretary", "lan", "minh"))
    refusal = "Chỉ quản trị viên của nhóm và thư ký"
    for command in (
        "/viec @minh: gọi điện thứ 6",
        "/qd Đồng ý",
        "/hop Họp",
        "/nhac 1d",
        "/tochuc them Hội Nông dân",
        "/ngonngu en",
    ):
        assert refusal in await group.say(lan, command), command
    assert "Chỉ quản trị viên của nhóm mới" in await group.say(lan, "/thuky them @lan")
    assert "không có việc nào" in (await group.say(lan, "/ds")).lower()
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        assert await uow.tasks.select(chat.id, limit=10) == []
        assert chat.language == "vi"

    await group.say(secretary, "/viec @lan: gọi điện cho Ban Thi đua thứ 6")
    assert "@lan giờ là thư ký" in await group.say(secretary, "/thuky them @lan")
    assert "@lan" in await group.say(minh, "/dsthuky")
    assert "việc #2" in await group.say(lan, "/viec @thuky: gửi báo cáo thứ 2")
    assert "không còn là thư ký" in await group.say(secretary, "/thuky xoa @lan")
    assert refusal in await group.say(lan, "/qd Đồng ý")
    # An assignee closes their own task, and nobody else's.
    assert "Chỉ người được giao việc #1" in await group.say(minh, "/xong 1")
    assert "Chỉ người được giao việc #2" in await group.say(lan, "/xong 2")
    assert "Việc #1 đã xong" in await group.say(lan, "/xong 1")


async def test_a_task_is_edited_reassigned_noted_cancelled_reopened_and_its_history_kept(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await _setup_orgs(group, secretary)
    await group.say(secretary, "/viec @lan: gửi báo cáo 6 tháng thứ 6")
    assert "Đã sửa nội dung việc #1" in await group.say(secretary, "/sua 1 gửi báo cáo sơ kết")
    assigned = await group.say(secretary, "/giao 1 ctđ, @lan")
    assert "Hội Chữ thập đỏ" in assigned
    assert "@lan" in assigned
    assert "Đã ghi tiến độ" in await group.say(lan, "/ghichu 1 đã gửi bản nháp")
    assert "Chỉ người được giao" in await group.say(harness.users["minh"], "/ghichu 1 xong rồi")
    assert "Đã huỷ việc #1" in await group.say(secretary, "/huy 1")
    assert "đã huỷ rồi" in await group.say(secretary, "/huy 1")
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        task = await uow.tasks.get(chat.id, 1)
        assert task is not None
        assert task.status.value == "cancelled"
        assert await uow.reminders.pending_for_task(task.id) == []
    assert "Đã mở lại việc #1" in await group.say(secretary, "/momai 1")
    async with UnitOfWork(harness.database) as uow:
        assert await uow.reminders.pending_for_task(task.id) != []
    assert "Hạn mới" in await group.say(secretary, "/han 1 thu 6")
    history = await group.say(lan, "/lichsu 1")
    for expected in (
        "đã đặt hạn: Thứ Sáu, 08/07/2022 (từ «thu 6»)",  # which Friday, a week later too
        "đã ghi việc",
        "đã sửa nội dung: gửi báo cáo sơ kết",
        "đã giao cho: Hội Chữ thập đỏ, @lan",
        "ghi tiến độ: đã gửi bản nháp",
        "đã huỷ",
        "đã mở lại",
        "Thư ký",
        "Lan Nguyễn",
    ):
        assert expected in history, expected
    assert "không có việc #9" in (await group.say(lan, "/lichsu 9")).lower()


async def test_task_lists_by_filter_and_search(harness: Harness, group: Group) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await _setup_orgs(group, secretary)
    await group.say(secretary, "/viec @lan: gửi báo cáo thứ 6")
    await group.say(secretary, "/viec ĐTN: hội thảo chuyển đổi số 30/6/2022")  # already past
    await group.say(secretary, "/viec CTĐ: khảo sát nhu cầu cuối tháng 8")
    await group.say(secretary, "/xong 3")
    mine = await group.say(lan, "/ds cua toi")
    assert "gửi báo cáo" in mine
    assert "hội thảo" not in mine
    overdue = await group.say(lan, "/ds qua han")
    assert "hội thảo chuyển đổi số" in overdue
    assert "gửi báo cáo" not in overdue
    every = await group.say(lan, "/ds tat ca")
    assert "3 việc" in every
    assert "đã xong" in every
    assert "hội thảo" in await group.say(lan, "/ds doan thanh nien")
    assert "Không hiểu danh sách" in await group.say(lan, "/ds Hội Nông dân")
    found = await group.say(lan, "/tim chuyen doi so")
    assert "hội thảo chuyển đổi số" in found
    assert "khảo sát" not in found
    listed = (await group.say_all(lan, "/ds"))[0]
    buttons = [b["callback_data"] for row in listed["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["done:2", "done:1"]  # overdue first, then by deadline


async def test_a_stale_button_or_another_chats_number_changes_nothing(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    other = harness.group("Nhóm khác", [lan], [harness.users["minh"]])
    opened = (await group.say_all(secretary, "/hop Họp 1"))[0]
    await group.say(secretary, "/ketthuc")
    await harness.sandbox.click(group.id, lan["id"], opened["message_id"], "att:1")
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    assert "đã kết thúc" in harness.sandbox.callback_answers[-1]["text"]
    assert "không có cuộc họp #1" in await other.say(lan, "/bienban 1")
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        minutes_meeting = await uow.meetings.get(chat.id, 1)
        assert minutes_meeting is not None
        assert await uow.meetings.attendees(minutes_meeting.id) == []


async def test_removing_someone_who_is_not_a_secretary_says_so(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(lan, "/ds")  # the bot learns @lan
    answer = await group.say(secretary, "/thuky xoa @lan")
    assert answer == "@lan không phải là thư ký của nhóm, nên không có gì thay đổi."
    assert "giờ là thư ký" in await group.say(secretary, "/thuky them @lan")
    assert "đã có vai trò đó" in await group.say(secretary, "/thuky them @lan")  # as before
    await group.say(secretary, "/thuky xoa @lan")
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/secretary remove @lan")
    assert answer == "@lan is not a secretary of this group, so nothing changed."


async def test_a_done_task_is_not_cancelled_over_its_completion(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/viec @lan: gửi báo cáo thứ 6")
    await group.say(secretary, "/viec @lan: gửi ảnh thứ 6")
    await group.say(lan, "/xong 1")
    answer = await group.say(secretary, "/huy 1")
    assert answer.startswith("Việc #1 đã xong nên không huỷ được")
    assert "/momai 1" in answer
    await group.say(secretary, "/lang en")
    await group.say(secretary, "/done 2")
    answer = await group.say(secretary, "/cancel 2")
    assert answer.startswith("Task #2 is done, so it cannot be cancelled")
    assert "/reopen 2" in answer
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        tasks = await uow.tasks.by_numbers(chat.id, [1, 2])
        assert {t.status.value for t in tasks} == {"done"}
        assert all(t.done_at is not None for t in tasks)
    # Reopened first, on purpose, it may be cancelled.
    assert "Task #1 reopened" in await group.say(secretary, "/reopen 1")
    assert "Task #1 cancelled" in await group.say(secretary, "/cancel 1")


async def meeting_numbers(harness: Harness, group: Group) -> dict[int, int | None]:
    """Task number -> the number of the meeting it belongs to (None: no meeting)."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        rows = await uow.tasks.every_with_meeting(chat.id)
    return {task.number: meeting for task, meeting in rows}


async def test_a_task_asked_about_joins_the_meeting_it_was_typed_in_however_late_answered(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    [outside] = await group.say_all(secretary, "/viec Hội Cựu chiến binh: gửi ảnh trước 20/7")
    await group.say(secretary, "/hop Giao ban")
    [asked] = await group.say_all(secretary, "/viec Hội Nông dân: gửi danh sách trước 15/7")
    [early] = await group.say_all(secretary, "/viec Hội Phụ nữ: gửi báo cáo trước 16/7")
    await press(harness, group, secretary, early, "➕ Tạo «Hội Phụ nữ»")  # while it is open
    assert "cuộc họp #1" not in now(group, early)["text"]
    minutes = await group.say(secretary, "/ketthuc")
    assert "1 việc được giao" in minutes
    assert minutes.endswith(
        "⏳ Còn 1 việc ghi trong cuộc họp đang chờ trả lời câu hỏi về tổ chức (ở trên). "
        "Trả lời xong, hoặc sau một ngày không ai trả lời thì với tên như đã gõ, việc vẫn vào "
        "biên bản này: xem lại bằng /bienban 1."
    )
    await group.say(secretary, "/hop Họp khác")  # another meeting is open when it is answered
    await press(harness, group, secretary, asked, "➕ Tạo «Hội Nông dân»")
    recorded = now(group, asked)["text"]
    assert recorded.startswith("📌 Đã ghi việc #2")
    assert recorded.endswith(
        "🗓 Việc được ghi trong cuộc họp #1 nên đã thêm vào biên bản cuộc họp đó (đã kết thúc); "
        "biên bản đã gửi trước đây chưa có việc này: gửi lại bằng /bienban 1."
    )
    await press(harness, group, secretary, outside, "➕ Tạo «Hội Cựu chiến binh»")
    assert "cuộc họp #" not in now(group, outside)["text"]
    # Typed before any meeting, it stays out of the one open when it was answered.
    assert await meeting_numbers(harness, group) == {1: 1, 2: 1, 3: None}
    again = await group.say(secretary, "/bienban 1")
    assert "2 việc được giao" in again
    assert "gửi danh sách" in again
    assert "gửi danh sách" not in await group.say(secretary, "/ketthuc")


async def test_endmeeting_names_the_questions_still_waiting_in_english(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    await group.say(secretary, "/meeting Board")
    [first] = await group.say_all(secretary, "/task Farmers: send the list by Friday")
    await group.say_all(secretary, "/task Women: send the report by Friday")
    minutes = await group.say(secretary, "/endmeeting")
    assert "No tasks were assigned." in minutes
    assert minutes.endswith(
        "⏳ 2 tasks recorded during the meeting still wait for an answer about an organisation "
        "(above). They join these minutes once answered, or unanswered after a day with the "
        "names as typed: /minutes 1 shows them again."
    )
    await press(harness, group, secretary, first, "➕ Create “Farmers”")
    assert now(group, first)["text"].endswith(
        "🗓 Recorded during meeting #1, so it was added to that meeting's minutes (the meeting "
        "has ended); the minutes posted earlier lack it: /minutes 1 posts them again."
    )
    assert "send the list" in await group.say(secretary, "/minutes 1")


async def test_a_question_nobody_answers_records_the_task_as_typed_in_its_meeting(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/hop Hop thang 12")
    [asked] = await group.say_all(
        secretary, "/viec Doan thanh nien: phoi hop to chuc hien mau truoc 20/12"
    )
    ended = await group.say(secretary, "/ketthuc")
    assert "Không có việc nào được giao." in ended
    assert "Trả lời xong, hoặc sau một ngày không ai trả lời thì với tên như đã gõ" in ended
    # Nobody answers, nobody writes: the reminder loop wakes when the question's day ends.
    day_ends = await harness.application.services.reminders.next_fire_at()
    assert day_ends == harness.clock.now() + DRAFT_LIFETIME
    last = group.bot_messages()[-1]["message_id"]
    await harness.at(day_ends - timedelta(minutes=1))
    assert await tasks_of(harness, group) == []
    await harness.at(day_ends)
    [notice] = await harness.sandbox.wait_for_bot_messages(group.id, after_message_id=last)
    assert notice["text"] == (
        "⌛ Sau một ngày vẫn chưa ai cho biết «Doan thanh nien» là tổ chức nào, nên việc #1 đã "
        "được ghi với tên đúng như đã gõ. Tên này chưa gắn với tổ chức nào, nên chưa người liên "
        "hệ nào được nhắc về việc này.\n"
        "phoi hop to chuc hien mau\n"
        "👤 Giao cho: Doan thanh nien\n"
        "📅 Hạn: Thứ Ba, 20/12/2022 (từ «20/12»)\n"
        "Để sửa: /giao 1 kèm tất cả người được giao của việc, mỗi tổ chức viết bằng tên đầy đủ "
        "hoặc tên viết tắt (xem /dstochuc); tổ chức chưa có trong danh sách thì thêm trước bằng "
        "/tochuc them."
    )
    assert list(buttons(notice)) == ["✅ Xong"]  # the task's own button, as when recorded
    assert await tasks_of(harness, group) == [(1, "phoi hop to chuc hien mau", ["Doan thanh nien"])]
    assert await meeting_numbers(harness, group) == {1: 1}
    minutes = await group.say(secretary, "/bienban 1")
    assert "1 việc được giao" in minutes
    assert "phoi hop to chuc hien mau" in minutes
    assert "Doan thanh nien" in minutes
    # The question's old button says the question is over, and changes nothing.
    answer = await press(harness, group, secretary, asked, "➕ Tạo «Doan thanh nien»")
    assert answer["text"] == (
        "Câu hỏi này không còn chờ nữa: đã được trả lời, đã huỷ, hoặc sau một ngày việc đã được "
        "ghi với tên như đã gõ. Không có gì thay đổi."
    )
    # As the notice says, /giao settles the name; the task keeps its number and meeting.
    await group.say(secretary, "/tochuc them Đoàn Thanh niên | ĐTN")
    assert "#1" in await group.say(secretary, "/giao 1 ĐTN")
    assert await tasks_of(harness, group) == [(1, "phoi hop to chuc hien mau", ["Đoàn Thanh niên"])]
    assert await meeting_numbers(harness, group) == {1: 1}
    # The notice went out once.
    await harness.at(day_ends + timedelta(days=1))
    assert sum("Sau một ngày vẫn chưa ai" in m["text"] for m in group.bot_messages()) == 1


async def test_a_question_nobody_answers_records_the_task_as_typed_in_english(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    await group.say(secretary, "/meeting December")
    await group.say_all(secretary, "/task Youth Union, Farmers: run the blood drive by 20 Dec")
    await group.say(secretary, "/endmeeting")
    last = group.bot_messages()[-1]["message_id"]
    await harness.at(harness.clock.now() + DRAFT_LIFETIME)
    [notice] = await harness.sandbox.wait_for_bot_messages(group.id, after_message_id=last)
    assert notice["text"].startswith(
        "⌛ Nobody said within a day which organisations “Youth Union, Farmers” are, so task #1 "
        "was recorded with those names as typed. No organisation is behind them, so no contact "
        "person is reminded of the task.\n"
        "run the blood drive\n"
        "👤 For: Youth Union, Farmers\n"
    )
    assert notice["text"].endswith(
        "To settle it: /assign 1 followed by every assignee of the task, each organisation by "
        "its full or short name (see /orgs); one not in the list yet is first added with /org add."
    )
    minutes = await group.say(secretary, "/minutes 1")
    assert "1 task" in minutes
    assert "run the blood drive" in minutes
