"""The warning of a deadline that reads two ways names the other reading, and the command that
sets it (QA of the bloc's secretary): /task, /edit, /deadline, a /task whose name was asked
about, in Vietnamese and English; the Keep button takes the warning out."""

from __future__ import annotations

from tests.e2e.conftest import Group, Harness
from tests.e2e.test_organisations import SCIENCE, ask, now, press, seed

# Typed on 07/07/2022 without accents, "cuoi thang sau" is the end of August, or of June.
JUNE = (
    "⚠️ Cũng có thể hiểu là Thứ Sáu, 30/06/2023. Nếu đúng vậy, bấm 📅 Đổi hạn hoặc gửi "
    "/han {n} 30/6/2023"
)
# Under the warnings: no reminders until the deadline is kept or changed; the weekly digest
# still lists the task, marked.
HOLD_VI = (
    "\n🔕 Chưa nhắc việc này cho đến khi có người bấm 👍 Giữ hạn này hoặc đổi hạn. "
    "Bản tin tuần vẫn liệt kê việc này, ghi rõ là hạn chưa xác nhận."
)
HOLD_EN = (
    "\n🔕 No reminders for this task until someone presses 👍 Keep this date or changes the "
    "deadline. The weekly digest still lists it, marked as not confirmed."
)


async def test_vietnamese_the_other_reading_and_its_command(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    answer = await group.say(secretary, "/viec @lan: gửi báo cáo cuoi thang sau")
    assert answer.endswith("(từ «cuoi thang sau»)\n" + JUNE.format(n=1) + HOLD_VI)
    # The command the warning gives sets the other reading, and asks nothing more.
    answer = await group.say(secretary, "/han 1 30/6/2023")
    assert answer == (
        "📅 Việc #1 gửi báo cáo\nHạn mới: Thứ Sáu, 30/06/2023 (từ «30/6/2023»), "
        "trước đây: Thứ Tư, 31/08/2022"
    )
    # /deadline and /edit name it too.
    answer = await group.say(secretary, "/han 1 cuoi thang sau")
    assert answer.endswith("\n" + JUNE.format(n=1) + HOLD_VI)
    await group.say(secretary, "/viec @lan: đặt phòng họp")
    answer = await group.say(secretary, "/sua 2 đặt phòng họp cuoi thang sau")
    assert answer.endswith("(từ «cuoi thang sau»)\n" + JUNE.format(n=2) + HOLD_VI)
    # A doubt no single other date answers keeps the general warning.
    answer = await group.say(secretary, "/viec @lan: gửi báo cáo mai")
    assert answer.endswith("\n⚠️ Hạn này có thể hiểu theo nhiều cách. Hãy kiểm tra lại." + HOLD_VI)


async def test_a_task_asked_about_names_the_other_reading_once_recorded(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    question = await ask(harness, group, "/viec Liên hiệp: họp chuẩn bị cuoi thang sau")
    await press(harness, group, secretary, question, SCIENCE)
    assert now(group, question)["text"].endswith("\n" + JUNE.format(n=1) + HOLD_VI)


async def test_keeping_the_deadline_takes_the_warning_out(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    [answer] = await group.say_all(secretary, "/viec @lan: gửi báo cáo cuoi thang sau")
    await harness.sandbox.click(group.id, secretary["id"], answer["message_id"], "keep:1")
    await harness.sandbox.wait_for_calls("editMessageText")
    kept = now(group, answer)["text"]
    assert "Cũng có thể hiểu" not in kept
    assert kept.endswith("(từ «cuoi thang sau»)\n👍 Giữ nguyên hạn của việc #1 — Thư ký xác nhận.")


async def test_english_the_other_reading_and_its_command(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/task @lan: send the report by 03/04")
    assert answer.endswith(  # no year given, too
        "Please check the year.\n⚠️ It may also mean Sat 4 Mar 2023. If so, press 📅 Change or "
        "send /deadline 1 4 March 2023" + HOLD_EN
    )
    answer = await group.say(secretary, "/deadline 1 4 March 2023")
    assert answer == (
        "📅 Task #1 send the report\nNew deadline: Sat 4 Mar 2023 (from “4 March 2023”), "
        "was: Mon 3 Apr 2023"
    )
