"""The minutes of a past meeting stay its record: the tasks recorded in it, each with the
deadline decided there and, when it changed since, the new one and when; the deadlines changed
during a later meeting are in that meeting's minutes; and the task files say which deadlines
are still to be confirmed, which tasks are overdue, and the time of a deadline given one."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from docx import Document
from icalendar import Calendar
from openpyxl import load_workbook

from tests.e2e.conftest import JSON, Group, Harness
from tests.e2e.test_exports import documents

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TASKS = (
    "/viec @lan: gửi báo cáo tài chính ngày 5 hằng tháng",  # #1, recurring
    "/viec @lan: lập danh sách hội viên 31/12/2022",  # #2
    "/viec @lan: nộp hồ sơ thi đua 17h 30/12/2022",  # #3, at a time
    "/viec @lan: họp chi bộ 4/3",  # #4, no year: asked about, unconfirmed
)
CHANGED_2 = "Thứ Bảy, 31/12/2022 (đã đổi thành Chủ Nhật, 15/01/2023 ngày 20/07/2022)"
CHANGED_3 = "Thứ Sáu, 30/12/2022 17:00 (đã đổi thành Thứ Sáu, 20/01/2023 17:00 ngày 25/07/2022)"
UNCONFIRMED_4 = "Thứ Bảy, 04/03/2023 (chưa xác nhận)"
MOVED_IN_2 = "#3 nộp hồ sơ thi đua: Thứ Sáu, 30/12/2022 17:00 → Thứ Sáu, 20/01/2023 17:00"


def word(harness: Harness, message: JSON) -> tuple[list[str], list[list[str]]]:
    """The paragraphs of the Word minutes a message carries, and its tasks table's rows."""
    content = documents(harness, [message])[message["document"]["file_name"]]
    document = Document(io.BytesIO(content))
    rows = [[cell.text for cell in row.cells] for row in document.tables[-2].rows]
    return [p.text for p in document.paragraphs], rows


def file_of(harness: Harness, message: JSON) -> bytes:
    return documents(harness, [message])[message["document"]["file_name"]]


async def first_meeting(harness: Harness, group: Group) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/hop Giao ban tháng 7")
    for text in TASKS:
        harness.clock.advance(timedelta(minutes=2))
        await group.say(secretary, text)
    harness.clock.advance(timedelta(minutes=2))
    await group.say(secretary, "/ketthuc")


async def test_past_minutes_keep_the_deadlines_decided_and_say_what_changed(
    harness: Harness, group: Group
) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await first_meeting(harness, group)
    (sent,) = await group.say_all(lan, "/xuat docx 1")
    _, on_the_day = word(harness, sent)
    assert [row[0] for row in on_the_day[1:]] == ["1", "2", "3", "4"]
    assert on_the_day[2][3] == "Thứ Bảy, 31/12/2022"
    assert on_the_day[3][3] == "Thứ Sáu, 30/12/2022 17:00"
    assert on_the_day[4][3] == UNCONFIRMED_4

    # Two weeks later: #2 gets a new deadline, #1 is done and its next occurrence (#5) is
    # recorded with meeting #1's id; neither rewrites the minutes of meeting #1.
    harness.clock.set(datetime(2022, 7, 20, 10, 0, tzinfo=VN))
    assert "Hạn mới" in await group.say(secretary, "/han 2 15/01/2023")
    assert "#5" in await group.say(lan, "/xong 1")

    # Meeting #2 changes the deadline of #3, recorded at meeting #1.
    harness.clock.set(datetime(2022, 7, 25, 9, 0, tzinfo=VN))
    await group.say(secretary, "/hop Giao ban cuối tháng 7")
    harness.clock.advance(timedelta(minutes=5))
    await group.say(secretary, "/viec @lan: chuẩn bị hội trường 30/7")  # #6
    harness.clock.advance(timedelta(minutes=5))
    assert "Hạn mới" in await group.say(secretary, "/han 3 17h 20/01/2023")
    harness.clock.advance(timedelta(minutes=5))
    (ended,) = await group.say_all(secretary, "/ketthuc")
    assert f"Đổi hạn trong cuộc họp\n\n{MOVED_IN_2}" in ended["text"]
    assert "1 việc được giao" in ended["text"]

    harness.clock.set(datetime(2022, 9, 10, 9, 0, tzinfo=VN))
    minutes = await group.say(lan, "/bienban 1")
    assert "4 việc được giao" in minutes
    assert "#5" not in minutes  # the occurrence created on 20/07 was not recorded at the meeting
    assert CHANGED_2 in minutes
    assert CHANGED_3 in minutes
    assert UNCONFIRMED_4 in minutes
    assert "Đổi hạn trong cuộc họp" not in minutes

    (sent,) = await group.say_all(lan, "/xuat docx 1")
    paragraphs, rows = word(harness, sent)
    assert "4 việc được giao" in paragraphs
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "4"]
    assert [row[3] for row in rows[1:]] == [
        "Thứ Sáu, 05/08/2022 · 🔁 ngày 5 hằng tháng",
        CHANGED_2,
        CHANGED_3,
        UNCONFIRMED_4,
    ]
    assert not [p for p in paragraphs if "Đổi hạn" in p]
    (sent,) = await group.say_all(lan, "/xuat md 1")
    markdown = file_of(harness, sent).decode("utf-8")
    assert "## 4 việc được giao" in markdown
    assert f"| {CHANGED_2} | đang mở |" in markdown
    assert f"| {CHANGED_3} | đang mở |" in markdown
    assert "| 5 |" not in markdown

    # Meeting #2's minutes: its own task, and the deadline changed during it.
    (sent,) = await group.say_all(lan, "/xuat docx 2")
    paragraphs, rows = word(harness, sent)
    assert [row[0] for row in rows[1:]] == ["6"]
    section = paragraphs.index("Đổi hạn trong cuộc họp")
    assert paragraphs[section + 1] == MOVED_IN_2
    (sent,) = await group.say_all(lan, "/xuat md 2")
    markdown = file_of(harness, sent).decode("utf-8")
    assert f"## Đổi hạn trong cuộc họp\n\n- {MOVED_IN_2}\n" in markdown

    await group.say(secretary, "/lang en")
    minutes = await group.say(lan, "/minutes 1")
    assert "Sat 31 Dec 2022 (changed to Sun 15 Jan 2023 on 20 Jul 2022)" in minutes
    assert "Sat 4 Mar 2023 (not confirmed yet)" in minutes
    (sent,) = await group.say_all(lan, "/export docx 2")
    paragraphs, _ = word(harness, sent)
    section = paragraphs.index("Deadlines changed in this meeting")
    assert paragraphs[section + 1] == (
        "#3 nộp hồ sơ thi đua: Fri 30 Dec 2022 17:00 → Fri 20 Jan 2023 17:00"
    )


