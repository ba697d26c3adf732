"""What a deadline to check says (the QA pass of a secretary typing on her phone): a period that
ends the day it is typed ("cuối tháng" on the 31st) is asked about with the next one named, "ra
Tết" names its other reading, and the weekly digest lists a task whose deadline waits to be
kept, marked, as the confirmation says it will."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.e2e.conftest import Group, Harness
from tests.e2e.test_deadline_alternative import HOLD_VI
from tests.e2e.test_reminders import at, item_of
from tests.e2e.test_settings_and_digest import digests_in
from tests.e2e.test_task_edits import buttons, task_of

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def moved(number: int, title: str, new: str, text: str, before: str) -> str:
    return f"📅 Việc #{number} {title}\nHạn mới: {new} (từ «{text}»), trước đây: {before}"


async def test_end_of_the_month_typed_on_its_last_day_is_asked(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    harness.clock.set(datetime(2022, 7, 31, 16, 0, tzinfo=VN))  # a Sunday
    today = (
        "⚠️ Hạn này là ngay hôm nay nên không còn kịp nhắc trước hạn. Nếu ý là Thứ Tư, "
        "31/08/2022, bấm 📅 Đổi hạn hoặc gửi /han 1 31/8/2022"
    )
    [answer] = await group.say_all(secretary, "/viec @lan: gửi báo cáo cuối tháng")
    assert answer["text"].endswith("(từ «cuối tháng»)\n" + today + HOLD_VI)
    assert buttons(answer) == ["keep:1", "change:1"]
    answer = await group.say(secretary, "/han 1 tuần này")
    assert answer.endswith(
        "\n⚠️ Hạn này là ngay hôm nay nên không còn kịp nhắc trước hạn. Nếu ý là Chủ Nhật, "
        "07/08/2022, bấm 📅 Đổi hạn hoặc gửi /han 1 7/8/2022" + HOLD_VI
    )
    # The command the warning gives sets the other reading, and asks nothing more.
    answer = await group.say(secretary, "/han 1 31/8/2022")
    assert answer == moved(
        1, "gửi báo cáo", "Thứ Tư, 31/08/2022", "31/8/2022", "Chủ Nhật, 31/07/2022"
    )
    assert (await task_of(harness, group, 1)).due_confirmed
    # Keeping it takes the warning out.
    [kept] = await group.say_all(secretary, "/viec @lan: in tài liệu cuối tháng")
    await harness.sandbox.click(group.id, secretary["id"], kept["message_id"], "keep:2")
    await harness.sandbox.wait_for_calls("editMessageText")
    text = next(m for m in group.bot_messages() if m["message_id"] == kept["message_id"])["text"]
    assert "⚠️" not in text
    assert "🔕" not in text
    assert text.endswith("(từ «cuối tháng»)\n👍 Giữ nguyên hạn của việc #2 — Thư ký xác nhận.")


async def test_after_tet_names_its_other_reading(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    harness.clock.set(datetime(2022, 12, 30, 21, 0, tzinfo=VN))
    await group.say(secretary, "/viec @lan: gặp mặt hội viên")
    answer = await group.say(secretary, "/han 1 ra Tết")
    assert answer == (
        moved(1, "gặp mặt hội viên", "Thứ Ba, 31/01/2023", "ra Tết", "chưa có hạn")
        + "\n⚠️ Cũng có thể hiểu là Chủ Nhật, 19/02/2023. Nếu đúng vậy, bấm 📅 Đổi hạn hoặc "
        "gửi /han 1 19/2/2023" + HOLD_VI
    )


async def test_the_digest_lists_a_task_whose_deadline_waits_marked(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    answer = await group.say(secretary, "/viec @lan: gửi báo cáo mai")  # "Mai" may be a name
    assert answer.endswith(HOLD_VI)
    await group.say(secretary, "/viec @lan: in tài liệu ngày 8/7")
    await harness.at(at(11, 7))  # Monday, at the morning hour
    [digest] = digests_in(group)
    assert item_of(digest["text"], 1).endswith("đã quá hạn 3 ngày · ⚠️ hạn chưa xác nhận")
    assert item_of(digest["text"], 2).endswith("đã quá hạn 3 ngày")


async def test_the_lists_mark_a_deadline_the_bot_still_asks_about(
    harness: Harness, group: Group
) -> None:
    # The answer to /task warned that the year was guessed; /tasks listed the same date as if
    # settled (the minutes, the digest and the files mark it).
    secretary = harness.users["secretary"]
    (asked,) = await group.say_all(secretary, "/viec @lan: nộp báo cáo 5/7")  # typed on 7/7
    await group.say(secretary, "/viec @lan: in tài liệu ngày 8/7")
    listed = await group.say(secretary, "/ds")
    assert "📅 Thứ Tư, 05/07/2023 · ⚠️ hạn chưa xác nhận" in listed
    assert "📅 Thứ Sáu, 08/07/2022\n" in listed + "\n"  # a settled one is not marked
    assert "⚠️ hạn chưa xác nhận" in await group.say(secretary, "/tim nop bao cao")
    await group.say(secretary, "/lang en")
    assert "📅 Wed 5 Jul 2023 · ⚠️ deadline not confirmed" in await group.say(secretary, "/tasks")
    keep = next(data for data in buttons(asked) if data.startswith("keep:"))
    await harness.sandbox.click(group.id, secretary["id"], asked["message_id"], keep)
    await harness.sandbox.wait_for_calls("answerCallbackQuery")
    assert "not confirmed" not in await group.say(secretary, "/tasks")
