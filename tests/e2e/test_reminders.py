"""Reminders end to end: planned at /task, sent by the engine through the sandbox, acted on."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot import telegram_calls
from bot.sandbox import Sandbox
from storage import UnitOfWork
from tests.e2e.conftest import Group, Harness

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, month: int, hour: int = 9, minute: int = 0, year: int = 2022) -> datetime:
    """An instant in Vietnam."""
    return datetime(year, month, day, hour, minute, tzinfo=VN)


async def pending(harness: Harness, chat_id: int, number: int) -> list[tuple[str, str]]:
    """The task's pending reminders as ("dd/mm HH:MM", kind), in Vietnam's time."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(chat_id)
        assert chat is not None
        task = await uow.tasks.get(chat.id, number)
        assert task is not None
        rows = await uow.reminders.pending_for_task(task.id)
    return [(f.astimezone(VN).strftime("%d/%m %H:%M"), k.value) for f, k in rows]


def reminders_in(group: Group) -> list[dict[str, Any]]:
    return [m for m in group.bot_messages() if m["text"].startswith("⏰ Nhắc việc")]


def sent_in(group: Group, header: str) -> list[str]:
    """The texts of the bot's messages that start with ``header`` (reminders, digests)."""
    return [m["text"] for m in group.bot_messages() if m["text"].startswith(header)]


def item_of(text: str, number: int) -> str:
    """The lines of task ``number`` in a reminder or a list."""
    [item] = [part for part in text.split("\n\n") if part.startswith(f"#{number} ")]
    return item


# What the bot understands and answers, per language: the commands, and the words of a reminder.
WORDS = {
    "vi": {
        "task": "/viec @lan:",
        "hall": "mở cửa hội trường 6h sáng mai",
        "friday": "gửi file 17h thứ 6",
        "in_2h": "gửi file ba 2 tiếng nữa",
        "monday": "in tài liệu 6h sáng 11/7",
        "sunday": "đặt xe 22h 10/7",
        "sunday_8pm": "thuê loa 20h 10/7",
        "reminder": "⏰ Nhắc việc",
        "digest": "📋",
        "overdue": "/ds quá hạn",
        "left_1": "còn 1 ngày",
        "tomorrow_6": "hạn lúc 06:00 ngày mai",
        "since": "đã quá hạn từ {}",
        "yesterday": "đã quá hạn từ {} hôm qua",
        "days_3": "đã quá hạn 3 ngày",
        "day_1": "1 ngày",
        "today": "hôm nay",
        "change": "/han 1 ",
        "asked": "Hạn mới cho #1",
        "ask": "/ghichu 1 ",
        "managers": "Chỉ thư ký hoặc quản trị viên",
        "past": "nộp hồ sơ 15/6/2022",
        "past_warning": "⚠️ Hạn này đã qua",
        "kept": "👍 Giữ nguyên hạn của việc #1 — Thư ký xác nhận.",
    },
    "en": {
        "task": "/task @lan:",
        "hall": "open the hall tomorrow 6am",
        "friday": "send the file 5pm Friday",
        "in_2h": "send file three in 2 hours",
        "monday": "print the papers 6am 11 July",
        "sunday": "book the bus 10pm 10 July",
        "sunday_8pm": "hire the speakers 8pm 10 July",
        "reminder": "⏰ Reminder",
        "digest": "📋",
        "overdue": "/tasks overdue",
        "left_1": "1 day left",
        "tomorrow_6": "due tomorrow at 06:00",
        "since": "overdue since {}",
        "yesterday": "overdue since {} yesterday",
        "days_3": "overdue by 3 days",
        "day_1": "1 day",
        "today": "today",
        "change": "/deadline 1 ",
        "asked": "New deadline for #1",
        "ask": "/note 1 ",
        "managers": "Only the secretary or an administrator",
        "past": "file the papers 15/6/2022",
        "past_warning": "⚠️ This deadline is in the past",
        "kept": "👍 Task #1's deadline is kept as it is — confirmed by Thư ký.",
    },
}


async def in_language(harness: Harness, group: Group, language: str) -> dict[str, str]:
    """Switch the group to ``language``; the words to use and to expect in it."""
    if language == "en":
        await group.say(harness.users["secretary"], "/lang en")
    return WORDS[language]


