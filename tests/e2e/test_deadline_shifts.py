"""``/deadline`` moves the deadline a task has ("lùi 1 tuần", "+3d", "push 1 week"), keeping
what it said (a day, a time, the end of a month): the QA pass of a secretary typing on her
phone, who had to work the new date out herself."""

from __future__ import annotations

from tests.e2e.conftest import Group, Harness
from tests.e2e.test_deadline_alternative import HOLD_VI
from tests.e2e.test_task_edits import buttons, pending, task_of


def moved(number: int, title: str, new: str, text: str, before: str) -> str:
    return f"📅 Việc #{number} {title}\nHạn mới: {new} (từ «{text}»), trước đây: {before}"


async def test_han_moves_the_deadline_a_task_has(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo trước 15/8")
    steps = [
        ("lùi 1 tuần", "Thứ Hai, 22/08/2022", "Thứ Hai, 15/08/2022"),
        ("thêm 1 tuần", "Thứ Hai, 29/08/2022", "Thứ Hai, 22/08/2022"),
        ("gia hạn 1 tuần", "Thứ Hai, 05/09/2022", "Thứ Hai, 29/08/2022"),
        ("dời 3 ngày", "Thứ Năm, 08/09/2022", "Thứ Hai, 05/09/2022"),
        ("+1 tuần", "Thứ Năm, 15/09/2022", "Thứ Năm, 08/09/2022"),
        ("sớm hơn 2 ngày", "Thứ Ba, 13/09/2022", "Thứ Năm, 15/09/2022"),
        ("lui lai 1 tuan", "Thứ Ba, 20/09/2022", "Thứ Ba, 13/09/2022"),
    ]
    for text, new, before in steps:
        answer = await group.say(secretary, f"/han 1 {text}")
        assert answer == moved(1, "gửi báo cáo", new, text, before)
    # A move keeps the deadline a day, confirmed, and plans its reminders again from it.
    task = await task_of(harness, group, 1)
    assert (task.due is not None and task.due.precision, task.due_confirmed) == ("day", True)
    assert ("19/09 09:00", "before") in await pending(harness, task)
    # A polite tail is no part of the move.
    answer = await group.say(secretary, "/han 1 gia hạn thêm 1 tuần nhé chị")
    assert answer == moved(
        1, "gửi báo cáo", "Thứ Ba, 27/09/2022", "gia hạn thêm 1 tuần", "Thứ Ba, 20/09/2022"
    )


async def test_a_move_keeps_a_time_and_the_end_of_a_month(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: họp chuẩn bị 17h thứ 6")
    answer = await group.say(secretary, "/han 1 +3d")
    assert answer == moved(
        1, "họp chuẩn bị", "Thứ Hai, 11/07/2022 17:00", "+3d", "Thứ Sáu, 08/07/2022 17:00"
    )
    answer = await group.say(secretary, "/han 1 lùi 2 tiếng")
    assert answer == moved(
        1, "họp chuẩn bị", "Thứ Hai, 11/07/2022 19:00", "lùi 2 tiếng", "Thứ Hai, 11/07/2022 17:00"
    )
    await group.say(secretary, "/viec @lan: khảo sát nhu cầu cuối tháng 8")
    answer = await group.say(secretary, "/han 2 lùi 1 tháng")
    assert answer == moved(
        2, "khảo sát nhu cầu", "Thứ Sáu, 30/09/2022", "lùi 1 tháng", "Thứ Tư, 31/08/2022"
    )


async def test_a_move_without_a_deadline_or_a_time_is_refused(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: đặt phòng họp")
    answer = await group.say(secretary, "/han 1 lùi 1 tuần")
    assert answer == (
        "Việc #1 chưa có hạn nên không lùi hay dời được. Hãy ghi ngày cụ thể, ví dụ "
        "/han 1 15/8 hoặc /han 1 thứ Sáu tuần sau."
    )
    assert (await task_of(harness, group, 1)).due is None
    await group.say(secretary, "/viec @lan: gửi báo cáo trước 15/8")
    answer = await group.say(secretary, "/han 2 lùi 2 tiếng")
    assert answer.startswith("Hạn của việc #2 chỉ có ngày, không có giờ")
    # Moved into the past, it is asked about, with the buttons.
    [asked] = await group.say_all(secretary, "/han 2 sớm hơn 60 ngày")
    assert asked["text"] == (
        moved(2, "gửi báo cáo", "Thứ Năm, 16/06/2022", "sớm hơn 60 ngày", "Thứ Hai, 15/08/2022")
        + "\n⚠️ Hạn này đã qua. Hãy kiểm tra lại."
        + HOLD_VI
    )
    assert buttons(asked) == ["keep:2", "change:2"]


async def test_english_moves(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    await group.say(secretary, "/task @lan: send the report by 15/8")
    steps = [
        ("push 1 week", "Mon 22 Aug 2022", "Mon 15 Aug 2022"),
        ("extend by 3 days", "Thu 25 Aug 2022", "Mon 22 Aug 2022"),
        ("+1w", "Thu 1 Sep 2022", "Thu 25 Aug 2022"),
        ("earlier by 2 days", "Tue 30 Aug 2022", "Thu 1 Sep 2022"),
    ]
    for text, new, before in steps:
        answer = await group.say(secretary, f"/deadline 1 {text}")
        assert answer == (
            f"📅 Task #1 send the report\nNew deadline: {new} (from “{text}”), was: {before}"
        )
