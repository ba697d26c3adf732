"""``/export``: the seed meeting replayed by the secretary, then every document read back."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook

from tests.e2e.conftest import JSON, Group, Harness
from tests.e2e.test_assignee_lines import link
from tests.e2e.test_organisations import buttons

LEADER = "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố"
BOARD = "Ban Thi đua – Khen thưởng thành phố"
ORGANISATIONS = (
    f"{LEADER} | Khối trưởng",
    "Liên hiệp các Tổ chức Hữu nghị | Khối phó",
    "Liên hiệp các Hội Văn học và Nghệ thuật | Hội VHNT",
    "Hội Chữ thập đỏ | CTĐ",
    "Liên minh Hợp tác xã | LMHTX",
    f"{BOARD} | Ban TĐKT",
)
TITLE = "Sơ kết thi đua 6 tháng đầu năm 2022"
DECISION = "Khối trưởng ghi nhận tất cả ý kiến góp ý dự thảo báo cáo chung của Khối."
# (what the secretary types after /viec, the task's title, its deadline as a date)
TASKS = (
    (
        "Khối trưởng: tổ chức 01 cuộc Hội thảo chung về chức năng, nhiệm vụ, cơ chế chính sách "
        "của Khối 6 tháng cuối năm 2022",
        "tổ chức 01 cuộc Hội thảo chung về chức năng, nhiệm vụ, cơ chế chính sách của Khối",
        date(2022, 12, 31),
    ),
    (
        "Ban TĐKT: hướng dẫn thủ tục khen thưởng nhiệm kỳ cho các tổ chức Hội thành viên",
        "hướng dẫn thủ tục khen thưởng nhiệm kỳ cho các tổ chức Hội thành viên",
        None,
    ),
    (
        "Khối trưởng: tổ chức cuộc họp chuẩn bị làm việc với Thường trực Thành ủy Quý III/2022",
        "tổ chức cuộc họp chuẩn bị làm việc với Thường trực Thành ủy",
        date(2022, 9, 30),
    ),
    (
        "Khối trưởng: xin chủ trương cho các hoạt động chung của Khối tháng 11 năm 2022",
        "xin chủ trương cho các hoạt động chung của Khối",
        date(2022, 11, 30),
    ),
    (
        "Khối trưởng, tất cả thành viên: phối hợp tổ chức Hội thảo chuyển đổi số, đề xuất nhu "
        "cầu chuyển đổi số của đơn vị cuối tháng 7 năm 2022",
        "phối hợp tổ chức Hội thảo chuyển đổi số, đề xuất nhu cầu chuyển đổi số của đơn vị",
        date(2022, 7, 31),
    ),
)


async def replay_seed_meeting(harness: Harness, group: Group) -> None:
    """What the secretary types during the meeting of 07/7/2022, one answer each, three
    minutes apart from 09:00 (so the meeting ends at 09:24)."""
    secretary = harness.users["secretary"]
    for org in ORGANISATIONS:
        await group.say(secretary, f"/tochuc them {org}")
    await group.say(secretary, f"/hop {TITLE}")
    during = [
        "/comat Khối trưởng, Khối phó, Hội VHNT, CTĐ, LMHTX, Ban TĐKT",
        f"/qd {DECISION}",
        *(f"/viec {typed}" for typed, _, _ in TASKS),
        "/ketthuc",
    ]
    for text in during:
        harness.clock.advance(timedelta(minutes=3))
        answer = await group.say(secretary, text)
    assert "Biên bản" in answer


async def choose(
    harness: Harness, group: Group, user: JSON, message: JSON, label: str, count: int = 1
) -> list[JSON]:
    """``user`` presses the button ``label`` under ``message``; return the bot's next
    ``count`` messages."""
    last = group.bot_messages()[-1]["message_id"]
    await harness.sandbox.click(
        group.id, user["id"], message["message_id"], buttons(message)[label]
    )
    return await harness.sandbox.wait_for_bot_messages(group.id, count, after_message_id=last)


def documents(harness: Harness, messages: list[JSON]) -> dict[str, bytes]:
    """The files the bot sent, by name, as the sandbox received them."""
    return {
        m["document"]["file_name"]: harness.sandbox.files[m["document"]["file_id"]].content
        for m in messages
    }


async def test_export_offers_a_menu_and_sends_every_document_of_the_seed_meeting(
    harness: Harness, group: Group
) -> None:
    await replay_seed_meeting(harness, group)
    lan = harness.users["lan"]  # members may read
    (menu,) = await group.say_all(lan, "/xuat")  # a menu, not five files in the group
    assert menu["text"] == f"📤 Chọn tệp muốn nhận (biên bản là của Cuộc họp #1: {TITLE}):"
    assert list(buttons(menu)) == [
        "📄 Biên bản (Word)",
        "📊 Danh sách việc (Excel)",
        "📅 Lịch hạn chót (.ics)",
        "📝 Biên bản (Markdown)",
        "📊 Danh sách việc (CSV)",
        "📦 Tất cả các tệp",
    ]
    (excel,) = await choose(harness, group, lan, menu, "📊 Danh sách việc (Excel)")
    assert excel["document"]["file_name"] == "danh-sach-viec-2022-07-07.xlsx"
    assert excel["reply_to_message"]["message_id"] == menu["message_id"]
    sent = await choose(harness, group, lan, menu, "📦 Tất cả các tệp", count=5)
    assert len({m["media_group_id"] for m in sent}) == 1
    assert all(m["reply_to_message"]["message_id"] == menu["message_id"] for m in sent)
    assert sent[0]["caption"] == f"📝 Biên bản Cuộc họp #1: {TITLE} (Markdown)"
    assert sent[2]["caption"] == "📊 Danh sách 5 việc của nhóm (Excel)"
    assert sent[4]["caption"].startswith("📅 4 hạn chót đang mở")
    files = documents(harness, sent)
    assert list(files) == [
        "bien-ban-hop-1.md",
        "bien-ban-hop-1.docx",
        "danh-sach-viec-2022-07-07.xlsx",
        "danh-sach-viec-2022-07-07.csv",
        "han-chot-2022-07-07.ics",
    ]
    check_markdown(files["bien-ban-hop-1.md"].decode("utf-8"))
    check_word(files["bien-ban-hop-1.docx"])
    check_workbook(files["danh-sach-viec-2022-07-07.xlsx"])
    check_csv(files["danh-sach-viec-2022-07-07.csv"])
    check_calendar(files["han-chot-2022-07-07.ics"], group.id)


def check_markdown(text: str) -> None:
    assert text.startswith(f"# Biên bản — Cuộc họp #1: {TITLE}\n")
    assert "**Thời gian:** Thứ Năm, 07/07/2022, 09:00–09:24  \n" in text
    present = text.split("**Có mặt:** ")[1].split("\n")[0]
    assert present.split(", ") == [org.split(" | ")[0] for org in ORGANISATIONS]
    assert f"- **QĐ1.** {DECISION}" in text
    assert "## 5 việc được giao" in text
    assert f"| 1 | {TASKS[0][1]} | {LEADER} | Thứ Bảy, 31/12/2022 | đang mở |" in text
    assert f"| 2 | {TASKS[1][1]} | {BOARD} | chưa có hạn | đang mở |" in text
    assert "| Chủ Nhật, 31/07/2022 | đang mở |" in text
    assert "| Thứ Sáu, 30/09/2022 |" in text


DATED = "Ngày 07 tháng 7 năm 2022"  # the meeting's day, as Decree 30/2020/NĐ-CP writes it


def national_header(document: Any) -> list[list[str]] | None:
    """The lines of the two columns of the header table that Vietnamese minutes open with
    (the group; the national name, motto and date), or None when the first table is another."""
    cells = document.tables[0].rows[0].cells
    columns = [[p.text for p in cell.paragraphs if p.text] for cell in cells]
    return columns if len(columns) == 2 and "VIỆT NAM" in " ".join(columns[1]) else None


def check_word(content: bytes) -> None:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    assert national_header(document) == [
        ["KHỐI THI ĐUA SỐ 1"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", DATED],
    ]
    assert paragraphs[:2] == ["BIÊN BẢN HỌP", f"Cuộc họp #1: {TITLE}"]
    assert document.core_properties.author == "Khối thi đua số 1"
    assert round(document.sections[0].page_width.mm) == 210  # type: ignore[union-attr]
    assert "Thư ký: Thư ký" in paragraphs  # the secretary user is called "Thư ký"
    assert not [p for p in paragraphs if p.startswith("Vắng mặt")]  # all six came
    assert "Thời gian: Thứ Năm, 07/07/2022, 09:00–09:24" in paragraphs
    assert f"QĐ1. {DECISION}" in paragraphs
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert rows[0] == ["Số", "Việc", "Người được giao", "Hạn chót", "Trạng thái"]
    assert [row[1] for row in rows[1:]] == [title for _, title, _ in TASKS]
    assert [row[3] for row in rows[1:]] == [
        "Thứ Bảy, 31/12/2022",
        "chưa có hạn",
        "Thứ Sáu, 30/09/2022",
        "Thứ Tư, 30/11/2022",
        "Chủ Nhật, 31/07/2022",
    ]
    everyone = rows[5][2].split(", ")
    assert everyone[0] == LEADER
    assert set(everyone) == {org.split(" | ")[0] for org in ORGANISATIONS}


def check_workbook(content: bytes) -> None:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Số", "Việc", "Người được giao", "Hạn chót"]
    assert [row[1] for row in rows[1:]] == [title for _, title, _ in TASKS]
    deadlines = [row[3] for row in rows[1:]]
    assert deadlines == [
        datetime.combine(d, datetime.min.time()) if d else None for _, _, d in TASKS
    ]
    assert sheet["D2"].is_date
    assert [row[4] for row in rows[1:]][4] == "cuối tháng 7 năm 2022"
    assert {row[6] for row in rows[1:]} == {1}  # all from meeting #1
    assert rows[1][7] == datetime(2022, 7, 7, 9, 9)  # noqa: DTZ001 - the chat's wall clock
    assert sheet.freeze_panes == "A2"


def check_csv(content: bytes) -> None:
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert [row[3] for row in rows[1:]] == [d.isoformat() if d else "" for _, _, d in TASKS]
    assert rows[2][2] == BOARD


def check_calendar(content: bytes, chat_id: int) -> None:
    events = Calendar.from_ical(content).walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events] == [
        date(2022, 7, 31),
        date(2022, 9, 30),
        date(2022, 11, 30),
        date(2022, 12, 31),
    ]
    assert str(events[0]["SUMMARY"]) == f"#5 {TASKS[4][1]}"
    assert all(str(e["UID"]).endswith(f"-chat-{chat_id}@followup-bot") for e in events)
    assert f"Người được giao: {LEADER}" in str(events[3]["DESCRIPTION"])


async def test_one_format_alone_and_in_english(harness: Harness, group: Group) -> None:
    await replay_seed_meeting(harness, group)
    secretary = harness.users["secretary"]
    (sent,) = await group.say_all(secretary, "/export docx 1")
    assert "media_group_id" not in sent
    assert sent["caption"] == f"📝 Biên bản Cuộc họp #1: {TITLE} (Word)"
    await group.say(secretary, "/lang en")
    (sent,) = await group.say_all(secretary, "/export word")
    assert sent["document"]["file_name"] == "minutes-meeting-1.docx"
    document = Document(io.BytesIO(documents(harness, [sent])["minutes-meeting-1.docx"]))
    assert [p.text for p in document.paragraphs[:2]] == [
        "Khối thi đua số 1",
        f"Minutes — Meeting #1: {TITLE}",
    ]
    assert national_header(document) is None  # a plain header: no national name nor motto
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["No.", "Task", "Assigned to", "Deadline", "Status"]
    assert rows[5][3] == "Sun 31 Jul 2022"
    (sent,) = await group.say_all(secretary, "/export ics")
    assert sent["document"]["file_name"] == "deadlines-2022-07-07.ics"
    assert sent["caption"].startswith("📅 4 open deadlines")


def word_text(harness: Harness, message: JSON) -> tuple[Any, list[str], list[list[str]]]:
    """The Word document a message carries, its paragraphs and its task table's rows."""
    document = Document(io.BytesIO(documents(harness, [message])[message["document"]["file_name"]]))
    tasks = document.tables[-2]  # the signatures last
    rows = [[cell.text for cell in row.cells] for row in tasks.rows]
    return document, [p.text for p in document.paragraphs], rows