async def test_default_plan_sends_before_and_overdue_until_done(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/viec @lan: gửi đề xuất nhu cầu chuyển đổi số cuối tháng 7")
    # Due Sunday 31/07: 7 days and 1 day before fall on Sunday and Saturday, and go out on the
    # Fridays before; the overdue notices, with the Monday digests.
    assert await pending(harness, group.id, 1) == [
        ("22/07 09:00", "before"),
        ("29/07 09:00", "before"),
        ("01/08 09:00", "overdue"),
        ("08/08 09:00", "overdue"),
        ("15/08 09:00", "overdue"),
        ("22/08 09:00", "overdue"),
    ]
    assert await harness.at(at(22, 7, 8, 59)) == 0  # nothing before its time
    assert await harness.at(at(22, 7)) == 1
    [first] = reminders_in(group)
    assert "#1 gửi đề xuất nhu cầu chuyển đổi số" in first["text"]
    assert "còn 9 ngày" in first["text"]
    assert "gửi muộn" not in first["text"]
    assert any(e["type"] == "mention" for e in first.get("entities", []))  # @lan is notified
    assert await harness.remind() == 0  # sent once, not twice
    await harness.at(at(1, 8))
    overdue = reminders_in(group)[-1]
    assert "đã quá hạn 1 ngày" in overdue["text"]
    await harness.sandbox.click(group.id, lan["id"], overdue["message_id"], "done:1")
    await harness.sandbox.wait_for_calls("editMessageText")
    assert reminders_in(group)[-1]["text"].endswith("✅ Việc #1 đã xong — Lan Nguyễn đánh dấu.")
    assert await pending(harness, group.id, 1) == []
    assert await harness.at(at(30, 8)) == 0
    assert len(reminders_in(group)) == 3


async def test_reminders_due_the_same_minute_go_out_as_one_message(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    for what in ("in tài liệu", "đặt hội trường", "gửi giấy mời"):
        await group.say(secretary, f"/viec @lan: {what} thứ Hai tuần sau")
    # The day before Monday 11/07 is a Sunday: they go out on Friday.
    assert await harness.at(at(8, 7)) == 3
    # The morning of the day, the minute of the weekly digest: the three reminders are all it
    # would say, so they go out as they are (see test_settings_and_digest).
    assert await harness.at(at(11, 7)) == 3
    assert sent_in(group, "📋") == []
    [before, message] = reminders_in(group)
    assert "còn 3 ngày" in before["text"]
    for n, what in enumerate(("in tài liệu", "đặt hội trường", "gửi giấy mời"), start=1):
        assert f"#{n} {what}" in message["text"]
    assert "hạn là hôm nay" in message["text"]
    buttons = [
        b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row
    ]
    assert buttons == [
        "done:1",
        "snooze:1",
        "change:1",
        "done:2",
        "snooze:2",
        "change:2",
        "done:3",
        "snooze:3",
        "change:3",
    ]
    # Closing one task from the shared message leaves the others' buttons in place.
    lan = harness.users["lan"]
    await harness.sandbox.click(group.id, lan["id"], message["message_id"], "done:2")
    await harness.sandbox.wait_for_calls("editMessageText")
    keyboard = reminders_in(group)[-1]["reply_markup"]["inline_keyboard"]
    assert [b["callback_data"] for row in keyboard for b in row] == [
        "done:1",
        "snooze:1",
        "change:1",
        "done:3",
        "snooze:3",
        "change:3",
    ]


async def test_many_tasks_in_one_reminder_get_short_buttons_and_a_legend(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    for n in range(1, 6):
        await group.say(secretary, f"/viec @lan: việc số {n} thứ Hai tuần sau")
    await harness.at(at(10, 7))  # the day before Monday 11/07: one message for the five
    [message] = reminders_in(group)
    assert message["text"].endswith("📅 đổi hạn: /han 1 thứ Sáu")
    rows = [[b["text"] for b in row] for row in message["reply_markup"]["inline_keyboard"]]
    assert rows == [
        ["✅ #1", "⏰ #1", "✅ #2", "⏰ #2"],
        ["✅ #3", "⏰ #3", "✅ #4", "⏰ #4"],
        ["✅ #5", "⏰ #5"],
    ]
    await harness.sandbox.click(group.id, lan["id"], message["message_id"], "done:2")
    await harness.sandbox.wait_for_calls("editMessageText")
    edited = reminders_in(group)[-1]
    rows = [[b["text"] for b in row] for row in edited["reply_markup"]["inline_keyboard"]]
    assert rows == [["✅ #1", "⏰ #1"], ["✅ #3", "⏰ #3", "✅ #4", "⏰ #4"], ["✅ #5", "⏰ #5"]]


async def test_quiet_hours_move_a_reminder_to_the_morning(harness: Harness, group: Group) -> None:
    await group.say(harness.users["secretary"], "/viec @lan: mở cửa hội trường 8h sáng mai")
    # Two hours before 08:00 is 06:00, inside the quiet hours (21:00-07:00): it waits for 07:00.
    assert (await pending(harness, group.id, 1))[0] == ("08/07 07:00", "due")


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_an_early_morning_deadline_is_reminded_the_evening_before(
    harness: Harness, group: Group, language: str
) -> None:
    words = await in_language(harness, group, language)
    await group.say(harness.users["secretary"], f"{words['task']} {words['hall']}")
    # Two hours before 06:00 is in the quiet hours (21:00-07:00), and their end is past the
    # deadline: the reminder goes out in the last minute before they begin.
    assert (await pending(harness, group.id, 1))[0] == ("07/07 20:59", "before")
    assert await harness.at(at(7, 7, 20, 58)) == 0
    assert await harness.at(at(7, 7, 20, 59)) == 1
    [before] = sent_in(group, words["reminder"])
    # Nine hours before, not "1 day left": it says when it is due.
    assert words["tomorrow_6"] in before
    assert words["left_1"] not in before
    # The overdue notice, an hour after the deadline (the quiet hours held it back).
    assert await harness.at(at(8, 7, 7)) == 1
    overdue = sent_in(group, words["reminder"])[-1]
    assert words["since"].format("06:00") in overdue
    assert words["day_1"] not in overdue


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_overdue_notices_say_how_late_the_same_way_as_the_digest(
    harness: Harness, group: Group, language: str
) -> None:
    words = await in_language(harness, group, language)
    secretary = harness.users["secretary"]
    harness.clock.set(at(7, 7) + timedelta(seconds=18))
    for what in ("friday", "in_2h", "monday", "sunday", "sunday_8pm"):
        await group.say(secretary, f"{words['task']} {words[what]}")
    # #2 is due at 11:00:18; its overdue notice goes out in the minute 11:00, still ahead of
    # the deadline by 18 seconds: an overdue notice all the same.
    assert await harness.at(at(7, 7, 11) + timedelta(seconds=18)) == 1
    notice = item_of(sent_in(group, words["reminder"])[-1], 2)
    assert words["since"].format("11:00") in notice
    assert words["today"] not in notice
    # At the deadline's minute: overdue since then, not "by 1 day".
    await harness.at(at(8, 7, 17))
    notice = item_of(sent_in(group, words["reminder"])[-1], 1)
    assert words["since"].format("17:00") in notice
    assert words["day_1"] not in notice
    # A deadline of the evening before, and one of this morning.
    await harness.at(at(10, 7, 20))  # #5's notice, in its time
    await harness.at(at(11, 7, 7))
    notice = sent_in(group, words["reminder"])[-1]
    assert words["yesterday"].format("22:00") in item_of(notice, 4)
    assert words["since"].format("06:00") in item_of(notice, 3)
    # The Monday digest (09:00) says the same, and it counts calendar days once a day has
    # passed (17:00 on Friday is three days ago, as Friday is); it leaves out #3 and #4, just
    # reminded on their own (#5's went out at 20:00 yesterday).
    await harness.at(at(11, 7))
    [digest] = sent_in(group, words["digest"])
    assert [n for n in range(1, 6) if f"#{n} " in digest] == [1, 2, 5]
    assert words["yesterday"].format("20:00") in item_of(digest, 5)
    assert words["days_3"] in item_of(digest, 1)
    # /tasks overdue lists the same tasks as overdue.
    listed = await group.say(secretary, words["overdue"])
    assert [n for n in range(1, 6) if f"#{n} " in listed] == [1, 2, 3, 4, 5]


# Pairs of deadlines on the same day, one a date and one a time of that day.
SAME_DAYS = {
    "vi": {
        "task": "/viec @lan:",
        "digest": "📋",
        "deadlines": [
            "gửi file ngày 8/7",  # #1 Fri 8/7
            "gửi file 17h thứ 6",  # #2 Fri 8/7 17:00
            "đặt xe 10/7",  # #3 Sun 10/7
            "đặt xe 20h 10/7",  # #4 Sun 10/7 20:00
            "in tài liệu 12/7",  # #5 Tue 12/7
            "in tài liệu 17h 12/7",  # #6 Tue 12/7 17:00
        ],
        "overdue": "đã quá hạn {} ngày",
        "yesterday": "đã quá hạn từ {} hôm qua",
        "left": "còn {} ngày",
    },
    "en": {
        "task": "/task @lan:",
        "digest": "📋",
        "deadlines": [
            "send the file 8 July",
            "send the file 5pm Friday",
            "book the bus 10 July",
            "book the bus 8pm 10 July",
            "print the papers 12 July",
            "print the papers 5pm 12 July",
        ],
        "overdue": "overdue by {} days",
        "yesterday": "overdue since {} yesterday",
        "left": "{} day left",
    },
}


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_a_date_and_a_time_of_the_same_day_count_the_same_days(
    harness: Harness, group: Group, language: str
) -> None:
    await in_language(harness, group, language)
    words = SAME_DAYS[language]
    for deadline in words["deadlines"]:
        await group.say(harness.users["secretary"], f"{words['task']} {deadline}")
    await harness.at(at(11, 7))  # Monday: the weekly digest lists all six
    [digest] = sent_in(group, words["digest"])
    items = [item_of(digest, n) for n in range(1, 7)]
    # Friday, three days ago on the calendar, whether it was the day or 17:00 that day.
    assert words["overdue"].format(3) in items[0]
    assert words["overdue"].format(3) in items[1]
    # Sunday: a day ago; the time, 13 hours ago, says when rather than "1 day".
    assert words["overdue"].format(1).replace("days", "day") in items[2]
    assert words["yesterday"].format("20:00") in items[3]
    # Tuesday, tomorrow: a day left either way (32 hours before 17:00).
    assert words["left"].format(1) in items[4]
    assert words["left"].format(1) in items[5]
    # A week on, the same again: ten days since Friday for both. Their overdue notices go out
    # with the digest, the minute it does, and are all it would say: one message of them.
    await harness.at(at(18, 7))
    digest = group.bot_messages()[-1]["text"]
    assert words["overdue"].format(10) in item_of(digest, 1)
    assert words["overdue"].format(10) in item_of(digest, 2)
    assert words["overdue"].format(8) in item_of(digest, 3)
    assert words["overdue"].format(8) in item_of(digest, 4)


async def test_reminders_missed_while_down_are_sent_marked_late(
    harness: Harness, group: Group
) -> None:
    await group.say(harness.users["secretary"], "/tochuc them Hội Chữ thập đỏ")
    await group.say(harness.users["secretary"], "/viec Hội Chữ thập đỏ: nộp báo cáo 15/7")
    # 7 days and 1 day before were missed, and Monday's digest.
    assert await harness.at(at(16, 7, 8)) == 3
    messages = reminders_in(group)
    assert len(messages) == 2
    assert all("gửi muộn" in m["text"] for m in messages)
    assert "09:00 08/07/2022" in messages[0]["text"]
    assert "09:00 14/07/2022" in messages[1]["text"]


async def test_snooze_reminds_again_a_day_later(harness: Harness, group: Group) -> None:
    lan = harness.users["lan"]
    # Pressed on Saturday, a working day here (days off: see test_days_off).
    await group.say(harness.users["secretary"], "/caidat weekend tắt")
    await group.say(harness.users["secretary"], "/viec @lan: gọi cho Ban Thi đua thứ Bảy")
    await harness.at(at(9, 7))
    reminder = reminders_in(group)[-1]
    await harness.sandbox.click(group.id, lan["id"], reminder["message_id"], "snooze:1")
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    answer = harness.sandbox.callback_answers[-1]["text"]
    assert answer == "Sẽ nhắc lại việc #1 vào Chủ Nhật, 10/07/2022."
    # The overdue notice planned for the same minute is the reminder: no second one.
    assert await harness.at(at(10, 7, 9, 1)) == 1
    last = reminders_in(group)[-1]["text"]
    assert "đã quá hạn 1 ngày" in last
    assert last.count("#1 ") == 1


async def test_snoozing_twice_gives_one_reminder_tomorrow(harness: Harness, group: Group) -> None:
    lan = harness.users["lan"]
    private = harness.sandbox.add_private_chat(lan)
    await harness.sandbox.send_message(private["id"], lan["id"], "/start")
    await harness.sandbox.wait_for_bot_messages(private["id"])
    # Pressed on Saturday, a working day here (days off: see test_days_off).
    await group.say(harness.users["secretary"], "/caidat weekend tắt")
    await group.say(harness.users["secretary"], "/viec @lan: gửi báo cáo 3 ngày nữa")
    await harness.at(at(9, 7))  # the "1 day left" reminder
    reminder = reminders_in(group)[-1]
    for minute, presses in ((51, 1), (52, 2)):
        await harness.at(at(9, 7, 14, minute))
        await harness.sandbox.click(group.id, lan["id"], reminder["message_id"], "snooze:1")
        await harness.sandbox.wait_for_calls("answerCallbackQuery", count=presses)
    # The second press moved the first snooze; both superseded tomorrow morning's "due today".
    assert (await pending(harness, group.id, 1))[0] == ("10/07 14:52", "snooze")
    assert [when for when, kind in await pending(harness, group.id, 1) if kind != "overdue"] == [
        "10/07 14:52"
    ]
    assert await harness.at(at(10, 7, 15)) == 1
    assert len(reminders_in(group)) == 2
    copies = [m for m in harness.sandbox.transcript(private["id"]) if "Nhắc việc" in m["text"]]
    assert len(copies) == 2


async def test_a_snooze_does_not_silence_the_deadline_for_the_others(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/viec @lan @minh: gọi nhà in 20h tối nay")
    assert await harness.at(at(7, 7, 18)) == 1  # two hours before
    reminder = reminders_in(group)[-1]
    await harness.at(at(7, 7, 18, 36))
    await harness.sandbox.click(group.id, lan["id"], reminder["message_id"], "snooze:1")
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    assert await pending(harness, group.id, 1) == [
        ("07/07 20:00", "overdue"),
        ("08/07 18:36", "snooze"),
        ("11/07 09:00", "overdue"),  # then with the Monday digests
        ("18/07 09:00", "overdue"),
        ("25/07 09:00", "overdue"),
    ]
    assert await harness.at(at(7, 7, 20, 1)) == 1  # the group hears the deadline pass
    assert "đã quá hạn từ 20:00" in reminders_in(group)[-1]["text"]
    assert await harness.at(at(8, 7, 18, 37)) == 1  # and Lan is reminded the next day
    assert "@lan" in reminders_in(group)[-1]["text"]


async def test_remind_command_replans_open_tasks(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: chuẩn bị phòng họp 15h chiều nay")
    answer = await group.say(secretary, "/nhac 1h 10m")
    assert "1 giờ, 10 phút" in answer
    assert await pending(harness, group.id, 1) == [
        ("07/07 14:00", "due"),
        ("07/07 14:50", "due"),
        ("07/07 15:00", "overdue"),
        ("11/07 09:00", "overdue"),
        ("18/07 09:00", "overdue"),
        ("25/07 09:00", "overdue"),
    ]
    assert "Viết các mốc nhắc" in await group.say(secretary, "/nhac sớm thôi")
    worded = await group.say(secretary, "/nhac 1 ngay, 3 giờ và 30 phút")  # as people type it
    assert "1 ngày, 3 giờ, 30 phút" in worded
    assert "mặc định" in await group.say(secretary, "/nhac mặc định")
    assert (await pending(harness, group.id, 1))[0] == ("07/07 13:00", "due")


async def test_deadline_command_changes_and_replans(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: tổng hợp ý kiến góp ý cuối tháng 7")
    answer = await group.say(secretary, "/han 1 giữa tháng 9")
    assert "Hạn mới: Thứ Năm, 15/09/2022" in answer
    # 14 days before is 01/09, a National Day holiday in 2022: the day before it.
    assert (await pending(harness, group.id, 1))[0] == ("31/08 09:00", "before")
    assert "không có việc #7" in await group.say(secretary, "/han 7 mai")
    assert "Không hiểu «khi nào rảnh»" in await group.say(secretary, "/han 1 khi nào rảnh")
    assert "Viết số của việc và hạn mới" in await group.say(secretary, "/han 1")
    assert "không phải là ngày có thật" in await group.say(secretary, "/deadline 1 30/2")


async def test_a_past_deadline_is_asked_about_not_planned(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    [answer] = await group.say_all(secretary, "/viec @lan: nộp hồ sơ 15/6/2022")
    assert "Hạn này đã qua" in answer["text"]
    buttons = [b["callback_data"] for row in answer["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["keep:1", "change:1"]
    assert await pending(harness, group.id, 1) == []  # no reminder for a guess
    await harness.sandbox.click(group.id, secretary["id"], answer["message_id"], "change:1")
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    # The secretary is asked for the new deadline (tests/e2e/test_deadline_prompt.py).
    [asked] = await harness.sandbox.wait_for_bot_messages(
        group.id, after_message_id=answer["message_id"]
    )
    assert asked["text"].startswith("@thuky 📅 Hạn mới cho #1")
    await harness.sandbox.click(group.id, secretary["id"], answer["message_id"], "keep:1")
    await harness.sandbox.wait_for_calls("answerCallbackQuery", count=2)
    # Kept although past: overdue notices from the next morning, then with the Monday
    # digests, four at most.
    assert await pending(harness, group.id, 1) == [
        ("08/07 09:00", "overdue"),
        ("11/07 09:00", "overdue"),
        ("18/07 09:00", "overdue"),
        ("25/07 09:00", "overdue"),
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_the_change_button_says_what_the_presser_may_do(
    harness: Harness, group: Group, language: str
) -> None:
    words = await in_language(harness, group, language)
    secretary, lan, minh = (harness.users[u] for u in ("secretary", "lan", "minh"))
    await group.say(secretary, f"{words['task']} {words['friday']}")
    await harness.at(at(8, 7, 15))  # two hours before
    [reminder] = [m for m in group.bot_messages() if m["text"].startswith(words["reminder"])]

    async def press(user: dict[str, Any], count: int) -> str:
        await harness.sandbox.click(group.id, user["id"], reminder["message_id"], "change:1")
        await harness.sandbox.wait_for_calls("answerCallbackQuery", count=count)
        return str(harness.sandbox.callback_answers[-1]["text"])

    # The secretary may change it: they are asked for the new deadline, with no pop-up
    # (tests/e2e/test_deadline_prompt.py).
    assert await press(secretary, 1) == "None"
    [asked] = await harness.sandbox.wait_for_bot_messages(
        group.id, after_message_id=reminder["message_id"]
    )
    assert asked["text"].startswith(f"@thuky 📅 {words['asked']}")
    # Lan, its assignee, may not: who may, and how to ask them, with a command she may use.
    hint = await press(lan, 2)
    assert words["managers"] in hint
    assert words["ask"] in hint
    assert words["change"] not in hint
    noted = await group.say(lan, f"{words['ask']} xin lùi hạn sang thứ Hai")
    assert words["managers"] not in noted
    assert "#1" in noted
    # Minh answers for nothing: who may, and no command he would be refused.
    hint = await press(minh, 3)
    assert words["managers"] in hint
    assert "/" not in hint


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_keeping_a_past_deadline_takes_the_warning_out_of_the_message(
    harness: Harness, group: Group, language: str
) -> None:
    words = await in_language(harness, group, language)
    secretary = harness.users["secretary"]
    [answer] = await group.say_all(secretary, f"{words['task']} {words['past']}")
    assert words["past_warning"] in answer["text"]

    def shown() -> dict[str, Any]:
        [message] = [m for m in group.bot_messages() if m["message_id"] == answer["message_id"]]
        return message

    def buttons() -> list[str]:
        return [
            b["callback_data"] for row in shown()["reply_markup"]["inline_keyboard"] for b in row
        ]

    await harness.sandbox.click(group.id, secretary["id"], answer["message_id"], "keep:1")
    await harness.sandbox.wait_until(lambda: buttons() == ["done:1"])
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    kept = shown()["text"]
    assert words["past_warning"] not in kept
    assert kept.endswith("\n" + words["kept"])
    assert kept.startswith(answer["text"].split("\n")[0])  # the rest of the message stays
    # A second press (forged: the button is gone) says it once, still.
    await harness.sandbox.click(
        group.id, secretary["id"], answer["message_id"], "keep:1", forged=True
    )
    await harness.sandbox.wait_for_calls("editMessageText", count=2)
    assert shown()["text"] == kept


async def test_assignees_who_started_the_bot_also_get_it_privately(
    harness: Harness, group: Group
) -> None:
    lan, minh = harness.users["lan"], harness.users["minh"]
    private = harness.sandbox.add_private_chat(lan)
    await harness.sandbox.send_message(private["id"], lan["id"], "/start")
    await harness.sandbox.wait_for_bot_messages(private["id"])
    await group.say(harness.users["secretary"], "/tochuc them Hội Chữ thập đỏ")
    await group.say(harness.users["secretary"], "/viec @lan, Hội Chữ thập đỏ: nộp báo cáo ngày 9/7")
    offset = len("/viec ")
    await group.say(
        harness.users["secretary"],
        "/viec Minh: in tài liệu ngày 9/7",
        entities=[{"type": "text_mention", "offset": offset, "length": 4, "user": minh}],
    )
    await harness.at(at(8, 7))
    [copy] = [m for m in harness.sandbox.transcript(private["id"]) if "Nhắc việc" in m["text"]]
    assert copy["text"].startswith("⏰ Nhắc việc của bạn trong nhóm «Khối thi đua số 1»")
    assert "#1 nộp báo cáo" in copy["text"]
    assert "#2" not in copy["text"]  # Minh's task; Minh never started the bot
    assert len(reminders_in(group)) == 1  # the group still gets one message for both


async def start_private_chats(sandbox: Sandbox, *users: dict[str, Any]) -> None:
    """Each of ``users`` starts the bot in a private chat, so that it may write to them."""
    for user in users:
        private = sandbox.add_private_chat(user)
        await sandbox.send_message(private["id"], user["id"], "/start")
        await sandbox.wait_for_bot_messages(private["id"])


async def assign_by_mention(
    group: Group, secretary: dict[str, Any], user: dict[str, Any], text: str
) -> None:
    """``text``, a /viec whose first word after the command names ``user`` by a text mention
    (a member without a @username)."""
    length = len(text.split()[1].rstrip(":"))
    mention = {"type": "text_mention", "offset": len("/viec "), "length": length, "user": user}
    await group.say(secretary, text, entities=[mention])


@pytest.mark.parametrize(("how", "seen"), [("left", False), ("banned", True)])
async def test_whoever_left_the_group_gets_no_private_copy_until_they_are_back(
    harness: Harness, group: Group, how: str, seen: bool
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    lan, minh = harness.users["lan"], harness.users["minh"]
    await start_private_chats(sandbox, lan, minh)
    await group.say(secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    await group.say(secretary, "/tochuc lienhe CTĐ @lan")
    await group.say(secretary, "/viec @lan: nộp báo cáo ngày 10/7")
    await group.say(secretary, "/viec ctđ: gửi danh sách hội viên ngày 10/7")
    await assign_by_mention(group, secretary, minh, "/viec Minh: in tài liệu ngày 10/7")
    if seen:  # the bot has seen Lan in the group (a command), not only heard of her
        await group.say(lan, "/ds")
    if how == "banned":  # an administrator bans her: the group's note says she was removed
        await sandbox.set_member_status(group.id, lan, "kicked")
        await sandbox.service_message(group.id, secretary["id"], left_chat_member=lan["id"])
    else:
        await sandbox.service_message(group.id, lan["id"], left_chat_member=lan["id"])
    await group.say(secretary, "/ds")  # the group's updates are handled in order: the note first

    def copies(user: dict[str, Any]) -> list[str]:
        return [m["text"] for m in sandbox.transcript(user["id"]) if "⏰" in m["text"]]

    # The day before and the morning of Sunday's deadline, on Friday: the group is reminded of
    # the three tasks.
    await harness.at(at(8, 7))
    [reminder] = reminders_in(group)
    assert all(f"#{n} " in reminder["text"] for n in (1, 2, 3))
    assert copies(lan) == []  # neither as an assignee nor as the organisation's contact
    assert len(copies(minh)) == 1
    # She is back: the group's note says so, and her copies come again.
    await sandbox.set_member_status(group.id, lan, "left")  # a ban is lifted before she is added
    await sandbox.service_message(group.id, secretary["id"], new_chat_members=[lan["id"]])
    await group.say(secretary, "/ds")
    await harness.at(at(11, 7))  # overdue, on Monday
    [copy] = copies(lan)
    assert "#1 nộp báo cáo" in copy
    assert "#2 gửi danh sách hội viên" in copy


async def test_a_member_banned_unseen_gets_no_private_copy_and_is_recorded_as_gone(
    harness: Harness, group: Group, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Privacy mode may hide the group's note that a member was banned: before a private copy
    goes out, Telegram is asked where its addressee stands (remembered for a minute). One it
    says is out gets none and is recorded as gone, so later reminders leave her out without
    asking again; one it cannot be asked about gets none this time, and stays a member."""
    monkeypatch.setattr(telegram_calls, "BACKOFF", 0.0)  # Telegram's failures, retried at once
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    lan, minh = harness.users["lan"], harness.users["minh"]
    await start_private_chats(sandbox, lan, minh)
    await group.say(secretary, "/viec @lan: nộp báo cáo ngày 10/7")
    await assign_by_mention(group, secretary, minh, "/viec Minh: in tài liệu ngày 10/7")
    await sandbox.set_member_status(group.id, lan, "kicked")  # no note reaches the bot

    def copies(user: dict[str, Any]) -> list[str]:
        return [m["text"] for m in sandbox.transcript(user["id"]) if "⏰" in m["text"]]

    def asked(user: dict[str, Any]) -> int:
        return sum(
            method == "getChatMember" and int(params["user_id"]) == user["id"]
            for method, params in sandbox.calls
        )

    await harness.at(at(8, 7))  # Friday, before Sunday's deadline: both tasks
    [reminder] = reminders_in(group)
    assert "#1 nộp báo cáo" in reminder["text"]
    assert "#2 in tài liệu" in reminder["text"]
    assert copies(lan) == []
    assert len(copies(minh)) == 1
    assert (asked(lan), asked(minh)) == (1, 1)
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        gone = await uow.persons.gone_from([chat.id], [lan["id"], minh["id"]])
    assert gone == {chat.id: {lan["id"]}}
    # Monday's overdue notice: Telegram fails whenever asked about Minh; Lan is not asked about.
    sandbox.inject_fault("getChatMember", "500", times=4)
    await harness.at(at(11, 7))
    assert len(reminders_in(group)) == 2
    assert copies(lan) == []
    assert len(copies(minh)) == 1  # none this time
    assert (asked(lan), asked(minh)) == (1, 5)
    # Telegram answers again: Minh, still a member, gets his copy of the next overdue notice.
    await harness.at(at(18, 7))
    assert len(reminders_in(group)) == 3
    assert copies(lan) == []
    assert len(copies(minh)) == 2
    assert (asked(lan), asked(minh)) == (1, 6)


async def test_a_private_copy_speaks_the_language_of_its_private_chat(
    harness: Harness, group: Group
) -> None:
    lan, minh = harness.users["lan"], harness.users["minh"]
    for user in (lan, minh):  # Lan's Telegram is in Vietnamese, Minh's in English
        private = harness.sandbox.add_private_chat(user)
        await harness.sandbox.send_message(private["id"], user["id"], "/start")
        await harness.sandbox.wait_for_bot_messages(private["id"])
    [greeting] = harness.sandbox.transcript(minh["id"])[1:]
    assert greeting["text"].startswith("Hello")  # a new private chat starts in its user's
    await harness.sandbox.send_message(lan["id"], lan["id"], "/lang en")
    await harness.sandbox.wait_for_bot_messages(lan["id"])
    offset = len("/viec @lan, ")
    await group.say(
        harness.users["secretary"],
        "/viec @lan, Minh: nộp báo cáo ngày 9/7",
        entities=[{"type": "text_mention", "offset": offset, "length": 4, "user": minh}],
    )
    await harness.at(at(8, 7))
    assert reminders_in(group)  # the group's reminder in the group's language
    for user in (lan, minh):
        [copy] = [m for m in harness.sandbox.transcript(user["id"]) if "⏰" in m["text"]]
        assert copy["text"].startswith("⏰ Reminder of your tasks in the group “Khối thi đua số 1”")


async def test_organisations_are_reminded_through_their_contact_persons(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    assert "chưa gặp @hoa" in await group.say(secretary, "/tochuc lienhe CTĐ @hoa")
    assert "chưa có tổ chức «Hội Nông dân»" in await group.say(
        secretary, "/tochuc lienhe Hội Nông dân @lan"
    )
    assert "Viết <code>" not in await group.say(secretary, "/tochuc lienhe CTĐ")
    # Lan starts the bot in private: the bot now knows who @lan is, and may write to her.
    private = harness.sandbox.add_private_chat(lan)
    await harness.sandbox.send_message(private["id"], lan["id"], "/start")
    await harness.sandbox.wait_for_bot_messages(private["id"])
    answer = await group.say(secretary, "/tochuc lienhe CTĐ @lan")
    assert answer.startswith("🔗 @lan là người liên hệ của Hội Chữ thập đỏ: nhắc việc của tổ chức")
    recorded = await group.say(secretary, "/viec ctđ: gửi danh sách hội viên ngày 9/7")
    assert "Giao cho: Hội Chữ thập đỏ (@lan)" in recorded
    await harness.at(at(8, 7))
    [reminder] = reminders_in(group)
    assert "👤 Hội Chữ thập đỏ (@lan)" in reminder["text"]
    assert any(e["type"] == "mention" for e in reminder.get("entities", []))
    [copy] = [m for m in harness.sandbox.transcript(private["id"]) if "Nhắc việc" in m["text"]]
    assert "#1 gửi danh sách hội viên" in copy["text"]
