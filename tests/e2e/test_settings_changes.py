"""``/settings`` changed by text: a new time zone keeps the dates deadlines were given as, typed
values are obeyed (not stepped through like the buttons), the card says what it shows, and a
re-plan moves the reminders still to come without sending again those that went out."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain import Task
from storage import UnitOfWork
from tests.e2e.conftest import Group, Harness
from tests.e2e.test_faults import eventually
from tests.e2e.test_organisations import now, press
from tests.e2e.test_private_group import private
from tests.e2e.test_recurring import every_task
from tests.e2e.test_reminders import at, item_of, pending, reminders_in

TOKYO, AUCKLAND = ZoneInfo("Asia/Tokyo"), ZoneInfo("Pacific/Auckland")


async def pending_in(harness: Harness, task: Task, zone: ZoneInfo) -> list[tuple[str, str]]:
    """The task's pending reminders as ("dd/mm HH:MM", kind) in ``zone``."""
    async with UnitOfWork(harness.database) as uow:
        rows = await uow.reminders.pending_for_task(task.id)
    return [(f.astimezone(zone).strftime("%d/%m %H:%M"), k.value) for f, k in rows]


def local(task: Task, zone: ZoneInfo) -> str:
    assert task.due is not None
    return task.due.utc.astimezone(zone).strftime("%d/%m %H:%M:%S")