async def test_minutes_name_the_absent_the_secretary_and_the_latest_notes(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    for org in ORGANISATIONS:
        await group.say(secretary, f"/tochuc them {org}")
    await group.say(secretary, "/hop Giao ban tháng 7")
    await group.say(secretary, "/comat Khối trưởng, Khối phó, CTĐ, Ban TĐKT")
    await group.say(secretary, "/viec @lan: gửi báo cáo sơ kết thứ 6")
    await group.say(secretary, "/viec CTĐ: lập danh sách hội viên cuối tháng 7")
    await group.say(lan, "/ghichu 1 đã có số liệu quý II")
    harness.clock.advance(timedelta(minutes=5))
    await group.say(lan, "/ghichu 1 đã gửi bản nháp")
    (minutes,) = await group.say_all(secretary, "/ketthuc")
    absent = "Liên hiệp các Hội Văn học và Nghệ thuật, Liên minh Hợp tác xã"
    assert f"Vắng mặt: {absent}" in minutes["text"]
    assert "Không có quyết định nào." in minutes["text"]
    assert "0 quyết định" not in minutes["text"]
    assert "bản nháp" not in minutes["text"]  # notes stay out of the chat's lists

    (word,) = await choose(harness, group, lan, minutes, "📄 Biên bản (Word)")
    document, paragraphs, rows = word_text(harness, word)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.author == "Khối thi đua số 1"
    assert document.core_properties.title == "Biên bản — Cuộc họp #1: Giao ban tháng 7"
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert national_header(document) == [
        ["KHỐI THI ĐUA SỐ 1"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", DATED],
    ]
    assert paragraphs[:2] == ["BIÊN BẢN HỌP", "Cuộc họp #1: Giao ban tháng 7"]
    assert "Thư ký: Thư ký" in paragraphs  # who opened the meeting (the user is called so)
    assert f"Vắng mặt: {absent}" in paragraphs
    assert "Không có quyết định nào." in paragraphs
    assert rows[1][1].endswith("\nGhi chú mới nhất: 07/07/2022, Lan: đã gửi bản nháp")
    assert "\n" not in rows[2][1]  # no note

    await group.say(secretary, "/lang en")
    (again,) = await group.say_all(lan, "/minutes 1")
    assert f"Absent: {absent}" in again["text"]
    assert "No decisions were recorded." in again["text"]
    (word,) = await choose(harness, group, lan, again, "📄 Minutes (Word)")
    document, paragraphs, rows = word_text(harness, word)
    assert national_header(document) is None
    assert paragraphs[:2] == ["Khối thi đua số 1", "Minutes — Meeting #1: Giao ban tháng 7"]
    assert round(document.sections[0].page_width.mm) == 210
    assert document.core_properties.author == "Khối thi đua số 1"
    assert ["Secretary: Thư ký", f"Absent: {absent}"] == [
        p for p in paragraphs if p.startswith(("Secretary", "Absent"))
    ]
    assert "No decisions were recorded." in paragraphs
    assert rows[1][1].endswith("\nLatest note: 7 Jul 2022, Lan: đã gửi bản nháp")

    (menu,) = await group.say_all(lan, "/export")
    (excel,) = await choose(harness, group, lan, menu, "📊 Tasks (Excel)")
    sheet = load_workbook(io.BytesIO(documents(harness, [excel])[excel["document"]["file_name"]]))
    values = [[cell.value for cell in row] for row in sheet.active.iter_rows()]  # type: ignore[union-attr]
    assert [row[-1] for row in values] == ["Latest note", "7 Jul 2022, Lan: đã gửi bản nháp", None]
    (sent,) = await group.say_all(lan, "/export csv")
    content = documents(harness, [sent])[sent["document"]["file_name"]].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content, newline="")))
    assert [row[-1] for row in rows] == ["Latest note", "7 Jul 2022, Lan: đã gửi bản nháp", ""]


