"""The weekly digest and the chat's settings, changed with buttons."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.e2e.conftest import Group, Harness
from tests.e2e.test_reminders import at, item_of, pending, reminders_in


def digests_in(group: Group) -> list[dict[str, Any]]:
    return [m for m in group.bot_messages() if m["text"].startswith("📋 Bản tin tuần")]


def buttons(message: dict[str, Any]) -> list[str]:
    return [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def test_monday_digest_lists_this_weeks_and_overdue_tasks(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: in tài liệu ngày 8/7")
    await group.say(secretary, "/viec @lan: đặt phòng thứ Tư tuần sau")
    await group.say(secretary, "/viec @lan: gửi thư mời ngày 20/7")
    await harness.at(at(11, 7))  # Monday, at the morning hour
    [digest] = digests_in(group)
    assert "#1 in tài liệu" in digest["text"]
    assert "đã quá hạn 3 ngày" in digest["text"]
    assert "#2 đặt phòng" in digest["text"]
    assert "còn 2 ngày" in digest["text"]
    assert "#3" not in digest["text"]
    assert await harness.at(at(18, 7)) >= 1
    assert len(digests_in(group)) == 2  # every Monday


async def test_a_digest_sent_after_server_errors_plans_one_digest_for_next_week(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: đặt phòng thứ Tư tuần sau")
    # Each sending of the digest fails (four tries each): it is claimed three times over.
    harness.sandbox.inject_fault("sendMessage", "502", times=8)
    for minute in range(4):
        await harness.at(at(11, 7, 9, minute))
    assert len(digests_in(group)) == 1
    # Due next week: the digest says more than the overdue notice of #1 that goes out with it.
    await group.say(secretary, "/viec @lan: in tài liệu ngày 21/7")
    await harness.at(at(18, 7))
    assert len(digests_in(group)) == 2  # one digest next Monday, not one per try


async def test_settings_buttons_change_the_plan(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo cuối tháng 7")
    [shown] = await group.say_all(secretary, "/caidat")
    assert "Giờ nhắc buổi sáng: 09:00" in shown["text"]
    assert "Bản tin thứ Hai lúc 09:00: bật" in shown["text"]
    assert "set:morning:+1" in buttons(shown)
    await harness.sandbox.click(group.id, secretary["id"], shown["message_id"], "set:morning:-1")
    await harness.sandbox.wait_for_calls("editMessageText")
    edited = next(m for m in group.bot_messages() if m["message_id"] == shown["message_id"])
    assert "Giờ nhắc buổi sáng: 08:00" in edited["text"]
    # Re-planned: 7 days before Sunday 31/07 is a Sunday, the reminder goes out on Friday.
    assert (await pending(harness, group.id, 1))[0] == ("22/07 08:00", "before")
    await harness.sandbox.click(group.id, secretary["id"], shown["message_id"], "set:digest")
    await harness.sandbox.wait_for_calls("editMessageText", count=2)
    await harness.at(at(18, 7, 9))
    assert digests_in(group) == []  # turned off before the first Monday
    assert "Asia/Bangkok" in await group.say(secretary, "/caidat tz Asia/Bangkok")
    assert "không phải múi giờ" in await group.say(secretary, "/caidat tz Mars/Olympus")
    answer = await group.say(secretary, "/settings lang en")
    assert "Group settings" in answer
    assert "Language: English" in answer


async def test_quiet_hours_cycle_and_can_be_turned_off(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    [shown] = await group.say_all(secretary, "/caidat")
    assert "Giờ yên lặng (không nhắc): 21:00–07:00" in shown["text"]
    for count, expected in ((1, "22:00–06:00"), (2, "20:00–08:00"), (3, "không có")):
        await harness.sandbox.click(group.id, secretary["id"], shown["message_id"], "set:quiet")
        await harness.sandbox.wait_for_calls("editMessageText", count=count)
        edited = next(m for m in group.bot_messages() if m["message_id"] == shown["message_id"])
        assert f"Giờ yên lặng (không nhắc): {expected}" in edited["text"]
    # Without quiet hours, two hours before 08:00 is 06:00 indeed.
    await group.say(secretary, "/viec @lan: mở cửa hội trường 8h sáng mai")
    assert (await pending(harness, group.id, 1))[0] == ("08/07 06:00", "due")
    assert reminders_in(group) == []


async def test_the_digest_takes_in_the_reminders_of_its_minute_and_leaves_out_those_just_sent(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: in tài liệu thứ Hai tuần sau")
    await group.say(secretary, "/viec @lan: mở cửa hội trường 8h thứ Hai tuần sau")
    await group.say(secretary, "/viec @lan: đặt phòng thứ Tư tuần sau")
    assert await harness.at(at(10, 7, 20)) == 2  # the day before #1 and #2
    assert await harness.at(at(11, 7, 7)) == 1  # #2, two hours before the digest
    await group.say(secretary, "/viec @lan: gọi nhà in 13h hôm nay")
    mondays = [
        [when for when, _kind in await pending(harness, group.id, n) if when.startswith("11/07")]
        for n in (1, 2, 3, 4)
    ]
    assert mondays == [["11/07 09:00"], ["11/07 08:00"], [], ["11/07 11:00", "11/07 13:00"]]
    assert await harness.at(at(11, 7, 8)) == 1  # #2 is overdue
    # The digest goes out at the morning hour, 09:00, with #1's reminder of that minute in
    # it: one message, #1 in its reminder's words. It leaves out #2, just reminded; #4's
    # reminder at 11:00 is still to come, and could yet be dropped: it is listed.
    reminded = len(reminders_in(group))
    assert await harness.at(at(11, 7, 9)) == 2  # the digest and #1's reminder, together
    [digest] = digests_in(group)
    assert [n for n in range(1, 5) if f"#{n} " in digest["text"]] == [1, 3, 4]
    assert "hạn là hôm nay" in item_of(digest["text"], 1)
    assert {"done:1", "snooze:1", "change:1"} <= set(buttons(digest))
    assert len(reminders_in(group)) == reminded  # nothing else at 09:00
    assert await harness.at(at(11, 7, 11)) == 1  # #4's own, as planned
    assert "#4 gọi nhà" in reminders_in(group)[-1]["text"]


async def test_a_member_sees_the_settings_without_buttons_in_both_languages(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    [shown] = await group.say_all(lan, "/caidat")  # Lan is a member: she can only read them
    assert "Giờ nhắc buổi sáng: 09:00" in shown["text"]
    assert shown["text"].endswith(
        "🔒 Chỉ quản trị viên của nhóm và thư ký do họ chỉ định mới thay đổi được các cài đặt này."
    )
    assert "reply_markup" not in shown
    [managed] = await group.say_all(secretary, "/caidat")  # the administrator: the buttons
    assert "set:morning:+1" in buttons(managed)
    assert "🔒" not in managed["text"]
    await group.say(secretary, "/settings lang en")
    [shown] = await group.say_all(lan, "/settings")
    assert "Morning reminder hour: 09:00" in shown["text"]
    assert shown["text"].endswith(
        "🔒 Only the group's administrators and the secretaries they name can change these "
        "settings."
    )
    assert "reply_markup" not in shown
    await group.say(secretary, "/secretary add @lan")
    [named] = await group.say_all(lan, "/settings")  # a secretary now: the buttons
    assert "set:digest" in buttons(named)


@pytest.mark.parametrize(
    ("when", "change"),
    [
        ((8, 30), "morning 8"),  # the reviewer's case: 09:00 becomes 08:00, already past
        ((8, 30), "morning 10"),
        ((8, 30), "quiet 22-10"),
        ((8, 30), "tz Asia/Tokyo"),  # 10:30 there: Monday's morning has passed
        ((8, 30), "digest off"),
        ((9, 30), "morning 8"),
        ((9, 30), "tz Asia/Tokyo"),
        ((8, 30), "snooze"),  # ⏰ on yesterday's reminder: its 09:00 one goes, tomorrow's comes
    ],
)
async def test_a_task_due_in_the_digests_week_is_never_left_without_a_message(
    harness: Harness, group: Group, when: tuple[int, int], change: str
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: in tài liệu thứ Hai tuần sau")
    await harness.at(at(10, 7, 20))  # the day before
    seen = len(group.bot_messages())
    changed = at(11, 7, *when)
    hours = [at(11, 7, hour) for hour in (7, 8, 9, 10)]
    for instant in [t for t in hours if t < changed]:
        await harness.at(instant)
    harness.clock.set(changed)
    if change == "snooze":
        lan, [*_, yesterday] = harness.users["lan"], reminders_in(group)
        await harness.sandbox.click(group.id, lan["id"], yesterday["message_id"], "snooze:1")
        await harness.sandbox.wait_for_calls("answerCallbackQuery")
    else:
        await group.say(secretary, f"/caidat {change}")
    for instant in [t for t in hours if t > changed] + [at(11, 7, 23, 59)]:
        await harness.at(instant)
    # Monday, its due day, brought at least one message about it, whatever changed when.
    about = [
        m["text"]
        for m in group.bot_messages()[seen:]
        if m["text"].startswith(("📋", "⏰")) and "#1 in tài liệu" in m["text"]
    ]
    assert about != []


async def test_the_private_copy_of_the_digest_is_titled_as_a_digest(
    harness: Harness, group: Group
) -> None:
    lan, minh = harness.users["lan"], harness.users["minh"]
    for user in (lan, minh):  # Lan's Telegram is in Vietnamese, Minh's in English
        private = harness.sandbox.add_private_chat(user)
        await harness.sandbox.send_message(private["id"], user["id"], "/start")
        await harness.sandbox.wait_for_bot_messages(private["id"])
    offset = len("/viec @lan, ")
    await group.say(
        harness.users["secretary"],
        "/viec @lan, Minh: đặt phòng ngày 13/7",
        entities=[{"type": "text_mention", "offset": offset, "length": 4, "user": minh}],
    )
    assert await harness.at(at(11, 7)) == 1  # Monday: the digest, and no reminder beside it
    assert len(digests_in(group)) == 1
    titles = {
        user["first_name"]: [
            m["text"].split("\n")[0] for m in harness.sandbox.transcript(user["id"])
        ]
        for user in (lan, minh)
    }
    assert titles["Lan"][-1] == (
        "📋 Bản tin tuần của bạn trong nhóm «Khối thi đua số 1»: việc đến hạn trong tuần này và "
        "việc quá hạn"
    )
    assert titles["Minh"][-1] == (
        "📋 Weekly digest of your tasks in the group “Khối thi đua số 1”: due this week or overdue"
    )


@pytest.mark.parametrize(
    ("due", "day", "change"),
    [
        ("thứ Hai tuần sau", 11, "morning 8"),  # Monday: the digest, the task's reminder in it
        ("thứ Hai tuần sau", 11, "quiet 22-8"),
        ("thứ Ba tuần sau", 12, "morning 8"),  # Tuesday: the task's reminder alone
        ("thứ Ba tuần sau", 12, "quiet 22-8"),
    ],
)
async def test_a_setting_changed_while_a_due_reminder_waits_for_its_retry_keeps_it(
    harness: Harness, group: Group, due: str, day: int, change: str
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, f"/viec @lan: in tài liệu {due}")
    await harness.at(at(day - 1, 7, 20))  # the day before
    seen = len(group.bot_messages())
    # The morning's sending fails (four tries: the request layer retries a 5xx three times),
    # and waits ten seconds for its retry; the change comes in between.
    harness.sandbox.inject_fault("sendMessage", "502", times=4)
    await harness.at(at(day, 7, 9))
    assert group.bot_messages()[seen:] == []
    harness.clock.set(at(day, 7, 9) + timedelta(seconds=5))
    await group.say(secretary, f"/caidat {change}")
    for instant in (at(day, 7, 9, 1), at(day, 7, 10), at(day, 7, 23, 59)):
        await harness.at(instant)
    # The due day brought its message about the task, once: the one being retried.
    about = [
        m["text"]
        for m in group.bot_messages()[seen:]
        if m["text"].startswith(("📋", "⏰")) and "#1 in tài liệu" in m["text"]
    ]
    assert len(about) == 1


@pytest.mark.parametrize("retried", [True, False])
async def test_a_morning_hour_set_later_on_monday_does_not_send_the_weeks_digest_twice(
    harness: Harness, group: Group, retried: bool
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: đặt phòng thứ Tư tuần sau")
    # Due the week after: next week's digest says more than the overdue notice of #1 in it.
    await group.say(secretary, "/viec @lan: gửi thư mời ngày 21/7")
    if retried:  # the digest's sending fails, and waits ten seconds for its retry
        harness.sandbox.inject_fault("sendMessage", "502", times=4)
    await harness.at(at(11, 7, 9))
    assert len(digests_in(group)) == (0 if retried else 1)
    harness.clock.set(at(11, 7, 9) + timedelta(seconds=5))
    await group.say(secretary, "/caidat morning 10")  # Monday's 10:00 is still to come
    for instant in (at(11, 7, 9, 1), at(11, 7, 10), at(11, 7, 23, 59)):
        await harness.at(instant)
    assert len(digests_in(group)) == 1  # this week's went out (or is on its way) at 09:00
    await harness.at(at(18, 7, 10))
    assert len(digests_in(group)) == 2  # next week's, at the new hour
