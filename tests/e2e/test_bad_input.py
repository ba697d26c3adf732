"""Bad input gets a clear answer in the chat's language, and nothing stored changes."""

from __future__ import annotations

from storage import UnitOfWork
from tests.e2e.conftest import Group, Harness


async def counts(harness: Harness, chat_id: int) -> tuple[int, int]:
    """(open tasks, decisions) stored for the chat."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(chat_id)
        if chat is None:
            return 0, 0
        tasks = await uow.tasks.list_open(chat.id, 1000)
        decisions = await uow.decisions.latest(chat.id, 1000)
    return len(tasks), len(decisions)


async def test_empty_commands_explain_how_to_write_them(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    assert "/viec người được giao: việc cần làm hạn" in await group.say(secretary, "/task")
    assert "Chưa có nội dung quyết định" in await group.say(secretary, "/qd")
    assert "Viết số của việc đã xong" in await group.say(secretary, "/done")
    assert "Chưa rõ cần làm việc gì" in await group.say(secretary, "/viec @lan:")
    assert await counts(harness, group.id) == (0, 0)


async def test_unknown_and_malformed_numbers(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: việc có thật")
    assert "không có việc #42" in await group.say(secretary, "/xong 42")
    assert "«abc» không phải số thứ tự" in await group.say(secretary, "/xong abc")
    assert "«-1» không phải số thứ tự" in await group.say(secretary, "/xong -1")
    assert await counts(harness, group.id) == (1, 0)


async def test_impossible_date_is_refused_not_guessed(harness: Harness, group: Group) -> None:
    answer = await group.say(harness.users["secretary"], "/viec @lan: nộp báo cáo trước 31/02")
    assert "31/02" in answer
    assert "không phải là ngày có thật" in answer
    assert await counts(harness, group.id) == (0, 0)


async def test_a_text_of_4000_characters(harness: Harness, group: Group) -> None:
    # Telegram delivers at most 4096 characters in a message (the sandbox refuses more).
    secretary = harness.users["secretary"]
    long_text = ("Quyết định rất dài " * 300)[:3999] + "."
    answer = await group.say(secretary, "/qd " + long_text)
    assert "dài 4000 ký tự, tối đa là 3000" in answer
    answer = await group.say(secretary, "/viec @lan: " + "x" * 4000)
    assert "tối đa là 1000" in answer
    assert await counts(harness, group.id) == (0, 0)


async def test_html_looking_text_is_shown_as_typed(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    text = "Dùng <b>mẫu</b> A & B <i>mới</i> &amp; cũ"
    answer = await group.say(secretary, "/qd " + text)
    assert text in answer  # the sandbox rejects invalid HTML, so this also proves the escaping
    await group.say(secretary, "/org add Hội <CTĐ> & Co")
    task = await group.say(secretary, "/viec Hội <CTĐ> & Co: in tài liệu <script> ngày mai")
    assert task.startswith("📌 Đã ghi việc #1")
    assert "Hội <CTĐ> & Co" in task
    assert "in tài liệu <script>" in task


async def test_emoji_and_text_without_diacritics(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    answer = await group.say(secretary, "/viec @lan: 📊 gui bao cao tong ket 🎉 cuoi thang 7")
    assert "📊 gui bao cao tong ket 🎉" in answer
    assert "Chủ Nhật, 31/07/2022" in answer
    await group.say(secretary, "/tochuc them Hội Chữ thập đỏ")
    answer = await group.say(secretary, "/viec Hoi Chu thap do: chuan bi hoi thao")
    assert "Giao cho: Hội Chữ thập đỏ\n" in answer
    assert "chưa có hạn" in answer
    assert "Không tìm thấy hạn chót" in answer


async def test_organisation_names_match_without_diacritics_or_case(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    assert "Đã thêm tổ chức" in await group.say(secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    assert "đã có tổ chức" in await group.say(secretary, "/org add hoi chu thap do")
    answer = await group.say(secretary, "/viec HỘI CHỮ THẬP ĐỎ, ctđ: gửi danh sách hội viên")
    assert "Tổ chức mới" not in answer
    assert "Giao cho: Hội Chữ thập đỏ\n" in answer  # both names are the same organisation
    assert await group.say(secretary, "/orgs") == "1 tổ chức thành viên\n• Hội Chữ thập đỏ (CTĐ)"


async def test_a_forgotten_colon_is_recorded_for_nobody_with_a_hint(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/tochuc them Liên hiệp các Hội Khoa học và Kỹ thuật | LHH")
    await group.say(secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    answer = await group.say(secretary, "/viec lhh gui bao cao truoc 15/1")
    assert answer.startswith(
        "📌 Đã ghi việc #1\nlhh gui bao cao\n👤 Giao cho: chưa giao cho ai\n"
        "Có phải giao cho «Liên hiệp các Hội Khoa học và Kỹ thuật»? Gửi /giao 1 LHH\n"
    )
    answer = await group.say(secretary, "/viec CTD - gửi báo cáo")
    assert "Có phải giao cho «Hội Chữ thập đỏ»? Gửi /giao 2 CTĐ\n" in answer
    answer = await group.say(secretary, "/viec trước 15/7 @lan gửi ảnh")
    assert "Có phải giao cho «@lan»? Gửi /giao 3 @lan\n" in answer
    answer = await group.say(secretary, "/viec gửi báo cáo cho CTĐ")  # not at the start
    assert "Có phải" not in answer
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/task ctđ send the report by Friday")
    assert answer.startswith(
        "📌 Recorded task #5\nctđ send the report\n👤 For: nobody yet\n"
        "Is it for “Hội Chữ thập đỏ”? Send /assign 5 CTĐ\n"
    )
    assert "Is it for" not in await group.say(secretary, "/task CTĐ: send the photos")
    await group.say(secretary, "/assign 1 LHH")  # as the hint said
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        found = {
            t.number: [a.label for a in t.assignees] for t in await uow.tasks.list_open(chat.id, 9)
        }
    assert found[1] == ["Liên hiệp các Hội Khoa học và Kỹ thuật"]
    assert found[2] == found[3] == found[4] == found[5] == []  # nothing guessed


async def test_a_number_that_is_not_one_is_explained_for_the_command_used(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: việc có thật")
    await group.say(secretary, "/hop Giao ban")
    vi = {
        "/bienban abc": "«abc» không phải số cuộc họp. Viết số cuộc họp, ví dụ /bienban 2",
        "/dsqd abc": "«abc» không phải số cuộc họp. Viết số cuộc họp, ví dụ /dsqd 2",
        "/han abc cuối tháng": "«abc» không phải số thứ tự của việc. Viết số của việc rồi hạn "
        "mới, ví dụ /han 3 thứ Sáu tuần sau",
        "/sua abc gửi báo cáo": "ví dụ /sua 3 ",
        "/giao abc @lan": "ví dụ /giao 3 ",
        "/ghichu abc đã gửi": "ví dụ /ghichu 3 ",
        "/huy abc": "ví dụ /huy 3 trùng với việc 5;",
        "/momai abc": "ví dụ /momai 3;",
        "/lichsu abc": "ví dụ /lichsu 3;",
        "/xong abc": "«abc» không phải số thứ tự của việc. Viết số, ví dụ /xong 3;",
    }
    for command, expected in vi.items():
        assert expected in await group.say(secretary, command), command
    await group.say(secretary, "/lang en")
    en = {
        "/minutes abc": "“abc” is not a meeting number. Write the meeting's number, e.g. "
        "/minutes 2",
        "/decisions abc": "“abc” is not a meeting number. Write the meeting's number, e.g. "
        "/decisions 2",
        "/deadline abc end of month": "“abc” is not a task number. Write the task's number, "
        "then the new deadline, e.g. /deadline 3 next Friday",
        "/cancel abc": "e.g. /cancel 3 same as task 5;",
    }
    for command, expected in en.items():
        assert expected in await group.say(secretary, command), command
    assert await counts(harness, group.id) == (1, 0)


async def test_a_command_refused_before_its_records_are_read_speaks_the_group_language(
    harness: Harness, group: Group
) -> None:
    # The text is checked before the service opens its transaction (where the chat's language
    # is read): the refusal is still in the group's language, not the operator's default.
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    en = {
        "/export pdf": "I don't understand “pdf”. Write /export and press a button",
        "/export docx 1 2": "I don't understand “2”.",
        "/export xlsx": "No task has been recorded in this group yet, so there is no task list",
        "/note": "Write the task number and the progress: /note 3",
        "/assign": "Write the task number and who it is for: /assign 3",
        "/edit": "Write the task number and its new wording: /edit 3",
    }
    for command, expected in en.items():
        assert expected in await group.say(secretary, command), command
    await group.say(secretary, "/lang vi")
    assert "Tôi không hiểu «pdf»." in await group.say(secretary, "/xuat pdf")
    assert "Viết số của việc và tiến độ: /ghichu 3" in await group.say(secretary, "/ghichu")
    assert await counts(harness, group.id) == (0, 0)


async def test_a_missing_task_number_is_asked_for(harness: Harness, group: Group) -> None:
    # "«» is not a task number" says nothing to who forgot the number: say what to write.
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: việc có thật")
    vi = {
        "/huy": "Viết số của việc cần huỷ, có thể kèm lý do, ví dụ /huy 3 trùng với việc 5;",
        "/momai": "Viết số của việc cần mở lại, ví dụ /momai 3;",
        "/lichsu  ": "Viết số của việc, ví dụ /lichsu 3;",
    }
    for command, expected in vi.items():
        answer = await group.say(secretary, command)
        assert answer.startswith(expected), command
    await group.say(secretary, "/lang en")
    en = {
        "/cancel": "Write the number of the task to cancel, with a reason if you like, e.g. "
        "/cancel 3 same as task 5;",
        "/reopen": "Write the number of the task to reopen, e.g. /reopen 3;",
        "/history": "Write the task's number, e.g. /history 3;",
    }
    for command, expected in en.items():
        answer = await group.say(secretary, command)
        assert answer.startswith(expected), command
    assert await counts(harness, group.id) == (1, 0)


async def test_a_line_break_after_the_number_or_the_verb_is_a_space(
    harness: Harness, group: Group
) -> None:
    # On a phone, Enter after "/han 1" is as natural as a space: "«1\ncuối» is not a task
    # number" was the answer.
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo")
    changed = await group.say(secretary, "/han 1\ncuối tháng 7")
    assert changed.startswith("📅 Việc #1 gửi báo cáo\nHạn mới: Chủ Nhật, 31/07/2022")
    noted = await group.say(secretary, "/ghichu 1\nđã gửi bản nháp\ncho Khối trưởng")
    assert noted.startswith("📝 Đã ghi tiến độ việc #1\ngửi báo cáo\nđã gửi bản nháp\ncho")
    edited = await group.say(secretary, "/sua 1\ngửi báo cáo 6 tháng")
    assert edited.startswith("✏️ Đã sửa nội dung việc #1\ngửi báo cáo 6 tháng\n")
    added = await group.say(secretary, "/tochuc them\nHội Chữ thập đỏ | CTĐ")
    assert added.startswith("🏢 Đã thêm tổ chức Hội Chữ thập đỏ (tên khác: CTĐ).")
    assigned = await group.say(secretary, "/giao 1\nCTĐ, @lan")
    assert "👤 Giao cho: Hội Chữ thập đỏ, @lan\n" in assigned
    part = await group.say(secretary, "/xong 1\nCTĐ")
    assert part.startswith("✅ Hội Chữ thập đỏ đã xong phần việc #1")
    await group.say(secretary, "/lang en")
    changed = await group.say(secretary, "/deadline 1\npush 1 week")
    assert changed.startswith("📅 Task #1 gửi báo cáo 6 tháng\nNew deadline: Sun 7 Aug 2022")
    assert (await group.say(secretary, "/reopen 1\nCTĐ")).startswith("↩️")
    assert await counts(harness, group.id) == (1, 0)