async def test_bad_requests_get_a_translated_answer_and_no_file(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    empty = await group.say(secretary, "/xuat")
    assert "chưa có gì để xuất" in empty
    await replay_seed_meeting(harness, group)
    assert "Tôi không hiểu «pdf»" in await group.say(secretary, "/xuat pdf")
    assert "không có cuộc họp #7" in await group.say(secretary, "/xuat md 7")
    other = harness.group("Nhóm khác", [harness.users["minh"]], [harness.users["lan"]])
    # Another group's meeting #1 is not reachable from here.
    assert "không có cuộc họp #1" in await other.say(harness.users["minh"], "/xuat docx 1")
    assert "chưa có cuộc họp nào" in await other.say(harness.users["minh"], "/xuat md")
    assert "chưa ghi việc nào" in await other.say(harness.users["minh"], "/xuat csv")
    assert not [m for m in other.bot_messages() if "document" in m]


async def test_export_in_a_forum_topic_stays_in_the_topic(harness: Harness) -> None:
    users = harness.users
    forum = harness.sandbox.add_group(
        "Khối thi đua", members=[users["lan"]], admins=[users["secretary"]], is_forum=True
    )
    group = Group(harness, forum)
    await group.say(
        users["secretary"], "/viec @lan: gửi báo cáo trước 17h thứ 6", message_thread_id=7
    )
    (sent,) = await group.say_all(users["lan"], "/xuat ics", message_thread_id=7)
    assert sent["message_thread_id"] == 7
    event = Calendar.from_ical(documents(harness, [sent])[sent["document"]["file_name"]]).walk(
        "VEVENT"
    )[0]
    assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2022, 7, 8, 17, 0)  # noqa: DTZ001
    (menu,) = await group.say_all(users["lan"], "/xuat", message_thread_id=7)
    assert list(buttons(menu)) == [
        "📊 Danh sách việc (Excel)",
        "📅 Lịch hạn chót (.ics)",
        "📊 Danh sách việc (CSV)",
        "📦 Tất cả các tệp",
    ]  # no meeting yet: no minutes
    album = await choose(harness, group, users["lan"], menu, "📦 Tất cả các tệp", count=3)
    assert [m["message_thread_id"] for m in album] == [7, 7, 7]
    (note,) = await harness.sandbox.wait_for_bot_messages(
        group.id, after_message_id=album[-1]["message_id"]
    )
    assert note["text"].startswith("Không kèm theo: Nhóm chưa có cuộc họp nào.")
    assert note["message_thread_id"] == 7


