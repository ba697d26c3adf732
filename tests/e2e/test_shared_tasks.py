"""A task for several organisations (QA: "/xong 5" from one contact closed it for all six): each
assignee does its part, the task closes with the last one, and reminders chase only the parts
left. The bloc's meetings give such tasks: "each association sends its digital-transformation
needs" is one line for every member."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.e2e.conftest import Group, Harness
from tests.e2e.test_assignee_lines import link
from tests.e2e.test_organisations import now
from tests.e2e.test_reminders import at, reminders_in, sent_in
from tests.e2e.test_task_edits import buttons, pending, press_then_edit, task_of

JSON = dict[str, Any]
RED_CROSS, WRITERS, COOPS = "Hội Chữ thập đỏ", "Hội Nhà văn", "Liên minh Hợp tác xã"
TITLE = "gửi đề xuất nhu cầu chuyển đổi số"


async def bloc(harness: Harness) -> tuple[Group, JSON]:
    """The bloc's group with three member organisations: Lan answers for the Red Cross, Hoa for
    the Writers, nobody for the cooperatives. Returns the group and Hoa."""
    secretary, lan, minh = (harness.users[k] for k in ("secretary", "lan", "minh"))
    hoa = harness.sandbox.add_user("Hoa", username="hoa_hnv", language_code="vi")
    group = harness.group("Khối thi đua số 1", [lan, minh, hoa], [secretary])
    for org in (f"{RED_CROSS} | CTĐ", f"{WRITERS} | HNV", f"{COOPS} | LMHTX"):
        await group.say(secretary, f"/tochuc them {org}")
    await link(group, secretary, "CTĐ", lan)
    await link(group, secretary, "HNV", hoa)
    return group, hoa


async def done_parts(harness: Harness, group: Group, number: int) -> list[str]:
    """The assignees of task ``number`` whose part is done."""
    task = await task_of(harness, group, number)
    return [a.label for a in task.assignees if a.done_at is not None]


async def test_a_contact_closes_only_the_part_of_their_organisation(harness: Harness) -> None:
    group, hoa = await bloc(harness)
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, f"/viec tất cả thành viên: {TITLE} 15/8")
    [answer] = await group.say_all(lan, "/xong 1")
    assert answer["text"] == (
        f"✅ {RED_CROSS} đã xong phần việc #1: {TITLE} — Lan Nguyễn đánh dấu.\n"
        f"⏳ Còn 2/3: {WRITERS}, {COOPS}."
    )
    task = await task_of(harness, group, 1)
    assert task.status.value == "open"
    assert await done_parts(harness, group, 1) == [RED_CROSS]
    assert await pending(harness, task)  # the others are still reminded
    again = await group.say(lan, "/xong 1")
    assert again == (
        f"Phần việc #1 của {RED_CROSS} đã được đánh dấu xong từ trước: {TITLE}.\n"
        f"⏳ Còn 2/3: {WRITERS}, {COOPS}."
    )
    assert "Bạn chỉ đánh dấu được phần việc #1 của mình" in await group.say(lan, "/xong 1 HNV")
    # The lists show who is left, and who is done.
    listing = await group.say(harness.users["minh"], "/ds")
    assert f"👤 {WRITERS} (@hoa_hnv), {COOPS} · 📅" in listing
    assert f"✅ Đã xong 1/3: {RED_CROSS}" in listing
    assert "#1" not in await group.say(lan, "/ds của tôi")  # nothing left for her
    assert "#1" in await group.say(hoa, "/ds của tôi")
    # A slip of the finger: the button under her answer reopens her part, and only it.
    assert buttons(answer) == [f"reopen:1:{task.assignees[0].id}"]
    popup = await press_then_edit(harness, group, lan, answer, "↩️ Mở lại #1")
    assert popup["text"] == f"Đã mở lại phần việc #1 của {RED_CROSS}."
    assert now(group, answer)["text"].endswith(
        f"↩️ Phần việc #1 của {RED_CROSS} đã được Lan Nguyễn mở lại."
    )
    assert await done_parts(harness, group, 1) == []
    assert (await task_of(harness, group, 1)).status.value == "open"
    # A secretary reopens a part by its name; without one, is asked which.
    await group.say(lan, "/xong 1")
    assert (await group.say(secretary, "/momai 1")).startswith(
        "Việc #1 đang mở. Để mở lại phần của một bên đã báo xong, gõ kèm tên bên đó, ví dụ "
        f"/momai 1 {RED_CROSS}."
    )
    reopened = await group.say(secretary, "/momai 1 chữ thập đỏ")
    assert reopened.startswith(
        f"↩️ Đã mở lại phần việc #1 của {RED_CROSS}; sẽ nhắc lại theo hạn\n{TITLE}\n"
    )
    assert await done_parts(harness, group, 1) == []


async def test_the_last_part_done_closes_the_task(harness: Harness) -> None:
    group, hoa = await bloc(harness)
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, f"/viec tất cả thành viên: {TITLE} 15/8")
    await group.say(lan, "/xong 1")
    await group.say(secretary, "/lang en")
    harness.clock.advance(timedelta(hours=1))
    assert await group.say(hoa, "/done 1") == (
        f"✅ Part of task #1 done by {WRITERS}: {TITLE} — marked by Hoa.\n⏳ 1 of 3 left: {COOPS}."
    )
    harness.clock.advance(timedelta(days=1))
    # The cooperatives have no contact in the group: the secretary marks their part.
    assert await group.say(secretary, "/done 1 LMHTX") == (
        f"✅ Task #1 done: {TITLE} — marked by Thư ký."
    )
    task = await task_of(harness, group, 1)
    assert task.status.value == "done"
    assert await pending(harness, task) == []
    history = await group.say(secretary, "/history 1")
    assert f"Lan Nguyễn marked a part done: {RED_CROSS}" in history
    assert f"Thư ký marked a part done: {COOPS}" in history
    assert history.rstrip().endswith("Thư ký marked it done")
    # Reopened, the task waits for the part whose completion closed it, not for all again.
    await group.say(secretary, "/reopen 1")
    assert await done_parts(harness, group, 1) == [RED_CROSS, WRITERS]
    assert await pending(harness, await task_of(harness, group, 1))


async def test_the_secretary_closes_the_whole_task_and_is_told_what_was_open(
    harness: Harness,
) -> None:
    group, hoa = await bloc(harness)
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, f"/viec tất cả thành viên: {TITLE} 15/8")
    await group.say(lan, "/xong 1")
    [closed] = await group.say_all(secretary, "/xong 1")
    assert closed["text"] == (
        f"✅ Việc #1 đã xong: {TITLE} — Thư ký đánh dấu.\n"
        f"⚠️ Đóng cả việc khi còn 2/3 phần chưa báo xong: {WRITERS}, {COOPS}."
    )
    assert await pending(harness, await task_of(harness, group, 1)) == []
    # Its reopen button gives back the task as it was: the Red Cross done, the others not.
    answer = await press_then_edit(harness, group, secretary, closed, "↩️ Mở lại #1")
    assert answer["text"] == "Đã mở lại việc #1."
    assert await done_parts(harness, group, 1) == [RED_CROSS]
    assert "✅ Đã xong 1/3" in await group.say(secretary, "/ds")
    history = await group.say(secretary, "/lichsu 1")
    assert f"Thư ký đã đánh dấu xong (còn mở: {WRITERS}, {COOPS})" in history
    # A secretary who answers for an organisation marks its part, and is told how to close all.
    await group.say(secretary, "/thuky them @hoa_hnv")
    assert await group.say(hoa, "/xong 1") == (
        f"✅ {WRITERS} đã xong phần việc #1: {TITLE} — Hoa đánh dấu.\n"
        f"⏳ Còn 1/3: {COOPS}.\n"
        "Để đóng cả việc cho mọi bên được giao, gõ /xong 1 tất cả."
    )
    assert (await group.say(hoa, "/xong 1 tất cả")).endswith(
        f"⚠️ Đóng cả việc khi còn 1/3 phần chưa báo xong: {COOPS}."
    )
    assert (await group.say(lan, "/xong 1 tất cả")).startswith("Việc #1 đã được đánh dấu xong")


async def test_reminders_after_a_part_is_done_go_only_to_the_parts_left(
    harness: Harness,
) -> None:
    group, hoa = await bloc(harness)
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    for user in (lan, hoa):
        private = harness.sandbox.add_private_chat(user)
        await harness.sandbox.send_message(private["id"], user["id"], "/start")
        await harness.sandbox.wait_for_bot_messages(private["id"])
    await group.say(secretary, f"/viec tất cả thành viên: {TITLE} 13/7")  # a Wednesday
    await group.say(lan, "/xong 1")

    def private(user: JSON) -> list[str]:
        return [m["text"] for m in harness.sandbox.transcript(user["id"]) if "#1" in m["text"]]

    # Monday's digest lists it, due this week: for the parts left.
    await harness.at(at(11, 7))
    [digest] = sent_in(group, "📋")
    assert "#1 " in digest
    assert "@hoa_hnv" in digest
    assert "@lan" not in digest
    # The day before its deadline, its reminder: the same.
    await harness.at(at(12, 7))
    [reminder] = reminders_in(group)
    assert f"👤 {WRITERS} (@hoa_hnv), {COOPS}\n   ✅ Đã xong 1/3\n" in reminder["text"]
    assert RED_CROSS not in reminder["text"]
    units = reminder["text"].encode("utf-16-le")  # Telegram counts UTF-16 code units
    mentioned = [
        units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in reminder.get("entities", [])
        if e["type"] in ("mention", "text_mention")
    ]
    assert mentioned == ["@hoa_hnv"]
    assert len(private(hoa)) == 2  # the digest's copy, the reminder's
    assert private(lan) == []


async def test_the_done_button_marks_the_pressers_part_and_stays_for_the_others(
    harness: Harness,
) -> None:
    group, _ = await bloc(harness)
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    [recorded] = await group.say_all(secretary, f"/viec tất cả thành viên: {TITLE} 15/8")
    popup = await press_then_edit(harness, group, lan, recorded, "✅ Xong")
    assert popup["text"] == f"Đã đánh dấu xong phần việc #1 của {RED_CROSS}. Còn 2/3."
    shown = now(group, recorded)
    assert shown["text"].endswith(
        f"✅ #1: {RED_CROSS} đã xong phần việc — Lan Nguyễn đánh dấu (còn 2/3)."
    )
    assert buttons(shown) == ["done:1"]  # the others still press it
    await press_then_edit(harness, group, secretary, recorded, "✅ Xong")
    shown = now(group, recorded)
    assert shown["text"].endswith(
        "✅ Việc #1 đã xong — Thư ký đánh dấu.\n"
        f"⚠️ Đóng cả việc khi còn 2/3 phần chưa báo xong: {WRITERS}, {COOPS}."
    )
    assert buttons(shown) == []


async def test_a_part_done_stays_done_for_whoever_stays_assigned(harness: Harness) -> None:
    group, _ = await bloc(harness)
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(secretary, f"/viec tất cả thành viên: {TITLE} 15/8")
    await group.say(lan, "/xong 1")
    answer = await group.say(secretary, "/giao 1 CTĐ, HNV")
    assert f"👤 Giao cho: {WRITERS} (@hoa_hnv)\n✅ Đã xong 1/2: {RED_CROSS}\n" in answer
    assert await done_parts(harness, group, 1) == [RED_CROSS]
    # For the Red Cross alone, the task is theirs again as a whole: nothing of it is done.
    assert "✅ Đã xong" not in await group.say(secretary, "/giao 1 CTĐ")
    assert await done_parts(harness, group, 1) == []
    assert (await group.say(lan, "/xong 1")).startswith("✅ Việc #1 đã xong")


async def test_a_contact_of_two_organisations_does_and_undoes_both_parts_at_once(
    harness: Harness,
) -> None:
    """Both parts in one command, audited together (on PostgreSQL, one statement for them);
    Lan is the cooperatives' second contact, after the secretary (whom the bot met first)."""
    group, _hoa = await bloc(harness)
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await link(group, secretary, "LMHTX", secretary)
    await link(group, secretary, "LMHTX", lan)
    await group.say(secretary, f"/viec tất cả thành viên: {TITLE} 15/8")
    assert await group.say(lan, "/xong 1") == (
        f"✅ {RED_CROSS}, {COOPS} đã xong phần việc #1: {TITLE} — Lan Nguyễn đánh dấu.\n"
        f"⏳ Còn 1/3: {WRITERS}."
    )
    assert await done_parts(harness, group, 1) == [RED_CROSS, COOPS]
    assert (await group.say(lan, "/momai 1")).startswith(
        f"↩️ Đã mở lại phần việc #1 của {RED_CROSS}, {COOPS}; sẽ nhắc lại theo hạn\n"
    )
    assert await done_parts(harness, group, 1) == []
    history = (await group.say(secretary, "/lichsu 1")).splitlines()
    assert [line.split(" — ")[1] for line in history[2:]] == [
        f"Lan Nguyễn đã đánh dấu xong phần việc: {RED_CROSS}, {COOPS}",
        f"Lan Nguyễn đã mở lại phần việc: {RED_CROSS}, {COOPS}",
    ]
