"""The seed meeting of 07/7/2022 as domain records, for the export tests."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import (
    Assignee,
    Chat,
    Contact,
    Decision,
    Due,
    Meeting,
    Minutes,
    Task,
    TaskNote,
    TaskStatus,
)
from bot.exports.request import ExportData, ExportedTask

ZONE = "Asia/Ho_Chi_Minh"
STARTED = datetime(2022, 7, 7, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam
ENDED = datetime(2022, 7, 7, 4, 30, tzinfo=UTC)  # 11:30
EXPORTED = datetime(2022, 7, 7, 5, 0, tzinfo=UTC)
LEADER = Assignee("Liên hiệp các Hội Khoa học và Kỹ thuật thành phố", organisation_id=1)
BOARD = Assignee("Ban Thi đua – Khen thưởng thành phố", organisation_id=6)
RED_CROSS = Assignee(
    "Hội Chữ thập đỏ",
    organisation_id=4,
    contacts=(Contact(77, "Hoa", "hoa_ctd"),),
)
LAN = Assignee("@lan", person_id=3, username="lan")
ATTENDEES = (
    "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố",
    "Liên hiệp các Tổ chức Hữu nghị",
    "Hội Chữ thập đỏ",
)
ABSENT = ("Liên minh Hợp tác xã", "Ban Thi đua – Khen thưởng thành phố")
SECRETARY = "Nguyễn Thị Thu"
# The latest progress notes of tasks #3 (by a contact of the Red Cross) and #6 (its author
# since forgotten).
NOTES = {
    103: TaskNote(datetime(2022, 7, 8, 1, 30, tzinfo=UTC), "Hoa", "đã gửi nhu cầu của Hội"),
    106: TaskNote(datetime(2022, 7, 7, 20, 0, tzinfo=UTC), None, "đang soát lỗi"),
}


def end_of_day(year: int, month: int, day: int) -> datetime:
    """23:59:59 of a day in Vietnam, as a UTC instant."""
    return datetime(year, month, day, 16, 59, 59, tzinfo=UTC)


def _task(number: int, title: str, due: Due | None, *who: Assignee, **more: object) -> Task:
    fields: dict[str, object] = {
        "status": TaskStatus.OPEN,
        "created_at": STARTED,
        "meeting_id": 1,
        **more,
    }
    return Task(  # type: ignore[arg-type]  # the keyword arguments are Task's own
        id=100 + number,
        chat_id=1,
        number=number,
        title=title,
        due=due,
        assignees=who,
        **fields,
    )


def seed_data(language: str = "vi") -> ExportData:
    """Chat, minutes and tasks of the seed meeting, plus a task from outside the meeting."""
    chat = Chat(1, -1001234, "Khối thi đua các Hội có tính chất đặc thù số 1", ZONE, language, True)
    meeting = Meeting(1, 1, 1, "Sơ kết thi đua 6 tháng đầu năm 2022", STARTED, ENDED)
    decision = Decision(
        1, 1, 1, "Khối trưởng ghi nhận tất cả ý kiến góp ý dự thảo báo cáo chung.", STARTED
    )
    tasks = (
        _task(
            1,
            "tổ chức 01 cuộc Hội thảo chung về chức năng, nhiệm vụ của Khối",
            Due(end_of_day(2022, 12, 31), "period", "6 tháng cuối năm 2022"),
            LEADER,
        ),
        _task(2, "hướng dẫn thủ tục khen thưởng nhiệm kỳ", None, BOARD),
        _task(
            3,
            "phối hợp tổ chức Hội thảo chuyển đổi số",
            Due(end_of_day(2022, 7, 31), "period", "cuối tháng 7 năm 2022"),
            LEADER,
            RED_CROSS,
        ),
        _task(
            4,
            "xin chủ trương cho các hoạt động chung",
            Due(end_of_day(2022, 11, 30), "period", "tháng 11 năm 2022"),
            LEADER,
            status=TaskStatus.DONE,
            done_at=datetime(2022, 8, 1, 3, 15, tzinfo=UTC),
        ),
        _task(
            5,
            "in tài liệu",
            Due(end_of_day(2022, 7, 8), "day", "mai"),
            LAN,
            status=TaskStatus.CANCELLED,
        ),
    )
    outside = _task(
        6,
        "gửi báo cáo | bản *nháp*",
        Due(datetime(2022, 7, 8, 10, 0, tzinfo=UTC), "time", "17h thứ 6"),
        LAN,
        meeting_id=None,
    )
    minutes = Minutes(chat, meeting, ATTENDEES, (decision,), tasks, ABSENT, SECRETARY, NOTES)
    exported = (
        *(ExportedTask(t, 1, NOTES.get(t.id)) for t in tasks),
        ExportedTask(outside, None, NOTES.get(outside.id)),
    )
    return ExportData(chat, minutes, exported, EXPORTED)
