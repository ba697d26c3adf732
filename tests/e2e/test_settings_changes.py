"""``/settings`` changed by text: typed values are obeyed (not stepped through like the
buttons), and a value not understood is answered with how to say it."""

from __future__ import annotations

from tests.e2e.conftest import Group, Harness


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
