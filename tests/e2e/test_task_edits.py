"""``/edit`` with a deadline in the new wording, ``/note`` quoting what it stored, ``/deadline``
saying what it replaced, ``/cancel`` with a reason, and the reopen button under ``/done``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain import Task
from storage import UnitOfWork
from tests.e2e.conftest import Group, Harness
from tests.e2e.test_organisations import now, press

VN = ZoneInfo("Asia/Ho_Chi_Minh")


async def task_of(harness: Harness, group: Group, number: int) -> Task:
    """Task ``number`` of the group, read from the database."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        task = await uow.tasks.get(chat.id, number)
    assert task is not None
    return task


async def pending(harness: Harness, task: Task) -> list[tuple[str, str]]:
    """The task's pending reminders as ("dd/mm HH:MM", kind) in Vietnam."""
    async with UnitOfWork(harness.database) as uow:
        rows = await uow.reminders.pending_for_task(task.id)
    return [(f.astimezone(VN).strftime("%d/%m %H:%M"), k.value) for f, k in rows]


def buttons(message: dict[str, Any]) -> list[str]:
    """The callback data of a message's buttons."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row]


async def test_edit_of_a_task_without_deadline_sets_the_one_in_its_wording(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo")
    answer = await group.say(secretary, "/sua 1 gửi báo cáo sơ kết trước 20/12")
    assert "Đã sửa nội dung việc #1" in answer
    assert "\ngửi báo cáo sơ kết\n" in answer  # the title, without the deadline phrase
    assert "📅 Hạn mới: Thứ Ba, 20/12/2022 (từ «20/12»)" in answer
    task = await task_of(harness, group, 1)
    assert task.title == "gửi báo cáo sơ kết"
    assert task.due is not None
    assert task.due.utc == datetime(2022, 12, 20, 16, 59, 59, tzinfo=UTC)
    assert task.due.text == "20/12"
    # Re-planned from the new deadline, as /han does: 14 days before first.
    assert (await pending(harness, task))[0] == ("06/12 09:00", "before")
    history = await group.say(secretary, "/lichsu 1")
    assert "gửi báo cáo sơ kết" in history
    assert "đã đặt hạn: Thứ Ba, 20/12/2022 (từ «20/12»)" in history

    # No deadline in the new wording: the deadline stays, and the answer says so.
    kept = await group.say(secretary, "/sua 1 gửi báo cáo sơ kết có số liệu")
    assert "📅 Hạn giữ nguyên: Thứ Ba, 20/12/2022" in kept
    task = await task_of(harness, group, 1)
    assert task.title == "gửi báo cáo sơ kết có số liệu"
    assert task.due is not None
    assert task.due.text == "20/12"


async def test_edit_of_a_task_with_a_deadline_keeps_it_and_the_whole_wording(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo trước 20/7")
    before = await task_of(harness, group, 1)
    reminders = await pending(harness, before)
    [answer] = await group.say_all(secretary, "/sua 1 tổng hợp báo cáo quý 3")
    assert "\ntổng hợp báo cáo quý 3\n" in answer["text"]
    assert answer["text"].endswith(
        "📅 Hạn giữ nguyên: Thứ Tư, 20/07/2022. "
        "Muốn đổi hạn thành Thứ Sáu, 30/09/2022? Gửi /han 1 quý 3"
    )
    code = [e for e in answer.get("entities", []) if e["type"] == "code"]
    assert len(code) == 1  # a tap copies the command on a phone
    task = await task_of(harness, group, 1)
    assert task.title == "tổng hợp báo cáo quý 3"
    assert task.due == before.due
    assert task.due_confirmed
    assert await pending(harness, task) == reminders  # not re-planned
    for wording in ("Báo cáo tháng 11", "Báo cáo 6 tháng đầu năm", "kế hoạch trước năm 2027"):
        answer_text = await group.say(secretary, f"/sua 1 {wording}")
        assert "📅 Hạn giữ nguyên: Thứ Tư, 20/07/2022. Muốn đổi hạn thành" in answer_text
        task = await task_of(harness, group, 1)
        assert (task.title, task.due) == (wording, before.due)
    # The deadline it already has, or none: only that it is unchanged.
    same = await group.say(secretary, "/sua 1 gửi báo cáo tổng hợp trước 20/7")
    assert same.endswith("📅 Hạn giữ nguyên: Thứ Tư, 20/07/2022")
    assert (await task_of(harness, group, 1)).title == "gửi báo cáo tổng hợp trước 20/7"
    # An impossible date is words of the title here: no deadline is read from it.
    await group.say(secretary, "/sua 1 nộp hồ sơ 31/02")
    assert (await task_of(harness, group, 1)).title == "nộp hồ sơ 31/02"
    # Only a deadline is still pointed to /han.
    assert "/han 1 thứ 6" in await group.say(secretary, "/sua 1 thứ 6")
    assert (await task_of(harness, group, 1)).due == before.due
    # The command the answer gave sets the deadline the wording named.
    assert "30/09/2022" in await group.say(secretary, "/han 1 quý 3")


async def test_edit_reads_the_deadline_as_task_does(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo")
    kept = await group.say(secretary, "/sua 1 gửi báo cáo có số liệu")
    assert "📅 Vẫn chưa có hạn" in kept
    # An impossible date changes nothing.
    assert "không phải là ngày có thật" in await group.say(secretary, "/sua 1 nộp hồ sơ 31/02")
    # A past date is asked about, with the keep and change buttons, and not planned.
    [answer] = await group.say_all(secretary, "/sua 1 nộp hồ sơ 15/6/2022")
    assert "Hạn này đã qua" in answer["text"]
    assert buttons(answer) == ["keep:1", "change:1"]
    task = await task_of(harness, group, 1)
    assert task.title == "nộp hồ sơ"
    assert not task.due_confirmed
    assert await pending(harness, task) == []
    # Only a deadline: nothing changes, and the answer points to /han.
    only = await group.say(secretary, "/sua 1 thứ 6")
    assert "/han 1 thứ 6" in only
    assert (await task_of(harness, group, 1)).title == "nộp hồ sơ"
    # Who may edit is unchanged: a member may not.
    assert "Chỉ quản trị viên" in await group.say(harness.users["lan"], "/sua 1 nộp hồ sơ")


async def test_edit_of_a_closed_task_rewords_it_whole(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: nộp báo cáo thứ 6")
    await group.say(secretary, "/viec @lan: in tài liệu")
    await group.say(secretary, "/xong 1")
    await group.say(secretary, "/huy 2")
    due = (await task_of(harness, group, 1)).due
    answer = await group.say(secretary, "/sua 1 nộp báo cáo tháng 6 cho Khối")
    assert "Đã sửa nội dung việc #1" in answer
    assert answer.endswith("📅 Hạn giữ nguyên: Thứ Sáu, 08/07/2022")  # no /han for a closed task
    task = await task_of(harness, group, 1)
    assert (task.title, task.due) == ("nộp báo cáo tháng 6 cho Khối", due)
    answer = await group.say(secretary, "/sua 2 in tài liệu trước 15/7")
    assert answer.endswith("📅 Vẫn chưa có hạn")
    task = await task_of(harness, group, 2)
    assert (task.title, task.due) == ("in tài liệu trước 15/7", None)


async def test_edit_with_a_deadline_in_english(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    await group.say(secretary, "/task @lan: send the needs")
    answer = await group.say(secretary, "/edit 1 send the report by Friday")
    assert "Task #1 reworded" in answer
    assert "\nsend the report\n" in answer
    assert "📅 New deadline: Fri 8 Jul 2022 (from “Friday”)" in answer
    task = await task_of(harness, group, 1)
    assert task.title == "send the report"
    assert task.due is not None
    assert task.due.utc == datetime(2022, 7, 8, 16, 59, 59, tzinfo=UTC)
    kept = await group.say(secretary, "/edit 1 send the report with figures")
    assert kept.endswith("📅 Deadline unchanged: Fri 8 Jul 2022")
    other = await group.say(secretary, "/edit 1 send the Q3 report")
    assert "\nsend the Q3 report\n" in other
    assert other.endswith(
        "📅 Deadline unchanged: Fri 8 Jul 2022. "
        "To change it to Fri 30 Sep 2022, send /deadline 1 Q3"
    )
    assert (await task_of(harness, group, 1)).due == task.due
    assert "/deadline 1 Friday" in await group.say(secretary, "/edit 1 Friday")
    await group.say(secretary, "/task @lan: call the board")
    assert "📅 Still no deadline" in await group.say(secretary, "/edit 2 call the whole board")
    await group.say(secretary, "/done 1")
    closed = await group.say(secretary, "/edit 1 send the report for June")
    assert closed.endswith("📅 Deadline unchanged: Fri 8 Jul 2022")
    assert (await task_of(harness, group, 1)).title == "send the report for June"


async def test_note_confirmation_quotes_the_note(harness: Harness, group: Group) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/viec @lan: gửi báo cáo thứ 6")
    [answer] = await group.say_all(lan, "/ghichu 1 đã gửi bản nháp <b>cho</b> Ban & Hội")
    assert "Đã ghi tiến độ việc #1" in answer["text"]
    assert "đã gửi bản nháp <b>cho</b> Ban & Hội" in answer["text"]  # as typed, escaped
    quoted = [e for e in answer.get("entities", []) if e["type"] == "blockquote"]
    assert len(quoted) == 1
    await group.say(secretary, "/lang en")
    noted = await group.say(secretary, "/note 1 draft sent for comments")
    assert "Note added to task #1" in noted
    assert "draft sent for comments" in noted


async def test_a_long_note_is_quoted_within_telegrams_limit(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: " + "báo cáo " * 120)  # a title near its limit
    note = "tiến độ & " * 200  # the longest note
    answer = await group.say(secretary, "/ghichu 1 " + note.strip())
    assert len(answer) <= 4096
    assert "tiến độ & tiến độ" in answer
    assert "…" in answer  # cut, with the full note kept in the record


async def the_longest_task(harness: Harness, group: Group, secretary: dict[str, Any]) -> None:
    """Task #1 of ``group``, whose answers are the longest, recorded by ``secretary``: a title
    at its longest, for more organisations than a task shows, names at their longest, each with
    a contact person (Lan, who must be in the group)."""
    await group.say(harness.users["lan"], "/ds")  # the bot knows @lan from then on
    for letter in "ABCDEFGHIJKLM":
        name = (f"Hội {letter} " + "liên hiệp các tổ chức hữu nghị thành phố " * 5)[:200]
        assert "Đã thêm tổ chức" in await group.say(secretary, f"/tochuc them {name} | H{letter}")
        assert "người liên hệ" in await group.say(secretary, f"/tochuc lienhe H{letter} @lan")
    await group.say(secretary, "/viec toàn khối: " + "báo cáo " * 125)


async def test_the_longest_note_answer_stays_within_telegrams_limit(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await the_longest_task(harness, group, secretary)
    note = ("tiến độ & " * 200).strip()  # the longest note
    answer = await group.say(secretary, "/ghichu 1 " + note)
    assert len(answer) <= 4096
    # As many organisations as the line of assignees holds (see views.ASSIGNEES_BUDGET): the
    # note is cut to what they leave, never they.
    assert answer.count("(@lan)") == 5
    assert "(@lan), và 8 người/tổ chức khác\n" in answer
    assert "\ntiến độ & tiến độ" in answer
    assert "…" in answer  # cut, with the full note kept in the record


async def test_deadline_answer_echoes_the_phrase_and_the_deadline_it_replaced(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo cuối tháng 7")
    await group.say(secretary, "/viec @lan: gửi ảnh")
    answer = await group.say(secretary, "/han 1 thu 6")
    assert answer.endswith(
        "Hạn mới: Thứ Sáu, 08/07/2022 (từ «thu 6»), trước đây: Chủ Nhật, 31/07/2022"
    )
    answer = await group.say(secretary, "/han 2 20/7")
    assert answer.endswith("Hạn mới: Thứ Tư, 20/07/2022 (từ «20/7»), trước đây: chưa có hạn")
    # On 1 January, a day typed without a year lands eleven months on: asked, with the buttons.
    harness.clock.set(datetime(2027, 1, 1, 9, 0, tzinfo=VN))
    [asked] = await group.say_all(secretary, "/han 1 15/12")
    assert asked["text"].endswith(
        "Hạn mới: Thứ Tư, 15/12/2027 (từ «15/12»), trước đây: Thứ Sáu, 08/07/2022\n"
        "⚠️ Không ghi năm nên hạn được hiểu là lần tới của ngày này, còn hơn sáu tháng nữa. "
        "Hãy kiểm tra lại năm.\n"
        "🔕 Chưa nhắc việc này cho đến khi có người bấm 👍 Giữ hạn này hoặc đổi hạn. "
        "Bản tin tuần vẫn liệt kê việc này, ghi rõ là hạn chưa xác nhận."
    )
    assert buttons(asked) == ["keep:1", "change:1"]
    assert not (await task_of(harness, group, 1)).due_confirmed
    assert "⚠️" not in await group.say(secretary, "/han 1 15/12/2027")  # the year said
    await group.say(secretary, "/lang en")
    [asked] = await group.say_all(secretary, "/deadline 2 15/12")
    assert asked["text"].endswith(
        "New deadline: Wed 15 Dec 2027 (from “15/12”), was: Wed 20 Jul 2022\n"
        "⚠️ No year was given, so this is the next such date, more than six months away. "
        "Please check the year.\n"
        "🔕 No reminders for this task until someone presses 👍 Keep this date or changes the "
        "deadline. The weekly digest still lists it, marked as not confirmed."
    )


async def test_cancel_with_a_reason_keeps_it_as_a_note_and_in_the_history(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo thứ 6")
    await group.say(secretary, "/viec @lan: gửi ảnh thứ 6")
    answer = await group.say(secretary, "/huy 1 trùng với việc <6>")
    assert "Đã huỷ việc #1" in answer
    assert "Lý do: trùng với việc <6>" in answer
    task = await task_of(harness, group, 1)
    assert task.status.value == "cancelled"
    async with UnitOfWork(harness.database) as uow:
        notes = await uow.tasks.notes(task.id)
    assert [note.text for note in notes] == ["trùng với việc <6>"]
    assert "Thư ký đã huỷ: trùng với việc <6>" in await group.say(secretary, "/lichsu 1")
    assert "Lý do" not in await group.say(secretary, "/huy 2")  # no reason: as before
    assert "đã huỷ rồi" in await group.say(secretary, "/huy 2 lần nữa")
    await group.say(secretary, "/lang en")
    await group.say(secretary, "/task @lan: book the hall Friday")
    answer = await group.say(secretary, "/cancel 3 the meeting moved online")
    assert "Task #3 cancelled" in answer
    assert "Reason: the meeting moved online" in answer
    assert "Thư ký cancelled it: the meeting moved online" in await group.say(
        secretary, "/history 3"
    )


async def press_then_edit(
    harness: Harness,
    group: Group,
    user: dict[str, Any],
    message: dict[str, Any],
    label: str,
    edit: str = "editMessageText",
) -> dict[str, Any]:
    """``user`` presses ``label`` under ``message``; the pop-up, once the message was edited
    (the reopen button answers first, then edits)."""
    edited = sum(1 for name, _ in harness.sandbox.calls if name == edit)
    answer = await press(harness, group, user, message, label)
    await harness.sandbox.wait_for_calls(edit, edited + 1)
    return answer


async def test_the_done_confirmation_offers_to_reopen_once(harness: Harness, group: Group) -> None:
    secretary, lan, minh = (harness.users[k] for k in ("secretary", "lan", "minh"))
    await group.say(secretary, "/viec @lan: gửi báo cáo thứ 6")
    [closed] = await group.say_all(lan, "/xong 1")
    assert buttons(closed) == ["reopen:1"]
    # The right of /reopen: the assignee who closed it may not reopen it, the secretary may.
    refused = await press(harness, group, lan, closed, "↩️ Mở lại #1")
    assert refused["text"].startswith("Chỉ quản trị viên của nhóm và thư ký")
    assert (await task_of(harness, group, 1)).status.value == "done"
    answer = await press_then_edit(harness, group, secretary, closed, "↩️ Mở lại #1")
    assert answer["text"] == "Đã mở lại việc #1."
    assert (await task_of(harness, group, 1)).status.value == "open"
    shown = now(group, closed)
    assert shown["text"].endswith("↩️ Việc #1 đã được Thư ký mở lại; sẽ nhắc lại theo hạn.")
    assert "reply_markup" not in shown  # used: the button is gone
    assert "đã mở lại" in await group.say(minh, "/lichsu 1")
    # A stale press (the task reopened meanwhile) says so, changes nothing, and drops the button.
    [again] = await group.say_all(lan, "/xong 1")
    await group.say(secretary, "/momai 1")
    stale = await press_then_edit(
        harness, group, secretary, again, "↩️ Mở lại #1", "editMessageReplyMarkup"
    )
    assert stale["text"] == "Việc #1 đang mở rồi."
    assert "reply_markup" not in now(group, again)
    # Several closed at once: a short button each.
    for title in ("a", "b", "c"):
        await group.say(secretary, f"/viec @lan: việc {title} thứ 6")
    await group.say(secretary, "/lang en")
    [many] = await group.say_all(secretary, "/done 1 2 3 4")
    rows = many["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [["↩️ #1", "↩️ #2", "↩️ #3", "↩️ #4"]]
    await group.say(secretary, "/reopen 4")
    [closed] = await group.say_all(secretary, "/done 4")
    answer = await press_then_edit(harness, group, secretary, closed, "↩️ Reopen #4")
    assert answer["text"] == "Task #4 reopened."
    assert now(group, closed)["text"].endswith("↩️ Task #4 reopened by Thư ký; reminders resume.")
