"""Days off end to end: nothing goes out on Saturday, Sunday or a public holiday; what fell
there goes out on a working day; /settings changes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.e2e.conftest import Group, Harness
from tests.e2e.test_reminders import VN, at, item_of, pending, reminders_in, sent_in


def on(day: int, month: int, year: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=VN)


def buttons(message: dict[str, Any]) -> list[str]:
    return [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


async def test_a_task_due_friday_is_overdue_on_monday_not_saturday(
    harness: Harness, group: Group
) -> None:
    await group.say(harness.users["secretary"], "/viec @lan: nộp báo cáo ngày 8/7")
    assert await harness.at(at(8, 7)) == 1  # Friday: due today
    assert await harness.at(at(9, 7, 20)) == 0  # Saturday
    assert await harness.at(at(10, 7, 20)) == 0  # Sunday
    assert await harness.at(at(11, 7)) == 1  # Monday, with the digest's minute
    [_, overdue] = reminders_in(group)
    assert "đã quá hạn 3 ngày" in item_of(overdue["text"], 1)


async def test_an_overdue_task_is_not_pinged_the_day_after_the_digest(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: nộp báo cáo ngày 11/7")
    await harness.at(at(12, 7))  # due Monday, overdue from Tuesday
    await group.say(secretary, "/viec @lan: in giấy mời ngày 21/7")  # next week's
    await harness.at(at(15, 7))  # its reminder 7 days before
    seen = len(group.bot_messages())
    # Monday: the digest lists both, #1 in the words of its overdue notice, which goes out in it.
    await harness.at(at(18, 7))
    [digest] = [m["text"] for m in group.bot_messages()[seen:]]
    assert digest.startswith("📋 Bản tin tuần")
    assert "đã quá hạn 7 ngày" in item_of(digest, 1)
    assert "còn 3 ngày" in item_of(digest, 2)
    # Tuesday: nothing more about #1 (its notices were on Tuesdays).
    assert await harness.at(at(19, 7, 20)) == 0


async def test_the_digest_counts_the_tasks_whose_overdue_notices_are_over(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: nộp báo cáo ngày 8/7")
    for day, month in ((11, 7), (18, 7), (25, 7), (1, 8)):  # the four overdue notices
        await harness.at(at(day, month))
    notices = [m for m in reminders_in(group) if "quá hạn" in m["text"]]
    assert len(notices) == 4
    await group.say(secretary, "/viec @lan: in giấy mời ngày 10/8")
    await harness.at(at(8, 8))
    digest = sent_in(group, "📋")[-1]
    assert "#1 " not in digest  # 31 days overdue: not listed again
    assert "#2 in giấy mời" in digest
    assert "📌 Còn 1 việc quá hạn lâu, đã nhắc đủ 4 lần: xem /ds quá hạn" in digest
    assert "#1 nộp báo cáo" in await group.say(secretary, "/ds quá hạn")


async def test_nothing_goes_out_during_tet_and_the_monday_digest_waits_for_it_to_end(
    harness: Harness, group: Group
) -> None:
    # Monday 01/02/2027: Tết Đinh Mùi is Saturday 06/02; the days off run from 04/02 to 10/02.
    harness.clock.set(on(1, 2, 2027, 8))
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: chốt danh sách ngày 3/2")
    await group.say(secretary, "/viec @lan: gửi báo cáo ngày 13/2")
    await harness.at(on(3, 2, 2027))
    seen = len(group.bot_messages())
    for day in range(4, 11):  # Thursday 04/02 to Wednesday 10/02, Mùng 3 Tết the Monday
        assert await harness.at(on(day, 2, 2027, 20)) == 0, day
    assert group.bot_messages()[seen:] == []
    # Thursday 11/02, the first working day: the week's digest, with #1's overdue notice.
    await harness.at(on(11, 2, 2027))
    [digest] = [m["text"] for m in group.bot_messages()[seen:]]
    assert digest.startswith("📋 Bản tin tuần")
    assert "đã quá hạn 8 ngày" in item_of(digest, 1)
    assert "còn 2 ngày" in item_of(digest, 2)
    # #2's last reminder, due Saturday, goes out on Friday; the next digest on Monday 15/02.
    assert await pending(harness, group.id, 2) == [
        ("12/02 09:00", "before"),
        ("15/02 09:00", "overdue"),
        ("22/02 09:00", "overdue"),
        ("01/03 09:00", "overdue"),
        ("08/03 09:00", "overdue"),
    ]


async def test_days_off_are_changed_with_buttons_and_words(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: nộp báo cáo ngày 8/7")
    [shown] = await group.say_all(secretary, "/caidat")
    line = "🏖 Ngày nghỉ (không nhắc, dời sang ngày làm việc): "
    assert f"{line}thứ Bảy, Chủ nhật, ngày lễ VN" in shown["text"]
    assert {"set:weekend", "set:holidays"} <= set(buttons(shown))
    assert (await pending(harness, group.id, 1))[1] == ("11/07 09:00", "overdue")

    async def press(data: str, count: int) -> str:
        await harness.sandbox.click(group.id, secretary["id"], shown["message_id"], data)
        await harness.sandbox.wait_for_calls("editMessageText", count=count)
        return str(
            next(m for m in group.bot_messages() if m["message_id"] == shown["message_id"])["text"]
        )

    assert f"{line}ngày lễ VN" in await press("set:weekend", 1)
    # Saturday is a working day now: the overdue notice is re-planned to it.
    assert (await pending(harness, group.id, 1))[1] == ("09/07 09:00", "overdue")
    assert f"{line}không có (nhắc cả cuối tuần và ngày lễ)" in await press("set:holidays", 2)
    assert f"{line}ngày lễ VN" in await press("set:holidays", 3)  # back on, Vietnam's
    # Typed: another country's holidays, or none; weekends on or off.
    assert f"{line}ngày lễ TH" in await group.say(secretary, "/caidat holidays th")
    assert f"{line}thứ Bảy, Chủ nhật, ngày lễ TH" in await group.say(
        secretary, "/caidat weekend bật"
    )
    assert (await pending(harness, group.id, 1))[1] == ("11/07 09:00", "overdue")
    assert "không phải mã một nước" in await group.say(secretary, "/caidat holidays Mars")
    assert "không phải bật hay tắt" in await group.say(secretary, "/caidat weekend thỉnh thoảng")
    assert f"{line}thứ Bảy, Chủ nhật" in await group.say(secretary, "/caidat holidays tắt")
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/settings holidays VN")
    assert "🏖 Days off (no reminders, moved to a working day): Saturday, Sunday, " in answer
    assert "public holidays of VN" in answer
    assert "is not the code of a country" in await group.say(secretary, "/settings holidays x")
    # Members see the days off too, without buttons.
    assert "Saturday, Sunday" in await group.say(harness.users["lan"], "/settings")


@pytest.mark.parametrize(
    ("weekends", "due", "again", "day"),
    [
        # Saturday and Sunday off: the snooze waits for Monday's morning hour, and is the
        # task's reminder of that minute (its "due today" reminder goes, as a snooze's does).
        ("bật", "ngày 11/7", ("11/07 09:00", "snooze"), "Thứ Hai, 11/07/2022"),
        # worked: Saturday, a day later
        ("tắt", "ngày 9/7", ("09/07 09:10", "snooze"), "Thứ Bảy, 09/07/2022"),
    ],
    ids=["weekends-off", "weekends-worked"],
)
async def test_a_snooze_pressed_on_friday_waits_for_the_next_working_day(
    harness: Harness, group: Group, weekends: str, due: str, again: tuple[str, str], day: str
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, f"/caidat weekend {weekends}")
    await group.say(secretary, f"/viec @lan: gửi báo cáo {due}")
    assert await harness.at(at(8, 7)) == 1  # Friday: the day before (or the last working one)
    [friday] = reminders_in(group)
    await harness.at(at(8, 7, 9, 10))
    await harness.sandbox.click(group.id, lan["id"], friday["message_id"], "snooze:1")
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    # The pop-up names the day it comes back, not "in a day".
    assert harness.sandbox.callback_answers[-1]["text"] == f"Sẽ nhắc lại việc #1 vào {day}."
    [first, *rest] = await pending(harness, group.id, 1)
    assert first == again
    assert "snooze" not in [kind for _, kind in rest]
    if weekends == "bật":
        assert await harness.at(at(9, 7, 20)) == 0  # Saturday
        assert await harness.at(at(10, 7, 20)) == 0  # Sunday
        seen = len(group.bot_messages())
        await harness.at(at(11, 7))
        [monday] = [m["text"] for m in group.bot_messages()[seen:]]  # one message, Monday's
        assert "#1 gửi báo cáo" in monday
    else:
        assert await harness.at(at(9, 7, 9, 10)) == 1
        assert "#1 gửi báo cáo" in reminders_in(group)[-1]["text"]


async def test_a_snooze_that_days_off_would_put_past_the_deadline_leaves_its_reminders(
    harness: Harness, group: Group
) -> None:
    """Pressed on a Friday for a deadline of Monday 08:00: Monday's snooze would come after it,
    and put off Monday morning's reminder; the task's own reminders stay instead."""
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, "/viec @lan: gửi báo cáo 8h thứ Hai 11/7")
    assert await harness.at(at(8, 7)) == 1  # Friday: the last working day before
    [friday] = reminders_in(group)
    before = await pending(harness, group.id, 1)
    await harness.at(at(8, 7, 9, 10))
    await harness.sandbox.click(group.id, lan["id"], friday["message_id"], "snooze:1")
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    assert await pending(harness, group.id, 1) == before
    assert before[0][0].startswith("11/07")
    assert before[0][1] != "overdue"
    answer = harness.sandbox.callback_answers[-1]["text"]
    assert answer == "Sẽ nhắc lại việc #1 vào Thứ Hai, 11/07/2022."
