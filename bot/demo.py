"""``followup demo``: the seed meeting of 07/7/2022 replayed in the sandbox, offline.

A secretary records, in Vietnamese, the decision and the tasks of the meeting's report
(:data:`SCRIPT`); the clock is set to the meeting's morning so every deadline resolves as the
meeting meant it. The transcript of the group (both sides) is printed, then the stored tasks.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot.app import build_application, build_services, running
from bot.clock import FakeClock
from bot.context import FollowUpApplication
from bot.domain import Task
from bot.sandbox import Sandbox
from bot.settings import Settings
from handlers.reminders import deliver_due
from storage import Database, UnitOfWork

MEETING_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
MEETING_START = datetime(2022, 7, 7, 9, 0, tzinfo=MEETING_ZONE)
FOLLOW_UP_END = datetime(2022, 12, 31, 23, 59, tzinfo=MEETING_ZONE)
GROUP_TITLE = "Khối thi đua các Hội có tính chất đặc thù số 1"
ORGANISATIONS = (
    "Liên hiệp các Hội Khoa học và Kỹ thuật thành phố | Khối trưởng | Liên hiệp Hội KH&KT",
    "Liên hiệp các Tổ chức Hữu nghị | Khối phó",
    "Liên hiệp các Hội Văn học và Nghệ thuật | Hội VHNT",
    "Hội Chữ thập đỏ | CTĐ",
    "Liên minh Hợp tác xã | LMHTX",
    "Ban Thi đua – Khen thưởng thành phố | Ban Thi đua – Khen thưởng | Ban TĐKT",
)
# What the secretary types during the meeting, in order (seed README, items 1 to 6): the
# organisations (Hoa answers for the Red Cross), the meeting and who came, its decision and
# tasks, then the minutes.
SCRIPT = (
    *(f"/tochuc them {org}" for org in ORGANISATIONS),
    "/tochuc lienhe CTĐ @hoa_ctd",
    "/hop Sơ kết 6 tháng đầu năm 2022 phong trào thi đua của Khối",
    "/comat Khối trưởng, Khối phó, Hội VHNT, CTĐ, LMHTX, Ban TĐKT",
    "/qd Các đại biểu thảo luận, góp ý dự thảo báo cáo chung của Khối; Khối trưởng ghi nhận "
    "tất cả ý kiến góp ý.",
    "/viec Khối trưởng: tổ chức 01 cuộc Hội thảo chung về chức năng, nhiệm vụ, cơ chế chính "
    "sách của Khối 6 tháng cuối năm 2022",
    "/viec Ban Thi đua – Khen thưởng: hướng dẫn thủ tục khen thưởng nhiệm kỳ cho các tổ chức "
    "Hội thành viên để chuẩn bị Đại hội",
    "/viec Khối trưởng: tổ chức cuộc họp chuẩn bị và thống nhất nội dung làm việc với "
    "Thường trực Thành ủy Quý III/2022",
    "/viec Khối trưởng: xin chủ trương của cơ quan có thẩm quyền cho các hoạt động chung "
    "của Khối tháng 11 năm 2022",
    "/viec Khối trưởng, tất cả thành viên: phối hợp tổ chức Hội thảo chuyển đổi số, đề xuất "
    "nhu cầu chuyển đổi số của đơn vị cuối tháng 7 năm 2022",
    "/viec @hoa_ctd, Hội Chữ thập đỏ: gửi đề xuất nhu cầu chuyển đổi số trước cuối tháng 7",
    "/ketthuc",
    "/ds",
)


def _line(message: dict[str, Any], bot_id: int) -> str:
    sender = message["from"]
    who = "🤖 bot" if sender["id"] == bot_id else sender["first_name"]
    when = datetime.fromtimestamp(message["date"], MEETING_ZONE).strftime("%d/%m %H:%M")
    text = message.get("text", "")
    buttons = [
        f"[{button['text']}]"
        for row in message.get("reply_markup", {}).get("inline_keyboard", [])
        for button in row
    ]
    body = text.replace("\n", "\n" + " " * 8) + (" " + " ".join(buttons) if buttons else "")
    return f"[{when}] {who}:\n        {body}"


def _task_line(task: Task) -> str:
    due = "—"
    if task.due is not None:
        due = task.due.utc.astimezone(MEETING_ZONE).strftime("%d/%m/%Y")
    who = ", ".join(a.label for a in task.assignees) or "—"
    return f"  #{task.number:<2} {due:<10}  {task.title}\n       → {who}"


async def _stored_tasks(database: Database, chat_id: int) -> list[Task]:
    async with UnitOfWork(database) as uow:
        chat = await uow.chats.get_by_telegram_id(chat_id)
        return [] if chat is None else await uow.tasks.list_open(chat.id, limit=100)


@dataclass
class DemoGroup:
    """The demo's group and the people in it."""

    chat_id: int
    secretary: dict[str, Any]
    chair: dict[str, Any]
    hoa: dict[str, Any]


