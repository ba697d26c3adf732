"""Recurring tasks end to end: said in /task, stored as an RRULE, the next occurrence recorded
when one is closed (by command or button), reminded, stopped by /cancel, in both languages."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.domain import Task, TaskStatus
from storage import Database, UnitOfWork
from tests.e2e.conftest import Group, Harness, restarted

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def end_of(day: int, month: int, year: int = 2022) -> datetime:
    """The end of a day in Vietnam, as a day deadline is stored."""
    return datetime(year, month, day, 23, 59, 59, tzinfo=VN).astimezone(UTC)


async def every_task(database: Database, chat_id: int) -> list[Task]:
    """All the chat's tasks, by number."""
    async with UnitOfWork(database) as uow:
        chat = await uow.chats.get_by_telegram_id(chat_id)
        assert chat is not None
        return sorted(
            await uow.tasks.select(chat.id, statuses=list(TaskStatus), limit=100),
            key=lambda task: task.number,
        )


async def pending(database: Database, task: Task) -> list[tuple[str, str]]:
    """The task's pending reminders as ("dd/mm HH:MM", kind) in Vietnam."""
    async with UnitOfWork(database) as uow:
        rows = await uow.reminders.pending_for_task(task.id)
    return [(f.astimezone(VN).strftime("%d/%m %H:%M"), k.value) for f, k in rows]