async def test_task_files_mark_unconfirmed_and_overdue_and_keep_the_time(
    harness: Harness, group: Group
) -> None:
    lan = harness.users["lan"]
    await first_meeting(harness, group)
    await group.say(lan, "/xong 1")  # #5 is due on 05/09/2022
    harness.clock.set(datetime(2022, 9, 10, 9, 0, tzinfo=VN))
    (sent,) = await group.say_all(lan, "/xuat xlsx")
    sheet = load_workbook(io.BytesIO(file_of(harness, sent))).active
    assert sheet is not None
    rows: list[list[Any]] = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [(row[0], row[5]) for row in rows] == [
        (1, "đã xong"),
        (2, "đang mở"),
        (3, "đang mở"),
        (4, "đang mở"),
        (5, "quá hạn"),
    ]
    assert rows[2][3] == datetime(2022, 12, 30, 17, 0)  # noqa: DTZ001 - the chat's wall clock
    assert sheet["D4"].number_format == "dd/mm/yyyy hh:mm"
    assert rows[3][4] == "4/3 (chưa xác nhận)"
    assert rows[1][4] == "31/12/2022"
    (sent,) = await group.say_all(lan, "/xuat csv")
    text = file_of(harness, sent).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert [row[5] for row in table] == ["đã xong", "đang mở", "đang mở", "đang mở", "quá hạn"]
    assert table[2][3] == "2022-12-30 17:00"
    assert table[3][4] == "4/3 (chưa xác nhận)"
    (sent,) = await group.say_all(lan, "/xuat ics")
    events = {
        str(e["SUMMARY"]): str(e["DESCRIPTION"])
        for e in Calendar.from_ical(file_of(harness, sent)).walk("VEVENT")
    }
    assert "Hạn này chưa được xác nhận" in events["#4 họp chi bộ"]
    assert "xác nhận" not in events["#2 lập danh sách hội viên"]
    await group.say(harness.users["secretary"], "/lang en")
    (sent,) = await group.say_all(lan, "/export csv")
    text = file_of(harness, sent).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert [row[5] for row in table] == ["done", "open", "open", "open", "overdue"]
    assert table[3][4] == "4/3 (not confirmed yet)"


async def test_a_new_time_zone_is_no_change_of_the_deadline_decided(
    harness: Harness, group: Group
) -> None:
    """A new zone re-anchors a date to the same day there (audited as due_zone): the minutes
    say nothing changed."""
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    await first_meeting(harness, group)
    harness.clock.advance(timedelta(days=1))
    await group.say(secretary, "/caidat tz Asia/Tokyo")
    minutes = await group.say(lan, "/bienban 1")
    assert "đã đổi" not in minutes
    assert "Thứ Bảy, 31/12/2022" in minutes
    assert "Thứ Sáu, 30/12/2022 19:00" in minutes  # 17:00 in Vietnam is 19:00 in Tokyo
