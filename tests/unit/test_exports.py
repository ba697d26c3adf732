"""Every export file opened with its own library and read back, in both languages."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Pt
from docx.table import _Cell
from icalendar import Calendar
from openpyxl import load_workbook

from bot.errors import InvalidInput
from bot.exports.bundle import available, build, file_name
from bot.exports.ical import deadlines_ics
from bot.exports.markdown import minutes_markdown
from bot.exports.request import FORMATS, ExportRequest, parse_request
from bot.exports.sheet import tasks_csv, tasks_xlsx
from bot.exports.text import slug
from bot.exports.word import minutes_docx
from bot.i18n import Catalogs, Translator
from tests.unit.exports_seed import EXPORTED, seed_data

CATALOGS = Catalogs("vi")
VI, EN = CATALOGS.get("vi"), CATALOGS.get("en")


def minutes_of(language: str):  # type: ignore[no-untyped-def]  # a test helper
    minutes = seed_data(language).minutes
    assert minutes is not None
    return minutes


# --- Markdown -----------------------------------------------------------------------------------


def test_markdown_minutes_in_vietnamese() -> None:
    text = minutes_markdown(VI, minutes_of("vi"))
    lines = text.splitlines()
    assert lines[0] == "# Biên bản — Cuộc họp #1: Sơ kết thi đua 6 tháng đầu năm 2022"
    assert "**Thời gian:** Thứ Năm, 07/07/2022, 09:00–11:30  " in lines
    assert "**Nhóm:** Khối thi đua các Hội có tính chất đặc thù số 1  " in lines
    assert "**Thư ký:** Nguyễn Thị Thu  " in lines
    assert any(line.startswith("**Có mặt:** Liên hiệp các Hội Khoa học") for line in lines)
    assert "**Vắng mặt:** Liên minh Hợp tác xã, Ban Thi đua – Khen thưởng thành phố" in lines
    assert "## 1 quyết định" in lines
    assert "- **QĐ1.** Khối trưởng ghi nhận tất cả ý kiến góp ý dự thảo báo cáo chung." in lines
    assert "## 5 việc được giao" in lines
    assert "| Số | Việc | Người được giao | Hạn chót | Trạng thái |" in lines
    assert (
        "| 3 | phối hợp tổ chức Hội thảo chuyển đổi số — *Ghi chú mới nhất: 08/07/2022, Hoa: "
        "đã gửi nhu cầu của Hội* | Liên hiệp các Hội Khoa học và Kỹ thuật thành phố, Hội Chữ "
        "thập đỏ (@hoa\\_ctd) | Chủ Nhật, 31/07/2022 | đang mở |"
    ) in lines
    assert (
        "| 2 | hướng dẫn thủ tục khen thưởng nhiệm kỳ | Ban Thi đua – Khen thưởng thành phố"
        " | chưa có hạn | đang mở |" in lines
    )
    assert any(line.startswith("| 4 |") and line.endswith("| đã xong |") for line in lines)
    assert any(line.startswith("| 5 |") and line.endswith("| đã huỷ |") for line in lines)


def test_markdown_minutes_in_english() -> None:
    text = minutes_markdown(EN, minutes_of("en"))
    assert text.startswith("# Minutes — Meeting #1: Sơ kết thi đua 6 tháng đầu năm 2022\n")
    assert "**Date:** Thu 7 Jul 2022, 09:00–11:30" in text
    assert "**Secretary:** Nguyễn Thị Thu  \n" in text
    assert "**Absent:** Liên minh Hợp tác xã, Ban Thi đua – Khen thưởng thành phố\n" in text
    assert "## 1 decision\n" in text
    assert "- **D1.** Khối trưởng" in text
    assert "## 5 tasks\n" in text
    assert "| Sun 31 Jul 2022 | open |" in text
    assert "| Sat 31 Dec 2022 | open |" in text


def test_markdown_escapes_user_text_and_keeps_a_row_on_one_line() -> None:
    minutes = minutes_of("vi")
    task = replace(minutes.tasks[0], title="a | b *c*\nd_e")
    bare = replace(minutes, tasks=(task,), decisions=(), attendees=(), absent=(), secretary=None)
    text = minutes_markdown(VI, bare)
    assert "| 1 | a \\| b \\*c\\* d\\_e |" in text
    assert "**Có mặt:** chưa ghi\n" in text  # no secretary, nobody absent: no lines for them
    assert "Thư ký" not in text
    assert "Vắng mặt" not in text
    # An empty section says so in words, not under a heading "0 quyết định".
    assert "\nKhông có quyết định nào.\n" in text
    assert "0 quyết định" not in text
    text = minutes_markdown(EN, replace(bare, tasks=()))
    assert text.endswith("\nNo decisions were recorded.\n\nNo tasks were assigned.\n")
    assert "0 tasks" not in text


def test_a_task_for_several_shows_whose_part_is_done_in_the_minutes_and_the_sheets() -> None:
    minutes = minutes_of("vi")
    [task] = [task for task in minutes.tasks if task.number == 3]
    leader, red_cross = task.assignees
    done = replace(red_cross, done_at=EXPORTED, done_by=3)
    in_progress = replace(task, assignees=(leader, done))
    text = minutes_markdown(VI, replace(minutes, tasks=(in_progress,)))
    assert (
        "| Liên hiệp các Hội Khoa học và Kỹ thuật thành phố, Hội Chữ thập đỏ (@hoa\\_ctd) "
        "(đã xong) | Chủ Nhật, 31/07/2022 | đang mở, 1/2 phần đã xong |"
    ) in text
    data = seed_data("en")
    items = tuple(
        replace(item, task=replace(item.task, assignees=(leader, done)))
        if item.task.number == 3
        else item
        for item in data.tasks
    )
    content = tasks_csv(EN, replace(data, tasks=items)).decode("utf-8-sig")
    [row] = [r for r in csv.reader(io.StringIO(content, newline="")) if r[0] == "3"]
    assert row[2].endswith("Hội Chữ thập đỏ (@hoa_ctd) (done)")
    assert row[5] == "open, 1 of 2 parts done"
    # Each part done (the task closed with the last): shown as any task done.
    finished = replace(task, assignees=(replace(leader, done_at=EXPORTED), done))
    text = minutes_markdown(VI, replace(minutes, tasks=(finished,)))
    assert "(đã xong)" not in text
    assert "phần đã xong" not in text


def test_markdown_minutes_of_an_open_meeting_say_so() -> None:
    minutes = minutes_of("en")
    still_open = replace(minutes, meeting=replace(minutes.meeting, ended_at=None, title=""))
    text = minutes_markdown(EN, still_open)
    assert text.startswith("# Minutes — Meeting #1\n")
    assert "**Date:** Thu 7 Jul 2022, 09:00 (still open)" in text


# --- Word ---------------------------------------------------------------------------------------


def millimetres(*lengths: Length | None) -> tuple[float, ...]:
    """Lengths in whole millimetres (Word stores them in twentieths of a point)."""
    return tuple(round(length.mm) if length is not None else -1 for length in lengths)


def _docx(t: Translator, language: str):  # type: ignore[no-untyped-def]  # a test helper
    return Document(io.BytesIO(minutes_docx(t, minutes_of(language))))


def texts(cell: _Cell) -> list[str]:
    """The lines of a table cell that hold text."""
    return [p.text for p in cell.paragraphs if p.text]


def test_word_minutes_in_vietnamese_open_with_the_national_header() -> None:
    """Decree 30/2020/NĐ-CP: the issuer (the group) beside the national name and motto, then
    the date, in a table without borders; then the title."""
    document = _docx(VI, "vi")
    header = document.tables[0]
    assert header.style is not None
    assert header.style.name == "Normal Table"  # no borders
    ((issuer, state),) = [row.cells for row in header.rows]
    assert texts(issuer) == ["KHỐI THI ĐUA CÁC HỘI CÓ TÍNH CHẤT ĐẶC THÙ SỐ 1"]
    assert issuer.paragraphs[0].runs[0].bold
    rule = issuer.paragraphs[1]  # the short line under the group's name
    assert rule.text == ""
    assert rule._p.xpath("./w:pPr/w:pBdr/w:bottom[@w:val='single']")
    assert 0 < millimetres(rule.paragraph_format.left_indent)[0] < 30  # narrower than the name
    assert texts(state) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ngày 07 tháng 7 năm 2022",  # the meeting's day
    ]
    country, motto, dated = (p for p in state.paragraphs if p.text)
    assert country.runs[0].bold
    assert motto.runs[0].bold
    assert motto.runs[0].underline
    assert dated.runs[0].italic
    assert not dated.runs[0].bold
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in state.paragraphs)
    title, meeting = document.paragraphs[:2]
    assert (title.text, meeting.text) == (
        "BIÊN BẢN HỌP",
        "Cuộc họp #1: Sơ kết thi đua 6 tháng đầu năm 2022",
    )
    assert title.alignment == meeting.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].bold
    assert meeting.runs[0].bold


@pytest.mark.parametrize(
    ("started", "dated"),
    [
        (datetime(2023, 2, 5, 2, 0, tzinfo=UTC), "Ngày 05 tháng 02 năm 2023"),
        (datetime(2022, 12, 10, 2, 0, tzinfo=UTC), "Ngày 10 tháng 12 năm 2022"),
        # 01:00 on New Year's Day in Vietnam: the chat's day, not UTC's
        (datetime(2022, 12, 31, 18, 0, tzinfo=UTC), "Ngày 01 tháng 01 năm 2023"),
    ],
)
def test_the_national_header_dates_the_meeting_as_the_decree_writes_days(
    started: datetime, dated: str
) -> None:
    minutes = minutes_of("vi")
    meeting = replace(minutes.meeting, started_at=started, ended_at=started + timedelta(hours=2))
    document = Document(io.BytesIO(minutes_docx(VI, replace(minutes, meeting=meeting))))
    assert texts(document.tables[0].rows[0].cells[1])[-1] == dated


def test_word_minutes_of_a_group_without_a_name_leave_the_issuer_blank() -> None:
    minutes = minutes_of("vi")
    document = Document(
        io.BytesIO(minutes_docx(VI, replace(minutes, chat=replace(minutes.chat, title=None))))
    )
    issuer, state = document.tables[0].rows[0].cells
    assert [p.text for p in issuer.paragraphs] == [""]  # nor a line under no name
    assert texts(state)[0] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert document.paragraphs[0].text == "BIÊN BẢN HỌP"


def test_word_minutes_in_vietnamese_have_title_date_attendees_decisions_and_a_task_table() -> None:
    document = _docx(VI, "vi")
    paragraphs = [p.text for p in document.paragraphs]
    assert "Thời gian: Thứ Năm, 07/07/2022, 09:00–11:30" in paragraphs
    assert "Thư ký: Nguyễn Thị Thu" in paragraphs
    assert (
        "Có mặt: Liên hiệp các Hội Khoa học và Kỹ thuật thành phố, Liên hiệp các Tổ chức Hữu "
        "nghị, Hội Chữ thập đỏ"
    ) in paragraphs
    assert "Vắng mặt: Liên minh Hợp tác xã, Ban Thi đua – Khen thưởng thành phố" in paragraphs
    assert "1 quyết định" in paragraphs
    decision = next(p for p in document.paragraphs if p.text.startswith("QĐ1."))
    assert decision.style.name == "List Bullet"
    assert decision.runs[0].bold
    assert "5 việc được giao" in paragraphs
    assert len(document.tables) == 3  # the header, the tasks, the signatures
    table = document.tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Số", "Việc", "Người được giao", "Hạn chót", "Trạng thái"]
    assert rows[3] == [
        "3",
        "phối hợp tổ chức Hội thảo chuyển đổi số\nGhi chú mới nhất: 08/07/2022, Hoa: đã gửi nhu "
        "cầu của Hội",
        "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố, Hội Chữ thập đỏ (@hoa_ctd)",
        "Chủ Nhật, 31/07/2022",
        "đang mở",
    ]
    assert table.rows[3].cells[1].paragraphs[1].runs[0].italic  # the note, under the title
    assert rows[2][1] == "hướng dẫn thủ tục khen thưởng nhiệm kỳ"  # no note: the title alone
    assert rows[2][3] == "chưa có hạn"
    assert [row[4] for row in rows[1:]] == ["đang mở", "đang mở", "đang mở", "đã xong", "đã huỷ"]
    assert document.core_properties.language == "vi-VN"


def test_word_minutes_are_an_a4_page_in_times_new_roman() -> None:
    document = _docx(VI, "vi")
    (section,) = document.sections
    assert millimetres(section.page_width, section.page_height) == (210, 297)  # A4
    assert millimetres(section.left_margin, section.right_margin) == (30, 20)
    assert millimetres(section.top_margin, section.bottom_margin) == (20, 20)
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(13))  # type: ignore[attr-defined]
    # No paragraph uses the template's Title or Heading styles (theme fonts, in blue).
    assert {p.style.name for p in document.paragraphs} <= {"Normal", "List Bullet"}


def test_word_minutes_say_who_wrote_them_and_end_with_signatures() -> None:
    document = _docx(VI, "vi")
    properties = document.core_properties
    assert properties.author == "Khối thi đua các Hội có tính chất đặc thù số 1"
    assert properties.last_modified_by == properties.author
    assert properties.comments == ""  # python-docx's template says "generated by python-docx"
    assert properties.title == "Biên bản — Cuộc họp #1: Sơ kết thi đua 6 tháng đầu năm 2022"
    assert properties.created == datetime(2022, 7, 7, 2, 0, tzinfo=UTC)
    assert properties.modified == datetime(2022, 7, 7, 4, 30, tzinfo=UTC)
    secretary, chair = document.tables[-1].rows[0].cells
    assert [p.text for p in secretary.paragraphs if p.text] == [
        "THƯ KÝ",
        "(Ký, ghi rõ họ tên)",
        "Nguyễn Thị Thu",
    ]
    assert [p.text for p in chair.paragraphs if p.text] == ["CHỦ TRÌ", "(Ký, ghi rõ họ tên)"]


def test_word_minutes_in_english() -> None:
    document = _docx(EN, "en")
    paragraphs = [p.text for p in document.paragraphs]
    # A plain header: the group, then the title; no national name, motto or header table.
    assert paragraphs[:2] == [
        "Khối thi đua các Hội có tính chất đặc thù số 1",
        "Minutes — Meeting #1: Sơ kết thi đua 6 tháng đầu năm 2022",
    ]
    assert len(document.tables) == 2  # the tasks, the signatures
    cells = [p for table in document.tables for c in table._cells for p in texts(c)]
    everything = "\n".join([*paragraphs, *cells])
    assert "Độc lập" not in everything
    assert "Independence" not in everything
    assert "REPUBLIC" not in everything.upper()
    assert "Date: Thu 7 Jul 2022, 09:00–11:30" in paragraphs
    assert "Secretary: Nguyễn Thị Thu" in paragraphs
    assert "Absent: Liên minh Hợp tác xã, Ban Thi đua – Khen thưởng thành phố" in paragraphs
    assert "1 decision" in paragraphs
    assert "5 tasks" in paragraphs
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["No.", "Task", "Assigned to", "Deadline", "Status"]
    assert rows[1][3] == "Sat 31 Dec 2022"
    assert rows[3][1].endswith("\nLatest note: 8 Jul 2022, Hoa: đã gửi nhu cầu của Hội")
    assert rows[4][4] == "done"
    signatures = [p.text for cell in document.tables[-1].rows[0].cells for p in cell.paragraphs]
    assert {"SECRETARY", "CHAIR", "(signature and full name)"} <= set(signatures)
    section = document.sections[0]
    assert millimetres(section.page_width, section.page_height) == (210, 297)
    assert document.core_properties.language == "en-GB"


def test_word_minutes_without_decisions_tasks_or_a_group_name_say_so() -> None:
    minutes = minutes_of("en")
    bare = replace(
        minutes,
        chat=replace(minutes.chat, title=None),
        decisions=(),
        tasks=(),
        attendees=(),
        absent=(),
        secretary=None,
    )
    document = Document(io.BytesIO(minutes_docx(EN, bare)))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs == [
        "Minutes — Meeting #1: Sơ kết thi đua 6 tháng đầu năm 2022",
        "Date: Thu 7 Jul 2022, 09:00–11:30",
        "Present: not recorded",
        "No decisions were recorded.",
        "No tasks were assigned.",
    ]
    assert len(document.tables) == 1  # the signatures; no table of tasks
    assert document.core_properties.author == "Meeting follow-up bot"


# --- Spreadsheets -------------------------------------------------------------------------------

HEADER_VI = [
    "Số",
    "Việc",
    "Người được giao",
    "Hạn chót",
    "Hạn như đã nói",
    "Trạng thái",
    "Cuộc họp số",
    "Ngày giao",
    "Ngày xong",
    "Lặp lại",
    "Ghi chú mới nhất",
]


def test_workbook_has_a_frozen_filtered_header_and_real_date_cells() -> None:
    workbook = load_workbook(io.BytesIO(tasks_xlsx(VI, seed_data("vi"))))
    sheet = workbook.active
    assert sheet is not None
    assert sheet.title == "Danh sách việc"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER_VI
    assert len(rows) == 7  # the header and six tasks
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K7"
    assert all(cell.font.bold for cell in sheet[1])
    assert 8 <= sheet.column_dimensions["B"].width <= 60
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width
    leader = "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố"
    assert rows[3][:7] == [
        3,
        "phối hợp tổ chức Hội thảo chuyển đổi số",
        f"{leader}, Hội Chữ thập đỏ (@hoa_ctd)",
        datetime(2022, 7, 31),  # noqa: DTZ001 - Excel dates have no zone: the chat's wall clock
        "cuối tháng 7 năm 2022",
        "đang mở",
        1,
    ]
    deadline = sheet["D4"]
    assert deadline.is_date
    assert deadline.number_format == "dd/mm/yyyy"
    timed = sheet["D7"]  # "17h thứ 6": a time was said, so the cell has it
    assert timed.value == datetime(2022, 7, 8, 17, 0)  # noqa: DTZ001 - wall clock
    assert timed.number_format == "dd/mm/yyyy hh:mm"
    assert rows[2][3] is None  # no deadline
    assert rows[4][8] == datetime(2022, 8, 1, 10, 15)  # noqa: DTZ001 - done at, wall clock
    assert sheet["H2"].is_date
    assert rows[6][6] is None  # recorded outside a meeting
    # The latest progress note of each task, its author when still known.
    assert [row[10] for row in rows[1:]] == [
        None,
        None,
        "08/07/2022, Hoa: đã gửi nhu cầu của Hội",
        None,
        None,
        "08/07/2022: đang soát lỗi",
    ]
    assert sheet["K4"].alignment.wrap_text


def test_workbook_in_english_uses_english_headers_and_dates() -> None:
    sheet = load_workbook(io.BytesIO(tasks_xlsx(EN, seed_data("en")))).active
    assert sheet is not None
    assert sheet.title == "Tasks"
    assert [c.value for c in sheet[1]][:4] == ["No.", "Task", "Assigned to", "Deadline"]
    assert sheet["D2"].number_format == "d mmm yyyy"
    assert sheet["F5"].value == "done"
    assert sheet["K1"].value == "Latest note"
    assert sheet["K4"].value == "8 Jul 2022, Hoa: đã gửi nhu cầu của Hội"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_csv_starts_with_a_bom_and_has_the_workbook_columns(language: str) -> None:
    t = CATALOGS.get(language)
    data = seed_data(language)
    content = tasks_csv(t, data)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    sheet = load_workbook(io.BytesIO(tasks_xlsx(t, data))).active
    assert sheet is not None
    assert rows[0] == [c.value for c in sheet[1]]
    assert len(rows) == 7
    assert rows[1][1] == "tổ chức 01 cuộc Hội thảo chung về chức năng, nhiệm vụ của Khối"
    assert rows[3][3:5] == ["2022-07-31", "cuối tháng 7 năm 2022"]
    assert rows[6][3] == "2022-07-08 17:00"
    assert rows[6][1] == "gửi báo cáo | bản *nháp*"
    assert rows[4][8] == "2022-08-01 10:15"
    assert rows[6][6] == ""
    assert rows[6][10].endswith(": đang soát lỗi")


FORMULAS = ('=HYPERLINK("http://example.com","x")', "+1+1", "-2+3", "@SUM(1)", "=1+1 tổng hợp")


def _with_titles(language: str, titles: tuple[str, ...]):  # type: ignore[no-untyped-def]
    data = seed_data(language)
    tasks = tuple(
        replace(item, task=replace(item.task, title=title))
        for item, title in zip(data.tasks, titles, strict=False)
    )
    return replace(data, tasks=tasks)


def test_no_title_becomes_a_formula_in_the_workbook() -> None:
    data = _with_titles("vi", FORMULAS)
    sheet = load_workbook(io.BytesIO(tasks_xlsx(VI, data))).active
    assert sheet is not None
    cells = [sheet.cell(row=index, column=2) for index in range(2, 2 + len(FORMULAS))]
    assert [cell.value for cell in cells] == list(FORMULAS)
    assert {cell.data_type for cell in cells} == {"s"}


def test_no_title_becomes_a_formula_in_the_csv() -> None:
    data = _with_titles("en", (*FORMULAS, "a plain = title"))
    content = tasks_csv(EN, data).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content, newline="")))
    assert [row[1] for row in rows[1 : 2 + len(FORMULAS)]] == [
        *(f"'{title}" for title in FORMULAS),
        "a plain = title",
    ]


# --- Calendar -----------------------------------------------------------------------------------


def _calendar(t: Translator, language: str, **changes: object) -> Calendar:
    data = replace(seed_data(language), **changes)  # type: ignore[arg-type]
    return Calendar.from_ical(deadlines_ics(t, data))


def test_calendar_has_one_event_per_open_task_with_a_deadline() -> None:
    calendar = _calendar(VI, "vi")
    events = calendar.walk("VEVENT")
    # Open with a deadline: #6 (08/07 17:00), #3 (31/07), #1 (31/12); #2 has none, #4 is done,
    # #5 is cancelled.
    assert [str(e["SUMMARY"]) for e in events] == [
        "#6 gửi báo cáo | bản *nháp*",
        "#3 phối hợp tổ chức Hội thảo chuyển đổi số",
        "#1 tổ chức 01 cuộc Hội thảo chung về chức năng, nhiệm vụ của Khối",
    ]
    timed, workshop, seminar = events
    start = timed.decoded("DTSTART")
    assert isinstance(start, datetime)
    assert start == datetime(2022, 7, 8, 10, 0, tzinfo=UTC)
    assert timed["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert workshop.decoded("DTSTART") == date(2022, 7, 31)
    assert not isinstance(workshop.decoded("DTSTART"), datetime)  # all day
    assert workshop.decoded("DTEND") == date(2022, 8, 1)
    assert seminar.decoded("DTSTART") == date(2022, 12, 31)
    assert (
        "Người được giao: Liên hiệp các Hội Khoa học và Kỹ thuật thành phố, Hội Chữ thập đỏ"
        in str(workshop["DESCRIPTION"])
    )
    assert "Hạn như đã nói: cuối tháng 7 năm 2022" in str(workshop["DESCRIPTION"])
    assert (
        str(calendar["X-WR-CALNAME"]) == "Hạn chót — Khối thi đua các Hội có tính chất đặc thù số 1"
    )
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_calendar_has_no_english_comment(language: str) -> None:
    content = deadlines_ics(CATALOGS.get(language), seed_data(language))
    assert b"COMMENT" not in content  # icalendar's "This timezone only works from 1970..."


def test_calendar_reminds_a_day_before() -> None:
    events = _calendar(EN, "en").walk("VEVENT")
    alarms = [event.walk("VALARM")[0] for event in events]
    assert alarms[0].decoded("TRIGGER") == timedelta(days=-1)  # timed: 24 h before
    assert alarms[1].decoded("TRIGGER") == timedelta(hours=-15)  # all day: 09:00 the day before
    assert (
        str(alarms[1]["DESCRIPTION"]) == "Due tomorrow: #3 phối hợp tổ chức Hội thảo chuyển đổi số"
    )
    assert str(events[0]["DESCRIPTION"]).startswith("Assigned to: @lan")


def test_calendar_uids_are_stable_across_exports_and_differ_between_chats() -> None:
    first = [str(e["UID"]) for e in _calendar(VI, "vi").walk("VEVENT")]
    later = [
        str(e["UID"]) for e in _calendar(VI, "vi", at=EXPORTED + timedelta(days=3)).walk("VEVENT")
    ]
    assert first == later
    assert first[0] == "task-106-chat--1001234@followup-bot"
    data = seed_data("vi")
    other = [
        str(e["UID"])
        for e in _calendar(VI, "vi", chat=replace(data.chat, telegram_id=-42)).walk("VEVENT")
    ]
    assert set(first).isdisjoint(other)


# --- Requests, names and bundles ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "formats", "meeting"),
    [
        ("", (), ""),  # none named: the user is to choose
        ("docx", ("docx",), ""),
        ("MD 3", ("md",), "3"),
        (".xlsx #2", ("xlsx",), "#2"),
        ("word excel", ("docx", "xlsx"), ""),
        ("4", (), "4"),
        ("ics ics", ("ics",), ""),
    ],
)
def test_parse_request(text: str, formats: tuple[str, ...], meeting: str) -> None:
    assert parse_request(text) == ExportRequest(formats, meeting)


@pytest.mark.parametrize("text", ["pdf", "md 3 4", "docx ba"])
def test_parse_request_names_the_word_it_does_not_understand(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_request(text)
    assert caught.value.key == "export.usage"
    assert caught.value.params["text"] == text.split()[-1]


def test_file_names_are_readable_safe_and_in_the_chat_language() -> None:
    vi, en = seed_data("vi"), seed_data("en")
    assert file_name(VI, "md", vi) == "bien-ban-hop-1.md"
    assert file_name(EN, "docx", en) == "minutes-meeting-1.docx"
    assert file_name(VI, "xlsx", vi) == "danh-sach-viec-2022-07-07.xlsx"
    assert file_name(EN, "csv", en) == "tasks-2022-07-07.csv"
    assert file_name(EN, "ics", en) == "deadlines-2022-07-07.ics"
    assert slug("Biên bản / họp: Đoàn ../ 3") == "bien-ban-hop-doan-3"
    assert slug("🙂") == "export"


def test_the_whole_bundle_in_the_order_asked() -> None:
    bundle = build(VI, seed_data("vi"), ExportRequest())
    assert [f.name for f in bundle.files] == [
        "bien-ban-hop-1.md",
        "bien-ban-hop-1.docx",
        "danh-sach-viec-2022-07-07.xlsx",
        "danh-sach-viec-2022-07-07.csv",
        "han-chot-2022-07-07.ics",
    ]
    assert bundle.left_out == []
    assert bundle.files[2].media_type.endswith("spreadsheetml.sheet")


def test_what_cannot_be_made_is_left_out_of_several_and_refused_alone() -> None:
    data = seed_data("vi")
    closed = tuple(item for item in data.tasks if item.task.due is None)
    no_deadlines = replace(data, minutes=None, tasks=closed)
    bundle = build(VI, no_deadlines, ExportRequest())
    assert [f.format for f in bundle.files] == ["xlsx", "csv"]
    assert bundle.left_out == ["meeting.none_yet", "export.no_deadlines"]
    with pytest.raises(InvalidInput) as caught:
        build(VI, no_deadlines, parse_request("ics"))
    assert caught.value.key == "export.no_deadlines"
    with pytest.raises(InvalidInput) as caught:
        build(VI, replace(data, minutes=None, tasks=()), ExportRequest())
    assert caught.value.key == "export.nothing"
    with pytest.raises(InvalidInput) as caught:
        build(VI, replace(data, tasks=()), parse_request("csv"))
    assert caught.value.key == "export.no_tasks"


def test_the_menu_offers_the_formats_there_is_something_for() -> None:
    data = seed_data("vi")
    assert available(data) == list(FORMATS)
    no_meeting = replace(data, minutes=None)
    assert available(no_meeting) == ["xlsx", "csv", "ics"]
    closed = tuple(item for item in data.tasks if item.task.due is None)
    assert available(replace(data, tasks=closed)) == ["md", "docx", "xlsx", "csv"]
    with pytest.raises(InvalidInput) as caught:
        available(replace(data, minutes=None, tasks=()))
    assert caught.value.key == "export.nothing"
