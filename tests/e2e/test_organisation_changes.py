"""Renaming and removing an organisation: ``/org rename`` keeps it (its tasks stay its own and
show the new name), ``/org remove`` is refused while open tasks are assigned to it and otherwise
leaves its name on every record that held it. Both are audited, and managers only."""

from __future__ import annotations

from bot.domain import HistoryEntry
from storage import UnitOfWork
from tests.e2e.conftest import Group, Harness
from tests.e2e.test_organisations import (
    ARTS,
    FRIENDSHIP,
    RED_CROSS,
    SCIENCE,
    ask,
    buttons,
    now,
    organisations,
    press,
    seed,
    tasks,
)


async def org_history(harness: Harness, group: Group, org_id: int) -> list[HistoryEntry]:
    """The audit trail of one organisation of the group."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        return await uow.audit.history(chat.id, "organisation", org_id)


async def org_id(harness: Harness, group: Group, name: str) -> int:
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        found = await uow.organisations.find(chat.id, name)
    assert found is not None
    return found[0]


async def assignees_of(harness: Harness, group: Group, number: int) -> list[tuple[str, int | None]]:
    """(label, organisation id) of each assignee of task ``number``, open or closed."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        task = await uow.tasks.get(chat.id, number)
    assert task is not None
    return [(a.label, a.organisation_id) for a in task.assignees]


async def test_rename_keeps_the_organisation_and_its_tasks_show_the_new_name(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    red_cross = await org_id(harness, group, "CTĐ")
    await group.say(secretary, "/viec CTĐ, LMHTX: gửi báo cáo cuối tháng 7")
    await group.say(secretary, "/viec ctd: in tài liệu")
    await group.say(secretary, "/xong 2")
    answer = await group.say(secretary, "/tochuc doiten ctd | Hội Chữ thập đỏ thành phố")
    assert answer == (
        "✏️ Đã đổi tên «Hội Chữ thập đỏ» thành Hội Chữ thập đỏ thành phố (tên khác: CTĐ). "
        "Các việc đã giao cho tổ chức này hiện tên mới."
    )
    new = "Hội Chữ thập đỏ thành phố"
    assert await org_id(harness, group, new) == red_cross  # the same organisation
    assert await assignees_of(harness, group, 1) == [(new, red_cross), ("Liên minh Hợp tác xã", 5)]
    assert await assignees_of(harness, group, 2) == [(new, red_cross)]  # closed ones too
    assert f"• {new} (CTĐ)" in await group.say(secretary, "/dstochuc")
    assert "gửi báo cáo" in await group.say(secretary, "/ds CTĐ")  # aliases kept
    assert f"Giao cho: {new}\n" in await group.say(
        secretary, "/viec hoi chu thap do thanh pho: họp"
    )
    question = await ask(harness, group, f"/viec {RED_CROSS}: in ảnh")  # the old name is gone
    assert question["text"].startswith(f"❓ «{RED_CROSS}» là tổ chức nào?")
    assert new in buttons(question)
    [event] = [e for e in await org_history(harness, group, red_cross) if e.action == "rename"]
    assert event.before == {"name": RED_CROSS, "aliases": ["CTĐ"]}
    assert event.after == {"name": new, "aliases": ["CTĐ"]}
    # Aliases written after the new name replace the old ones.
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, f"/org rename {new} | Red Cross | RC | Chữ thập đỏ")
    assert answer == (
        f"✏️ “{new}” is now called Red Cross (also called: RC, Chữ thập đỏ). "
        "The tasks assigned to it show the new name."
    )
    assert "Liên minh Hợp tác xã" in await group.say(secretary, "/org rename LMHTX | Co-op Union")
    assert await tasks(harness, group) == [
        (1, "gửi báo cáo", ["Red Cross", "Co-op Union"]),
        (3, "họp", ["Red Cross"]),
    ]