async def test_monthly_task_closed_by_command_records_the_next_once(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    answer = await group.say(secretary, "/viec @lan: gửi báo cáo tài chính ngày 5 hằng tháng")
    assert "việc #1" in answer
    assert "<b>gửi báo cáo tài chính</b>" in answer or "gửi báo cáo tài chính\n" in answer
    assert "Hạn: Thứ Sáu, 05/08/2022" in answer  # the first 5th from 07/7
    assert "🔁 Lặp lại: ngày 5 hằng tháng; lần sau: Thứ Hai, 05/09/2022" in answer
    [first] = await every_task(harness.database, group.id)
    assert (first.title, first.recurrence) == ("gửi báo cáo tài chính", "FREQ=MONTHLY;BYMONTHDAY=5")
    assert first.due is not None
    assert first.due.utc == end_of(5, 8)

    closed = await group.say(lan, "/xong 1")
    assert "Việc #1 đã xong" in closed
    assert "🔁 Lần tiếp theo: #2, hạn Thứ Hai, 05/09/2022." in closed
    first, second = await every_task(harness.database, group.id)
    assert (second.title, second.recurrence, second.status) == (
        first.title,
        first.recurrence,
        TaskStatus.OPEN,
    )
    assert [a.label for a in second.assignees] == ["@lan"]
    assert second.due is not None
    assert second.due.utc == end_of(5, 9)
    planned = await pending(harness.database, second)
    assert planned[:4] == [
        ("22/08 09:00", "before"),  # 14, 7 and 1 days before 05/09, then overdue notices
        ("29/08 09:00", "before"),
        # The day before is a Sunday, after National Day's holidays (01/09 and 02/09 in 2022)
        # and a Saturday: the last working day before is Wednesday.
        ("31/08 09:00", "before"),
        ("06/09 09:00", "overdue"),
    ]

    # Reopened and closed again: still one next occurrence, and the reply says which.
    assert "mở lại" in (await group.say(secretary, "/momai 1")).lower()
    again = await group.say(lan, "/xong 1")
    assert "🔁 Lần tiếp theo đã được ghi trước đó: #2, hạn Thứ Hai, 05/09/2022." in again
    assert [t.number for t in await every_task(harness.database, group.id)] == [1, 2]

    # /edit keeps the rule; the history says what happened.
    edited = await group.say(secretary, "/sua 2 gửi báo cáo tài chính tháng")
    assert "🔁 ngày 5 hằng tháng" in edited
    assert (await every_task(harness.database, group.id))[1].recurrence == first.recurrence
    history = await group.say(secretary, "/lichsu 1")
    assert "đã ghi lần tiếp theo: #2" in history
    assert "đã ghi việc này là lần tiếp theo của: #1" in await group.say(secretary, "/lichsu 2")

    # /cancel stops the series: no reminders, no next occurrence, and the answer says so.
    cancelled = await group.say(secretary, "/huy 2")
    assert "🔁 Chuỗi việc lặp lại dừng ở đây" in cancelled
    assert await pending(harness.database, (await every_task(harness.database, group.id))[1]) == []
    assert "dừng" in await group.say(secretary, "/lichsu 2")
    assert "#3" not in await group.say(secretary, "/ds tat ca")
    # The closed occurrence is not cancelled over its completion; reopened first, cancelling
    # it says where the series goes on.
    assert "đã xong nên không huỷ được" in await group.say(secretary, "/huy 1")
    await group.say(secretary, "/momai 1")
    assert "🔁 Chuỗi việc vẫn tiếp tục ở #2" in await group.say(secretary, "/huy 1")


async def test_quarterly_task_closed_late_by_button_in_english(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/lang en")
    [answer] = await group.say_all(secretary, "/task @lan: send the bloc's report every quarter")
    assert "Due: Fri 30 Sep 2022" in answer["text"]
    assert (
        "🔁 Repeats every quarter on its last day; the one after: Sat 31 Dec 2022" in answer["text"]
    )
    listing = await group.say(secretary, "/tasks")
    assert "Fri 30 Sep 2022 · 🔁 every quarter on its last day" in listing

    # Closed six weeks late: the next is the quarter after the closed one's, not after today.
    harness.clock.set(datetime(2022, 11, 15, 10, tzinfo=VN))
    await harness.sandbox.click(group.id, lan["id"], answer["message_id"], "done:1")
    await harness.sandbox.wait_for_calls("editMessageText")
    [edited] = [m["text"] for m in group.bot_messages() if m["message_id"] == answer["message_id"]]
    assert "🔁 Next: #2, due Sat 31 Dec 2022." in edited
    first, second = await every_task(harness.database, group.id)
    assert first.status is TaskStatus.DONE
    assert second.due is not None
    assert second.due.utc == end_of(31, 12)
    assert second.due.precision == "period"
    assert second.recurrence == "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"

    # The next occurrence is reminded like any task.
    await harness.at(datetime(2022, 12, 17, 9, tzinfo=VN))
    reminder = group.bot_messages()[-1]
    assert "#2 send the bloc's report" in reminder["text"]
    assert "done:2" in str(reminder["reply_markup"])


async def test_weekly_and_yearly_phrases_and_impossible_days(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/tochuc them Hội Nông dân")
    monday = await group.say(secretary, "/viec Hội Nông dân: họp giao ban thứ Hai hằng tuần")
    assert "Hạn: Thứ Hai, 11/07/2022" in monday
    assert "Thứ Hai hằng tuần; lần sau: Thứ Hai, 18/07/2022" in monday
    at_nine = await group.say(secretary, "/viec Hội Nông dân: trực ban thứ Hai hằng tuần lúc 8h")
    assert "Hạn: Thứ Hai, 11/07/2022 08:00" in at_nine  # not today at 8, but Mondays
    assert "lần sau: Thứ Hai, 18/07/2022 08:00" in at_nine
    yearly = await group.say(secretary, "/viec Hội Nông dân: tổng kết hang nam")
    assert "Hạn: Thứ Bảy, 31/12/2022" in yearly
    assert "ngày 31/12 hằng năm; lần sau: Chủ Nhật, 31/12/2023" in yearly
    # The 31st falls on the last day of shorter months (dateutil, BYMONTHDAY=-1).
    last = await group.say(secretary, "/viec Hội Nông dân: chốt sổ ngày 31 hằng tháng")
    assert "Hạn: Chủ Nhật, 31/07/2022" in last
    assert "ngày cuối cùng hằng tháng" in last
    tasks = await every_task(harness.database, group.id)
    assert [t.recurrence for t in tasks] == [
        "FREQ=WEEKLY;BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=MO",
        "FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=12",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
    ]
    await group.say(secretary, "/xong 4")
    await group.say(secretary, "/xong 5")
    *_, fourth, fifth = await every_task(harness.database, group.id)
    assert fourth.due is not None
    assert fourth.due.utc == end_of(31, 8)
    assert fifth.due is not None
    assert fifth.due.utc == end_of(30, 9)


async def test_an_unknown_recurrence_is_refused_in_both_languages(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    answer = await group.say(secretary, "/viec @lan: gặp mặt mỗi 2 tuần")
    assert "Tôi không hiểu «mỗi 2 tuần» lặp lại thế nào nên chưa ghi việc" in answer
    assert "ngày 5 hằng tháng" in answer
    answer = await group.say(secretary, "/viec @lan: chốt sổ ngày 32 hằng tháng")
    assert "Không tháng nào có ngày như trong «ngày 32 hằng tháng» nên chưa ghi việc" in answer
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/task @lan: water the plants every blue moon")
    assert "I could not tell how often “every blue moon” repeats" in answer
    assert "every month on the 5th" in answer
    assert await every_task(harness.database, group.id) == []


async def test_the_series_lives_in_the_database_across_a_restart(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    assert "Hội Phụ nữ" in await group.say(secretary, "/tochuc them Hội Phụ nữ")
    recorded = await group.say(secretary, "/viec Hội Phụ nữ: nộp danh sách hội viên hằng quý")
    assert "việc #1" in recorded
    async with restarted(harness):
        closed = await group.say(secretary, "/xong 1")
    assert "Lần tiếp theo: #2, hạn Thứ Bảy, 31/12/2022" in closed
    tasks = await every_task(harness.database, group.id)
    assert [(t.number, t.status) for t in tasks] == [(1, TaskStatus.DONE), (2, TaskStatus.OPEN)]


async def test_the_deadline_said_with_it_sets_the_series_day_and_time(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    vi = await group.say(secretary, "/viec @lan: gửi báo cáo hằng tháng trước ngày 20")
    assert "Hạn: Thứ Tư, 20/07/2022" in vi
    assert "🔁 Lặp lại: ngày 20 hằng tháng; lần sau: Thứ Bảy, 20/08/2022" in vi
    await group.say(secretary, "/lang en")
    en = await group.say(secretary, "/task @lan: stand-up every Monday at 9am")
    assert "Due: Mon 11 Jul 2022 09:00" in en
    assert "🔁 Repeats every Monday; the one after: Mon 18 Jul 2022 09:00" in en
    monthly = await group.say(secretary, "/task @lan: pay the rent monthly, by 25/7")
    assert "🔁 Repeats every month on the 25th; the one after: Thu 25 Aug 2022" in monthly
    assert [t.recurrence for t in await every_task(harness.database, group.id)] == [
        "FREQ=MONTHLY;BYMONTHDAY=20",
        "FREQ=WEEKLY;BYDAY=MO",
        "FREQ=MONTHLY;BYMONTHDAY=25",
    ]


async def test_a_task_as_a_reply_repeats_when_either_message_says_so(
    harness: Harness, group: Group
) -> None:
    lan, secretary = harness.users["lan"], harness.users["secretary"]
    note = await harness.sandbox.send_message(group.id, lan["id"], "nộp bảng chấm công")
    answer = await group.say(
        secretary, "/viec @lan hằng tuần", reply_to_message_id=note["message_id"]
    )
    assert "nộp bảng chấm công" in answer
    assert "Giao cho: @lan" in answer
    assert "Hạn: Chủ Nhật, 10/07/2022" in answer  # a week means its Sunday
    assert "🔁 Lặp lại: Chủ Nhật hằng tuần; lần sau: Chủ Nhật, 17/07/2022" in answer
    note = await harness.sandbox.send_message(group.id, lan["id"], "tưới cây mỗi quý")
    answer = await group.say(secretary, "/viec @lan", reply_to_message_id=note["message_id"])
    assert "<b>tưới cây</b>" in answer or "tưới cây\n" in answer
    assert "Hạn: Thứ Sáu, 30/09/2022" in answer


async def test_missed_weeks_give_one_next_occurrence_already_overdue(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: nộp bảng chấm công hằng tuần")  # due Sunday 10/07
    harness.clock.set(datetime(2022, 7, 28, 10, tzinfo=VN))  # closed almost three weeks late
    closed = await group.say(secretary, "/xong 1")
    assert "🔁 Lần tiếp theo: #2, hạn Chủ Nhật, 17/07/2022." in closed
    assert "đã quá hạn vì các kỳ trước bị lỡ" in closed
    assert "/han 2" in closed
    tasks = await every_task(harness.database, group.id)
    assert [t.number for t in tasks] == [1, 2]  # one, not one per missed week
    assert (await pending(harness.database, tasks[1]))[0] == ("29/07 09:00", "overdue")
    closed = await group.say(secretary, "/xong 2")
    assert "🔁 Lần tiếp theo: #3, hạn Chủ Nhật, 24/07/2022." in closed