def create_group(sandbox: Sandbox, *, is_forum: bool = False) -> DemoGroup:
    """The bloc's group: the chair and the secretary administer it, Hoa is a member.

    ``is_forum``: a supergroup with topics (the console's, where ``:topic`` opens them).
    """
    secretary = sandbox.add_user("Thư ký Khối", username="thuky_khoi1", language_code="vi")
    chair = sandbox.add_user("Trần Ngọc Nguyên", username="nguyen_lhh", language_code="vi")
    hoa = sandbox.add_user("Hoa", last_name="(Hội Chữ thập đỏ)", username="hoa_ctd")
    chat = sandbox.add_group(
        GROUP_TITLE, members=[hoa], admins=[chair, secretary], is_forum=is_forum
    )
    return DemoGroup(int(chat["id"]), secretary, chair, hoa)


async def replay(sandbox: Sandbox, clock: FakeClock) -> DemoGroup:
    """Set up the group and play the secretary's script during the meeting."""
    group = create_group(sandbox)
    # Hoa started the bot: it knows who @hoa_ctd is (a contact is someone it has seen), and may
    # remind her privately.
    private = sandbox.add_private_chat(group.hoa)
    await sandbox.send_message(private["id"], group.hoa["id"], "/start")
    await sandbox.wait_for_bot_messages(private["id"], count=1, timeout=30)
    for text in SCRIPT:
        clock.advance(timedelta(minutes=1))
        await sandbox.send_message(group.chat_id, group.secretary["id"], text)
        await sandbox.wait_for_bot_messages(group.chat_id, count=1, timeout=30)
    return group


async def _act_on(sandbox: Sandbox, group: DemoGroup, reminder: dict[str, Any]) -> None:
    """What members do when a reminder arrives.

    Hoa closes the Red Cross's task with its button on the Friday before its deadline (a Sunday:
    its last reminder), and the Red Cross's part of the workshop task, which is for every
    member; the secretary closes the workshop task after its second overdue notice, the other
    members' parts still open.
    """
    text = reminder.get("text", "")
    if "#6 " in text and "còn 2 ngày" in text:
        for number in (6, 5):
            edits = sum(1 for name, _ in sandbox.calls if name == "editMessageText")
            data = f"done:{number}"
            await sandbox.click(group.chat_id, group.hoa["id"], reminder["message_id"], data)
            await sandbox.wait_for_calls("editMessageText", edits + 1)
    elif "#5 " in text and "quá hạn 8 ngày" in text:
        await sandbox.send_message(group.chat_id, group.secretary["id"], "/xong 5")
        await sandbox.wait_for_bot_messages(group.chat_id)


async def follow_up(
    sandbox: Sandbox, clock: FakeClock, application: FollowUpApplication, group: DemoGroup
) -> None:
    """After the meeting: move the clock from reminder to reminder until the end of 2022."""
    services = application.services
    while (due := await services.reminders.next_fire_at()) is not None and due <= FOLLOW_UP_END:
        clock.set(max(due, clock.now()))
        seen = len(sandbox.transcript(group.chat_id))
        await deliver_due(application.bot, services)
        for message in sandbox.transcript(group.chat_id)[seen:]:
            await _act_on(sandbox, group, message)


async def run_demo(
    settings: Settings, *, database_url: str | None = None, out: TextIO | None = None
) -> int:
    """Replay the seed meeting and its follow-up; print the chat and the stored tasks."""
    out = out or sys.stdout
    clock = FakeClock(MEETING_START)
    sandbox = Sandbox(clock=clock)
    with tempfile.TemporaryDirectory(prefix="followup-demo-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'demo.sqlite3'}"
        root = await sandbox.start()
        demo_settings = settings.model_copy(
            update={
                "database_url": url,
                "default_timezone": "Asia/Ho_Chi_Minh",
                "default_language": "vi",
                "telegram_api_base_url": root,
            }
        )
        database = Database(url)
        services = build_services(demo_settings, database, clock)
        application = build_application(demo_settings, services, token=sandbox.bot_token)
        try:
            async with running(application):
                group = await replay(sandbox, clock)
                meeting_messages = len(sandbox.transcript(group.chat_id))
                await follow_up(sandbox, clock, application, group)
            tasks = await _stored_tasks(database, group.chat_id)
        finally:
            await sandbox.stop()
            await database.dispose()
    transcript = sandbox.transcript(group.chat_id)
    print(f"=== {GROUP_TITLE} — {MEETING_START:%d/%m/%Y} (sandbox) ===\n", file=out)
    for message in transcript[:meeting_messages]:
        print(_line(message, sandbox.bot["id"]), file=out)
    print(f"\n=== After the meeting: the clock runs to {FOLLOW_UP_END:%d/%m/%Y} ===\n", file=out)
    for message in transcript[meeting_messages:]:
        print(_line(message, sandbox.bot["id"]), file=out)
    print(f"\n=== Stored open tasks on {FOLLOW_UP_END:%d/%m/%Y} ({len(tasks)}) ===", file=out)
    for task in tasks:
        print(_task_line(task), file=out)
    return 0