async def test_rename_is_refused_when_the_new_names_would_be_unusable_or_taken(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    answer = await group.say(secretary, "/tochuc doiten CTĐ | Hội VHNT")
    assert answer.startswith(f"«Hội VHNT» đã là tên của tổ chức «{ARTS}»")
    answer = await group.say(secretary, f"/tochuc doiten CTĐ | {SCIENCE}")
    assert answer.startswith(f"Nhóm đã có tổ chức «{SCIENCE}»")
    answer = await group.say(secretary, "/tochuc doiten CTĐ | Hội Chữ thập đỏ, TP")
    assert answer.startswith("«Hội Chữ thập đỏ, TP» có ký tự «,»")
    answer = await group.say(secretary, "/tochuc doiten CTĐ | 115")
    assert answer.startswith("«115» không có chữ cái nào")
    answer = await group.say(secretary, "/tochuc doiten Liên hiệp | Liên hiệp mới")
    assert answer.startswith(f"«Liên hiệp» không khớp đúng một tổ chức; có thể là: {SCIENCE}")
    assert "chưa có tổ chức «Hội Nông dân»" in await group.say(
        secretary, "/tochuc doiten Hội Nông dân | Hội ND"
    )
    assert "Viết /tochuc doiten Tên hiện tại | Tên mới" in await group.say(
        secretary, "/tochuc doiten CTĐ"
    )
    refused = await group.say(harness.users["lan"], "/tochuc doiten CTĐ | Hội CTĐ")
    assert refused.startswith("Chỉ quản trị viên của nhóm và thư ký")  # managers only
    # Its own names are not in the way: the name becomes an alias's spelling, aliases kept.
    answer = await group.say(secretary, "/tochuc doiten Hội Chữ thập đỏ | ctđ")
    assert answer.startswith("✏️ Đã đổi tên «Hội Chữ thập đỏ» thành ctđ (tên khác: —)")
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/org rename Khối phó | Khối trưởng")
    assert answer.startswith(f"“Khối trưởng” is already a name of “{SCIENCE}”")
    assert "Write /org rename Current name | New name" in await group.say(secretary, "/org rename")
    assert FRIENDSHIP in await organisations(harness, group)


async def test_remove_is_refused_while_open_tasks_are_assigned_then_keeps_every_record(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    red_cross = await org_id(harness, group, "CTĐ")
    await group.say(harness.users["lan"], "/ds")  # the bot knows @lan from then on
    assert "người liên hệ" in await group.say(secretary, "/tochuc lienhe CTĐ @lan")
    await group.say(secretary, "/hop Giao ban")
    await group.say(secretary, "/comat CTĐ, LMHTX")
    await group.say(secretary, "/viec CTĐ, LMHTX: gửi báo cáo cuối tháng 7")
    await group.say(secretary, "/viec ctd: in tài liệu")
    await group.say(secretary, "/viec CTĐ: họp trù bị")
    await group.say(secretary, "/ketthuc")
    await group.say(secretary, "/xong 3")
    answer = await group.say(secretary, "/tochuc xoa ctd")
    assert answer == (
        "Chưa xoá «Hội Chữ thập đỏ»: tổ chức này còn được giao các việc đang mở #1, #2. "
        "Hãy giao các việc đó cho người khác (/giao 1 …), hoặc đánh dấu xong hay huỷ chúng, "
        "rồi thử lại."
    )
    assert RED_CROSS in await organisations(harness, group)
    await group.say(secretary, "/giao 1 LMHTX")
    await group.say(secretary, "/huy 2")
    answer = await group.say(secretary, "/tochuc xoa ctd")
    assert answer == (
        "🗑 Đã xoá tổ chức Hội Chữ thập đỏ. Các việc đã đóng và biên bản các cuộc họp tổ chức "
        "này dự vẫn giữ tên này."
    )
    assert RED_CROSS not in await organisations(harness, group)
    assert await assignees_of(harness, group, 2) == [(RED_CROSS, None)]  # cancelled: kept
    assert await assignees_of(harness, group, 3) == [(RED_CROSS, None)]  # done: kept
    assert "Có mặt: Hội Chữ thập đỏ, Liên minh Hợp tác xã" in await group.say(
        secretary, "/bienban 1"
    )
    events = await org_history(harness, group, red_cross)
    assert [e.action for e in events] == ["create", "link", "delete"]
    assert events[-1].before is not None
    contact = events[1].after["contact"] if events[1].after else None
    assert events[-1].before == {"name": RED_CROSS, "aliases": ["CTĐ"], "contacts": [contact]}
    # The name is free again, and is a new organisation.
    question = await ask(harness, group, "/viec CTĐ: in ảnh")
    assert question["text"].startswith("❓ Nhóm chưa có tổ chức «CTĐ».")
    assert "Đã thêm tổ chức" in await group.say(secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    assert await org_id(harness, group, "CTĐ") != red_cross
    await group.say(secretary, "/lang en")
    assert "has no organisation “Farmers”" in await group.say(secretary, "/org remove Farmers")
    assert "Write /org remove Organisation name" in await group.say(secretary, "/org remove")
    refused = await group.say(harness.users["lan"], "/org remove LMHTX")
    assert refused.startswith("Only the group's administrators and the secretaries")
    answer = await group.say(secretary, "/org remove LMHTX")
    assert answer.startswith("“Liên minh Hợp tác xã” was not removed: open tasks are assigned")
    assert "#1." in answer


async def test_a_waiting_question_follows_a_rename_and_asks_again_after_a_removal(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    question = await ask(harness, group, "/viec Liên hiệp, Hội Nông dân, Ban TĐKT: chuẩn bị")
    await press(harness, group, secretary, question, SCIENCE)
    await group.say(secretary, "/tochuc doiten Khối trưởng | Liên hiệp Hội KH và KT")
    await group.say(secretary, "/tochuc xoa Ban TĐKT")  # settled when /viec was typed
    await press(harness, group, secretary, question, "➕ Tạo «Hội Nông dân»")
    again = now(group, question)  # the removed organisation's name is asked about again
    assert again["text"].startswith("❓ Nhóm chưa có tổ chức «Ban Thi đua – Khen thưởng thành")
    assert await tasks(harness, group) == []
    await press(harness, group, secretary, again, "✖ Huỷ việc này")
    assert await tasks(harness, group) == []
    question = await ask(harness, group, "/viec Liên hiệp, Hội Phụ nữ: chuẩn bị")
    await press(harness, group, secretary, question, FRIENDSHIP)
    await group.say(secretary, "/tochuc doiten Khối phó | Liên hiệp các Tổ chức Hữu nghị TP")
    await press(harness, group, secretary, question, "➕ Tạo «Hội Phụ nữ»")
    assert await tasks(harness, group) == [
        (1, "chuẩn bị", ["Liên hiệp các Tổ chức Hữu nghị TP", "Hội Phụ nữ"])
    ]


async def test_reopening_a_task_of_a_removed_organisation_links_it_again_or_is_refused(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    await group.say(harness.users["lan"], "/ds")  # the bot knows @lan from then on
    await group.say(secretary, "/viec CTĐ, LMHTX: gửi báo cáo cuối tháng 7")
    await group.say(secretary, "/viec CTĐ: in tài liệu")
    await group.say(secretary, "/xong 1")
    await group.say(secretary, "/huy 2")
    await group.say(secretary, "/tochuc xoa CTĐ")
    # Open again, it would be for nobody: its label names no organisation, notifies no one.
    answer = await group.say(secretary, "/momai 1")
    assert answer == (
        "Chưa mở lại việc #1: việc này giao cho «Hội Chữ thập đỏ», "
        "nay không phải tổ chức hay người nào của nhóm. "
        "Hãy giao việc cho tổ chức hay người khác (/giao 1 …) hoặc thêm lại tổ chức này "
        "(/tochuc them), rồi mở lại."
    )
    assert await assignees_of(harness, group, 1) == [(RED_CROSS, None), ("Liên minh Hợp tác xã", 5)]
    assert "#1 gửi báo cáo\n" in (listed := await group.say(secretary, "/ds tất cả"))
    assert listed.endswith("31/07/2022 ✅ đã xong")  # still closed, as it was
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/reopen 2")
    assert answer.startswith("Task #2 was not reopened: it is assigned to “Hội Chữ thập đỏ”,")
    await group.say(secretary, "/assign 2 LMHTX")  # as the answer says
    assert "Task #2 reopened" in await group.say(secretary, "/reopen 2")
    # Added again under that name (or as an alias), it is the one the task is linked to.
    await group.say(secretary, f"/org add Red Cross | {RED_CROSS}")
    await group.say(secretary, "/org link Red Cross @lan")
    red_cross = await org_id(harness, group, "Red Cross")
    answer = await group.say(secretary, "/reopen 1")
    assert "Task #1 reopened" in answer
    assert "For: Red Cross (@lan), Liên minh Hợp tác xã" in answer  # its contact notified
    assert await assignees_of(harness, group, 1) == [
        ("Red Cross", red_cross),
        ("Liên minh Hợp tác xã", 5),
    ]
    assert "Red Cross" in await group.say(secretary, "/tasks Red Cross")
    assert "Red Cross, Liên minh Hợp tác xã" in await group.say(secretary, "/history 1")  # audited


async def test_rename_checks_only_the_names_given_not_aliases_kept_from_before_the_rules(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    async with UnitOfWork(harness.database) as uow:  # added before /org add refused such aliases
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        farmers = await uow.organisations.add(
            chat.id, "Hội Nông dân", ["HND@Q1", "2022"], harness.clock.now()
        )
        await uow.commit()
    answer = await group.say(secretary, "/tochuc doiten Hội Nông dân | Hội Nông dân quận 1")
    assert answer.startswith("✏️ Đã đổi tên «Hội Nông dân» thành Hội Nông dân quận 1 (tên khác: ")
    assert await org_id(harness, group, "Hội Nông dân quận 1") == farmers
    assert await org_id(harness, group, "HND@Q1") == farmers  # the old aliases are kept
    # The names given are still checked, against the other organisations too.
    answer = await group.say(secretary, "/tochuc doiten Hội Nông dân quận 1 | HND | CTĐ")
    assert answer.startswith(f"«CTĐ» đã là tên của tổ chức «{RED_CROSS}»")
    answer = await group.say(secretary, "/tochuc doiten Hội Nông dân quận 1 | HND | 2023")
    assert answer.startswith("«2023» không có chữ cái nào")


async def test_the_verbs_are_read_as_people_write_them_in_two_words(
    harness: Harness, group: Group
) -> None:
    # Vietnamese writes "đổi tên" and "liên hệ" in two words: a phone user types them so, with
    # or without the marks; the help's one-word spellings are not the only ones understood.
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await group.say(lan, "/ds")  # the bot has seen Lan in the group
    await group.say(secretary, "/tochuc thêm Hội Chữ thập đỏ | CTĐ")
    answer = await group.say(secretary, "/tochuc đổi tên CTĐ | Hội Chữ thập đỏ thành phố")
    assert answer.startswith("✏️ Đã đổi tên «Hội Chữ thập đỏ» thành Hội Chữ thập đỏ thành phố")
    answer = await group.say(secretary, "/tochuc lien he CTĐ @lan")
    assert answer.startswith("🔗 @lan là người liên hệ của Hội Chữ thập đỏ thành phố")
    answer = await group.say(secretary, "/tochuc Đổi Tên CTĐ | Hội CTĐ")
    assert answer.startswith("✏️ Đã đổi tên «Hội Chữ thập đỏ thành phố» thành Hội CTĐ")
    answer = await group.say(secretary, "/tochuc XÓA Hội CTĐ")
    assert answer.startswith("🗑 Đã xoá tổ chức Hội CTĐ")
    assert await organisations(harness, group) == []