async def test_every_export_names_a_person_once(harness: Harness) -> None:
    """Hoa is assigned in person and answers for the Red Cross, also assigned: every file says
    "Hội Chữ thập đỏ (@hoa_ctd)", as the chat does, not "@hoa_ctd, Hội Chữ thập đỏ (@hoa_ctd)".
    The files name every contact of an organisation (the chat only its first three): Hoa,
    assigned beside the Veterans' fourth contact, is named once there too."""
    secretary = harness.users["secretary"]
    hoa = harness.sandbox.add_user("Hoa", username="hoa_ctd")
    others = [harness.sandbox.add_user(f"Người {n}") for n in range(1, 4)]
    group = harness.group("Khối thi đua số 1", [hoa, *others], [secretary])
    await group.say(secretary, "/tochuc them Hội Chữ thập đỏ | CTĐ")
    await group.say(secretary, "/tochuc them Hội Cựu chiến binh | CCB")
    for org, person in [*(("CCB", p) for p in others), ("CTĐ", hoa), ("CCB", hoa)]:
        await link(group, secretary, org, person)
    await group.say(secretary, "/hop Giao ban tháng 7")
    red_cross = "Hội Chữ thập đỏ (@hoa_ctd)"
    veterans = "Hội Cựu chiến binh (Người 1, Người 2, Người 3, @hoa_ctd)"
    answer = await group.say(secretary, "/viec @hoa_ctd, CTĐ: gửi danh sách hội viên thứ 6")
    assert f"\n👤 Giao cho: {red_cross}\n" in answer
    await group.say(secretary, "/viec CCB, @hoa_ctd: lập danh sách cựu chiến binh thứ 6")
    (minutes,) = await group.say_all(secretary, "/ketthuc")
    assert minutes["text"].count("@hoa_ctd") == 2  # the chat names three contacts, then Hoa
    (menu,) = await group.say_all(secretary, "/xuat")
    sent = await choose(harness, group, secretary, menu, "📦 Tất cả các tệp", count=5)
    files = documents(harness, sent)
    tasks = Document(io.BytesIO(files["bien-ban-hop-1.docx"])).tables[-2]  # the signatures last
    assert [row.cells[2].text for row in tasks.rows[1:]] == [red_cross, veterans]
    markdown = files["bien-ban-hop-1.md"].decode().replace("\\_", "_")  # as it reads
    assert f"| {red_cross} |" in markdown
    assert f"| {veterans} |" in markdown
    sheet = load_workbook(io.BytesIO(files["danh-sach-viec-2022-07-07.xlsx"])).active
    assert sheet is not None
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [red_cross, veterans]
    text = files["danh-sach-viec-2022-07-07.csv"].decode("utf-8-sig")
    assert [row[2] for row in list(csv.reader(io.StringIO(text, newline="")))[1:]] == [
        red_cross,
        veterans,
    ]
    events = Calendar.from_ical(files["han-chot-2022-07-07.ics"]).walk("VEVENT")
    said = [str(e["DESCRIPTION"]).splitlines()[0] for e in events]
    assert said == [f"Người được giao: {red_cross}", f"Người được giao: {veterans}"]