async def test_new_zone_keeps_the_dates_of_day_and_period_deadlines_en(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/lang en")
    await group.say(secretary, "/task @lan: send the report by 15/7")
    await group.say(secretary, "/task @lan: book the hall end of July")
    await group.say(secretary, "/task @lan: call the printer Friday 5pm")
    await group.say(secretary, "/task @lan: print the agenda by 12/7")
    await group.say(lan, "/done 4")
    answer = await group.say(secretary, "/settings tz Asia/Tokyo")
    listed = await group.say(secretary, "/tasks")
    assert "Fri 15 Jul 2022" in listed
    assert "Sun 31 Jul 2022" in listed
    assert "Fri 8 Jul 2022 19:00" in listed  # 17:00 in Vietnam is 19:00 in Tokyo
    assert "Sat 16 Jul" not in listed
    assert "Mon 1 Aug" not in listed
    assert "Time zone: Asia/Tokyo" in answer
    assert "📅 2 open tasks due on a date keep those dates in Asia/Tokyo" in answer
    assert "their reminders were re-planned" in answer
    assert "🕰 1 open task due at a time of day keeps that moment" in answer
    report, hall, printer, agenda = await every_task(harness.database, group.id)
    assert local(report, TOKYO) == "15/07 23:59:59"
    assert local(hall, TOKYO) == "31/07 23:59:59"
    assert local(printer, TOKYO) == "08/07 19:00:00"
    assert local(agenda, TOKYO) == "12/07 23:59:59"  # a closed task's record keeps its date too
    # Reminders follow the date in the new zone: the last one before is the morning before.
    assert ("14/07 09:00", "before") in await pending_in(harness, report, TOKYO)
    # Overdue from Saturday 16/07: a weekend, the notice waits for Monday.
    assert ("18/07 09:00", "overdue") in await pending_in(harness, report, TOKYO)
    assert "changed the time zone, the deadline keeps its date; new zone: Asia/Tokyo" in (
        await group.say(secretary, "/history 1")
    )
    # Back and forth: "end of July" is still 31 July wherever the group goes.
    moved = await group.say(secretary, "/settings tz Pacific/Auckland")
    assert "2 open tasks due on a date" in moved
    assert "Sun 31 Jul 2022" in await group.say(secretary, "/tasks")
    _, hall, *_ = await every_task(harness.database, group.id)
    assert local(hall, AUCKLAND) == "31/07 23:59:59"


async def test_new_zone_keeps_the_dates_vi_and_says_nothing_when_nothing_moved(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo cuối tháng 7")
    same = await group.say(secretary, "/caidat tz Asia/Bangkok")  # same offset as Vietnam
    assert "📅" not in same
    answer = await group.say(secretary, "/caidat tz Pacific/Auckland")
    assert "Chủ Nhật, 31/07/2022" in await group.say(secretary, "/ds")  # not Thứ Hai, 01/08
    kept = "📅 1 việc đang mở có hạn theo ngày vẫn giữ nguyên ngày hạn theo giờ Pacific/Auckland"
    assert kept in answer
    [task] = await every_task(harness.database, group.id)
    assert local(task, AUCKLAND) == "31/07 23:59:59"


async def test_a_task_waiting_for_a_name_keeps_its_date_in_a_new_zone(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    [asked] = await group.say_all(secretary, "/task Farmers' Union: send the list by 20/7")
    await group.say(secretary, "/settings tz Pacific/Auckland")
    await press(harness, group, secretary, asked, "➕ Create “Farmers' Union”")
    assert "Wed 20 Jul 2022" in now(group, asked)["text"]  # not Thu 21 Jul
    [task] = await every_task(harness.database, group.id)
    assert local(task, AUCKLAND) == "20/07 23:59:59"


async def test_recurring_task_after_a_new_zone_is_due_at_the_end_of_its_day(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/viec @lan: gửi báo cáo tài chính ngày 15 hằng tháng")
    await group.say(secretary, "/caidat tz Asia/Tokyo")
    closed = await group.say(lan, "/xong 1")
    assert "hạn Thứ Hai, 15/08/2022" in closed
    _, second = await every_task(harness.database, group.id)
    assert local(second, TOKYO) == "15/08 23:59:59"  # not 01:59:59, the old zone's day end
    assert second.due is not None
    assert second.due.utc == datetime(2022, 8, 15, 23, 59, 59, tzinfo=TOKYO).astimezone(UTC)


async def test_typed_values_are_obeyed_vi(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    assert "Bản tin thứ Hai lúc 09:00: tắt" in await group.say(secretary, "/caidat digest off")
    assert "Bản tin thứ Hai lúc 09:00: tắt" in await group.say(secretary, "/caidat digest tắt")
    assert "Bản tin thứ Hai lúc 09:00: bật" in await group.say(secretary, "/caidat digest on")
    assert "Giờ yên lặng (không nhắc): 23:00–06:00" in await group.say(
        secretary, "/caidat quiet 23-6"
    )
    assert "Giờ yên lặng (không nhắc): 23:00–06:00" in await group.say(
        secretary, "/caidat quiet 23-6"
    )
    assert "Giờ yên lặng (không nhắc): không có" in await group.say(secretary, "/caidat quiet off")
    assert "Giờ nhắc buổi sáng: 08:00" in await group.say(secretary, "/caidat morning 8")
    refused = await group.say(secretary, "/caidat quiet 25-6")
    assert "«25-6» không phải khoảng giờ yên lặng" in refused
    assert "/caidat quiet 22-6" in refused
    assert "«có lẽ» không phải bật hay tắt" in await group.say(secretary, "/caidat digest có lẽ")
    assert "/caidat quiet tắt" in await group.say(secretary, "/caidat màu xanh")


async def test_typed_values_are_obeyed_en_and_buttons_still_cycle(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    assert "Monday digest at 09:00: off" in await group.say(secretary, "/settings digest off")
    assert "Monday digest at 09:00: off" in await group.say(secretary, "/settings digest off")
    [shown] = await group.say_all(secretary, "/settings quiet 23-6")
    assert "Quiet hours (no reminders): 23:00–06:00" in shown["text"]
    refused = await group.say(secretary, "/settings quiet soon")
    assert "“soon” is not a range of quiet hours" in refused
    assert "/settings quiet off" in refused
    assert "(“maybe” is neither)" in await group.say(secretary, "/settings digest maybe")
    await harness.sandbox.click(group.id, secretary["id"], shown["message_id"], "set:digest")
    await harness.sandbox.wait_for_calls("editMessageText")
    edited = next(m for m in group.bot_messages() if m["message_id"] == shown["message_id"])
    assert "Monday digest at 09:00: on" in edited["text"]  # the button still turns it around
    await harness.sandbox.click(group.id, secretary["id"], shown["message_id"], "set:quiet")
    await harness.sandbox.wait_for_calls("editMessageText", count=2)
    edited = next(m for m in group.bot_messages() if m["message_id"] == shown["message_id"])
    assert "Quiet hours (no reminders): 21:00–07:00" in edited["text"]  # the first preset


async def test_settings_card_describes_the_plan_without_re_planning(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    shown = await group.say(secretary, "/caidat")
    assert "Cài đặt của nhóm" in shown
    assert "⏰ Lịch nhắc: mặc định" in shown
    assert "lên lịch lại" not in shown
    assert "lên lịch lại" in await group.say(secretary, "/nhac 3d 1d")  # /remind confirms it
    shown = await group.say(secretary, "/caidat")
    assert "⏰ Nhắc trước hạn: 3 ngày, 1 ngày." in shown
    assert "lên lịch lại" not in shown
    await group.say(secretary, "/lang en")
    shown = await group.say(secretary, "/settings")
    assert "Group settings" in shown
    assert "⏰ Reminders before the deadline: 3 days, 1 day." in shown
    assert "re-planned" not in shown
    # "reminders go out 2 days, 1 hour before" read as one reminder 49 hours before.
    assert await group.say(secretary, "/remind 2d 1h") == (
        "⏰ From now on, reminders before the deadline: 2 days, 1 hour. Open tasks were re-planned."
    )


async def test_settings_card_in_a_private_chat_is_not_headed_group(harness: Harness) -> None:
    chat = private(harness, harness.users["secretary"])
    shown = (await chat.say("/caidat"))["text"]
    assert "Cài đặt của cuộc trò chuyện riêng này" in shown
    assert "Cài đặt của nhóm" not in shown
    assert "lên lịch lại" not in shown
    await chat.say("/lang en")
    shown = (await chat.say("/settings"))["text"]
    assert "Settings of this private chat" in shown
    assert "Group settings" not in shown
    assert "re-planned" not in shown


async def set_morning(harness: Harness, group: Group, hour: int, how: str) -> None:
    """The secretary sets the morning hour to ``hour``, typed or with the +1 button (from an
    hour before it)."""
    secretary = harness.users["secretary"]
    if how == "typed":
        assert f"Giờ nhắc buổi sáng: {hour:02}:00" in await group.say(
            secretary, f"/caidat morning {hour}"
        )
        return
    [card] = await group.say_all(secretary, "/caidat")
    assert f"Giờ nhắc buổi sáng: {hour - 1:02}:00" in card["text"]
    edits = sum(method == "editMessageText" for method, _ in harness.sandbox.calls)
    await harness.sandbox.click(group.id, secretary["id"], card["message_id"], "set:morning:+1")
    await harness.sandbox.wait_for_calls("editMessageText", count=edits + 1)


@pytest.mark.parametrize("how", ["typed", "button"])
async def test_a_later_morning_hour_sends_nothing_again_and_moves_what_is_to_come(
    harness: Harness, group: Group, how: str
) -> None:
    secretary = harness.users["secretary"]
    # The group works on Saturday and Sunday: every day of the test is a working day.
    assert "Ngày nghỉ (không nhắc, dời sang ngày làm việc): ngày lễ VN" in await group.say(
        secretary, "/caidat weekend tắt"
    )
    await group.say(secretary, "/viec @lan: gửi báo cáo thứ Bảy")  # #1, Saturday 9/7
    await group.say(secretary, "/viec @lan: nộp hồ sơ ngày mai")  # #2, Friday 8/7
    await group.say(secretary, "/viec @lan: in tài liệu hôm nay")  # #3, today
    await group.say(secretary, "/viec @lan: gọi nhà in 17h hôm nay")  # #4, today 17:00
    assert await harness.at(at(7, 7, 15)) == 1  # #4, two hours before
    assert await harness.at(at(7, 7, 17)) == 1  # #4 is overdue
    # Friday's morning reminder, one message: #1 is due tomorrow, #2 today, #3 overdue.
    assert await harness.at(at(8, 7, 9)) == 3
    assert len(reminders_in(group)) == 3
    harness.clock.set(at(8, 7, 9, 5))
    await set_morning(harness, group, 10, how)
    # Those went out at 09:00: none of them again at 10:00, nor #4's overdue notice the next
    # morning. The steps to come move to 10:00.
    assert await harness.at(at(8, 7, 10)) == 0
    assert await harness.at(at(9, 7, 9, 30)) == 0
    assert len(reminders_in(group)) == 3
    assert (await pending(harness, group.id, 1))[0] == ("09/07 10:00", "due")
    assert (await pending(harness, group.id, 2))[0] == ("09/07 10:00", "overdue")
    # The next overdue notices go out with Monday's digest, at the new hour too.
    assert (await pending(harness, group.id, 3))[0] == ("11/07 10:00", "overdue")
    assert (await pending(harness, group.id, 4))[0] == ("11/07 10:00", "overdue")
    # Moved later before it went out, Saturday's reminder goes out once, at the new hour.
    await set_morning(harness, group, 11, how)
    assert await harness.at(at(9, 7, 10)) == 0
    assert await harness.at(at(9, 7, 11)) == 2  # #1 due today, #2 overdue
    [saturday] = reminders_in(group)[3:]
    assert "hạn là hôm nay" in item_of(saturday["text"], 1)
    assert "đã quá hạn 1 ngày" in item_of(saturday["text"], 2)
    assert await harness.at(at(9, 7, 12)) == 0
    assert len(reminders_in(group)) == 4


@pytest.mark.parametrize("hour", [8, 10])
async def test_a_morning_hour_moved_before_the_mornings_reminders_keeps_them_that_day(
    harness: Harness, group: Group, hour: int
) -> None:
    secretary = harness.users["secretary"]
    # The group works on Saturday and Sunday: every day of the test is a working day.
    await group.say(secretary, "/caidat weekend tắt")
    await group.say(secretary, "/viec @lan: gửi báo cáo thứ Bảy")  # #1, Saturday 9/7
    await group.say(secretary, "/viec @lan: nộp hồ sơ ngày mai")  # #2, Friday 8/7
    await group.say(secretary, "/viec @lan: in tài liệu hôm nay")  # #3, today
    # Friday 08:30: the morning's reminders (09:00) are still to come when the hour moves.
    assert await harness.at(at(8, 7, 8, 30)) == 0
    await set_morning(harness, group, hour, "typed")
    if hour == 8:  # already past: they go out now (the timer is armed for now), not tomorrow

        async def sent() -> bool:
            firsts = [(await pending(harness, group.id, n))[0] for n in (1, 2, 3)]
            return all(when != "08/07 08:30" for when, _ in firsts)

        await eventually(sent)
    else:  # still to come: they go out at it
        assert await harness.at(at(8, 7, 9, 59)) == 0
        assert await harness.at(at(8, 7, 10)) == 3
    # One message: #1 is due tomorrow, #2 today, #3 overdue.
    [friday] = reminders_in(group)
    assert "còn 1 ngày" in item_of(friday["text"], 1)
    assert "hạn là hôm nay" in item_of(friday["text"], 2)
    assert "đã quá hạn 1 ngày" in item_of(friday["text"], 3)
    assert await harness.at(at(8, 7, 23, 59)) == 0  # and only once
    assert len(reminders_in(group)) == 1
    # The steps to come are at the new hour.
    assert (await pending(harness, group.id, 1))[0] == (f"09/07 {hour:02}:00", "due")
    assert (await pending(harness, group.id, 2))[0] == (f"09/07 {hour:02}:00", "overdue")
    assert (await pending(harness, group.id, 3))[0] == (f"11/07 {hour:02}:00", "overdue")


@pytest.mark.parametrize(
    ("change", "again"),
    [
        ("tz Europe/London", at(8, 7, 15)),  # six hours behind: 09:00 there is 15:00 here
        ("quiet 20-10", at(8, 7, 10)),  # 09:00 is in the quiet hours now
    ],
)
async def test_a_new_zone_or_new_quiet_hours_send_nothing_again(
    harness: Harness, group: Group, change: str, again: datetime
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: nộp hồ sơ ngày mai")
    assert await harness.at(at(8, 7, 9)) == 1  # the morning of the day
    harness.clock.set(at(8, 7, 9, 5))
    assert "Cài đặt của nhóm" in await group.say(secretary, f"/caidat {change}")
    # The new settings put the morning of the day later today: it went out already.
    assert await harness.at(again) == 0
    assert len(reminders_in(group)) == 1
    [(_, kind), *_] = await pending(harness, group.id, 1)
    assert kind == "overdue"  # what is still to come stays planned


async def test_an_earlier_morning_hour_keeps_a_late_recorded_tasks_notices_counted_from_now(
    harness: Harness, group: Group
) -> None:
    """A task recorded after its deadline has its overdue notices from the next morning on;
    an earlier morning hour set that afternoon moves them to the new hour, neither sending one
    at once (counted from the deadline, the first would be weeks late) nor dropping the rest."""
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: nộp báo cáo 20/6/2022")  # 17 days late
    recorded = group.bot_messages()[-1]
    await harness.sandbox.click(group.id, secretary["id"], recorded["message_id"], "keep:1")
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    assert [p for p in await pending(harness, group.id, 1) if p[1] == "overdue"] == [
        ("08/07 09:00", "overdue"),
        ("11/07 09:00", "overdue"),
        ("18/07 09:00", "overdue"),
        ("25/07 09:00", "overdue"),
    ]
    harness.clock.set(at(7, 7, 14))
    await group.say(secretary, "/caidat morning 8")
    assert [p for p in await pending(harness, group.id, 1) if p[1] == "overdue"] == [
        ("08/07 08:00", "overdue"),
        ("11/07 08:00", "overdue"),
        ("18/07 08:00", "overdue"),
        ("25/07 08:00", "overdue"),
    ]


async def test_a_settings_change_keeps_a_snooze(harness: Harness, group: Group) -> None:
    """ "Remind me tomorrow" was asked by the person who answers for the task: a new morning
    hour re-plans the task's reminders but keeps it."""
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/viec @lan: gửi báo cáo ngày 13/7")  # a Wednesday
    await harness.at(at(12, 7))  # the day before (and Monday's digest)
    reminder = reminders_in(group)[-1]
    await harness.sandbox.click(group.id, lan["id"], reminder["message_id"], "snooze:1")
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    print(
        harness.sandbox.callback_answers[-1], reminder["text"], await pending(harness, group.id, 1)
    )
    assert ("13/07 09:00", "snooze") in await pending(harness, group.id, 1)
    harness.clock.set(at(12, 7, 10))
    await group.say(secretary, "/caidat quiet 22-6")
    plan = await pending(harness, group.id, 1)
    assert ("13/07 09:00", "snooze") in plan
    assert ("13/07 09:00", "due") not in plan  # put off by the snooze, it stays so
