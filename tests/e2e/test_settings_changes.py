"""``/settings`` changed by text: typed values are obeyed (not stepped through like the
buttons), a value not understood is answered with how to say it, and the card says what it
shows (the plan, without claiming a re-planning; whose settings, in a private chat)."""

from __future__ import annotations

from tests.e2e.conftest import Group, Harness
from tests.e2e.test_private_group import private


async def test_typed_values_are_obeyed_vi(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    assert "Bản tin thứ Hai 08:00: tắt" in await group.say(secretary, "/caidat digest off")
    assert "Bản tin thứ Hai 08:00: tắt" in await group.say(secretary, "/caidat digest tắt")
    assert "Bản tin thứ Hai 08:00: bật" in await group.say(secretary, "/caidat digest on")
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
    assert "/caidat quiet off" in await group.say(secretary, "/caidat màu xanh")


async def test_typed_values_are_obeyed_en_and_buttons_still_cycle(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    assert "Monday 08:00 digest: off" in await group.say(secretary, "/settings digest off")
    assert "Monday 08:00 digest: off" in await group.say(secretary, "/settings digest off")
    [shown] = await group.say_all(secretary, "/settings quiet 23-6")
    assert "Quiet hours (no reminders): 23:00–06:00" in shown["text"]
    refused = await group.say(secretary, "/settings quiet soon")
    assert "“soon” is not a range of quiet hours" in refused
    assert "/settings quiet off" in refused
    assert "(“maybe” is neither)" in await group.say(secretary, "/settings digest maybe")
    await harness.sandbox.click(group.id, secretary["id"], shown["message_id"], "set:digest")
    await harness.sandbox.wait_for_calls("editMessageText")
    edited = next(m for m in group.bot_messages() if m["message_id"] == shown["message_id"])
    assert "Monday 08:00 digest: on" in edited["text"]  # the button still turns it around
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
