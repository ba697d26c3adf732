"""Who a task is for, as the bot writes it (QA of the bloc's secretary): each person once, an
organisation's first three contacts then how many others, no parentheses in parentheses, and a
task for every organisation of a bloc, each with many contacts, still in one message."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Group, Harness

JSON = dict[str, Any]
RED_CROSS = "Hội Chữ thập đỏ"


async def link(group: Group, secretary: JSON, org: str, person: JSON) -> None:
    """``person`` answers for ``org``, named by a mention (no @username needed)."""
    name = " ".join(filter(None, (person["first_name"], person.get("last_name"))))
    command = f"/tochuc lienhe {org} {name}"
    entity = {"type": "text_mention", "offset": len(command) - len(name), "length": len(name)}
    answer = await group.say(secretary, command, entities=[{**entity, "user": person}])
    assert answer.startswith("🔗"), answer


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_a_contact_who_is_also_assigned_in_person_is_shown_once(
    harness: Harness, language: str
) -> None:
    secretary = harness.users["secretary"]
    hoa = harness.sandbox.add_user("Hoa (Hội Chữ thập đỏ)", username="hoa_ctd")
    group = harness.group("Khối thi đua số 1", [hoa], [secretary])
    await group.say(secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    await group.say(secretary, "/tochuc them Hội Cựu chiến binh | CCB")
    await link(group, secretary, "CTĐ", hoa)
    if language == "en":
        await group.say(secretary, "/lang en")
    for_ = {"vi": "👤 Giao cho: ", "en": "👤 For: "}[language]
    answer = await group.say(secretary, "/viec @hoa_ctd, CTĐ: gửi danh sách hội viên thứ 6")
    assert f"\n{for_}{RED_CROSS} (@hoa_ctd)\n" in answer
    # A contact of two organisations answers for each: she is named under both.
    await link(group, secretary, "CCB", hoa)
    answer = await group.say(secretary, "/giao 1 CTĐ, @hoa_ctd, CCB")
    assert f"\n{for_}{RED_CROSS} (@hoa_ctd), Hội Cựu chiến binh (@hoa_ctd)\n" in answer
    # Her name holds parentheses: the /done answer puts none around it.
    done = await group.say(hoa, "/xong 1")
    assert (
        done
        == {
            "vi": "✅ Việc #1 đã xong: gửi danh sách hội viên — Hoa (Hội Chữ thập đỏ) đánh dấu.",
            "en": "✅ Task #1 done: gửi danh sách hội viên — marked by Hoa (Hội Chữ thập đỏ).",
        }[language]
    )


async def test_an_organisation_shows_three_contacts_then_how_many_others(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    for n in range(1, 6):
        await link(group, secretary, "CTĐ", harness.sandbox.add_user(f"Người {n}"))
    answer = await group.say(secretary, "/viec CTĐ: gửi danh sách hội viên thứ 6")
    assert f"\n👤 Giao cho: {RED_CROSS} (Người 1, Người 2, Người 3, +2)\n" in answer


# At about their longest: an organisation's name (200 characters; 100 typed in /task), a person's
# (two times 64), a title, a note.
LONG_ORG = (
    "Tổ chức thành viên số {:02d} thuộc Liên hiệp các Hội Khoa học và Kỹ thuật thành phố Hồ Chí "
    "Minh và Khối thi đua các Hội đặc thù hoạt động trong lĩnh vực khoa học công nghệ và đổi "
    "mới sáng tạo"
)
NEW_ORG = (
    "Đơn vị mới số {} được thành lập theo quyết định của Ban Thường trực Khối thi đua "
    "các Hội đặc thù"
)
TITLE = ("chuẩn bị tài liệu cho hội nghị tổng kết công tác năm " * 20)[:1000].strip()
NOTE = ("đã gửi bản thảo để các hội góp ý. " * 60)[:2000].strip()  # a note at its longest
WORDS = {
    # Two warnings each: a deadline far ahead and another date of the text, or a year not
    # given and a date an English chat may read month first.
    "vi": ("/viec", f"{TITLE[:986]} họp 15/12 nộp 20/12/2030", "và 28 người/tổ chức khác"),
    "en": ("/task", f"{TITLE} by 03/04", "and 28 more"),
}


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_a_task_for_a_whole_bloc_with_many_contacts_fits_one_message(
    harness: Harness, language: str
) -> None:
    secretary = harness.users["secretary"]
    group = harness.group("Khối thi đua số 1", [], [secretary])
    first = "Người liên hệ số {} của tổ chức, chị Nguyễn Thị Phương Thảo Hồng Nhung"
    last = "Trần Lê Phạm Hoàng Huỳnh Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Vũ Trương Đinh Lâm"[:64]
    people = [harness.sandbox.add_user(first.format(n)[:64], last_name=last) for n in range(4)]
    orgs = [LONG_ORG.format(i)[:200] for i in range(1, 23)]
    for i, org in enumerate(orgs, start=1):
        assert "Đã thêm" in await group.say(secretary, f"/tochuc them {org} | T{i:02d}")
    for i in range(1, 13):  # as many as a line ever showed (see views.MAX_SHOWN_ASSIGNEES)
        for person in people:
            await link(group, secretary, f"T{i:02d}", person)
    if language == "en":
        await group.say(secretary, "/lang en")
    command, text, more = WORDS[language]
    new = [NEW_ORG.format(i)[:100] for i in range(1, 9)]
    typed = ", ".join([*(f"T{i:02d}" for i in range(1, 23)), *new])
    [question] = await group.say_all(secretary, f"{command} {typed}: {text}")
    for _ in new:  # each new name is asked about: created
        rows = question["reply_markup"]["inline_keyboard"]
        [create] = [b["callback_data"] for row in rows for b in row if b["text"].startswith("➕")]
        await harness.sandbox.click(group.id, secretary["id"], question["message_id"], create)
        await harness.sandbox.wait_for_calls("answerCallbackQuery", count=new.index(_) + 1)
        [question] = [m for m in group.bot_messages() if m["message_id"] == question["message_id"]]
    recorded = question["text"]
    assert len(recorded) <= 4096
    assert f"{people[2]['first_name']} {last}, +1), " in recorded  # the fourth one counted
    assert f", {more}\n" in recorded
    assert recorded.count("⚠️") == 2
    assert new[-1] in recorded  # the new organisations are named
    # /edit, /assign and /note answer with the same line of assignees.
    edit, assign, note = {"vi": ("/sua", "/giao", "/ghichu"), "en": ("/edit", "/assign", "/note")}[
        language
    ]
    for answer in (
        await group.say(secretary, f"{edit} 1 {TITLE[::-1]}"),
        await group.say(secretary, f"{assign} 1 {typed}"),
        await group.say(secretary, f"{note} 1 {NOTE}"),
    ):
        assert len(answer) <= 4096
        assert f", {more}\n" in answer
