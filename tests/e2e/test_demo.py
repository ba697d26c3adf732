"""``followup demo``: the seed meeting replayed, read the way a newcomer reads its output."""

from __future__ import annotations

import io
import re

from bot.demo import run_demo
from bot.settings import Settings


async def test_the_demo_replays_the_seed_meeting_and_its_follow_up(database_url: str) -> None:
    out = io.StringIO()
    settings = Settings(_env_file=None)  # type: ignore[call-arg]

    assert await run_demo(settings, database_url=database_url, out=out) == 0

    text = out.getvalue()
    meeting, after = text.split("=== After the meeting", 1)
    follow_up, stored = after.split("=== Stored open tasks", 1)
    # The meeting is opened, attendance taken, and its minutes posted when it ends.
    assert "Đã mở Cuộc họp #1: Sơ kết 6 tháng đầu năm 2022" in meeting
    minutes = meeting.split("📝 Biên bản — Cuộc họp #1", 1)[1]
    assert "Có mặt: Liên hiệp các Hội Khoa học và Kỹ thuật thành phố" in minutes
    assert "QĐ1. Các đại biểu thảo luận" in minutes
    assert "6 việc được giao" in minutes
    # Every deadline of the seed resolved as the meeting meant it.
    for said, due in (
        ("6 tháng cuối năm 2022", "31/12/2022"),
        ("Quý III/2022", "30/09/2022"),
        ("tháng 11 năm 2022", "30/11/2022"),
        ("cuối tháng 7 năm 2022", "31/07/2022"),
    ):
        assert re.search(rf"Hạn: \w+ ?\w*, {due} \(từ «{said}»\)", meeting), said
    # After it: reminders arrive, Hoa closes the Red Cross's task and its part of #5 (a task for
    # every member), the secretary closes #5 with the other members' parts still open.
    assert "⏰ Nhắc việc" in follow_up
    assert "✅ Việc #6 đã xong — Hoa" in follow_up
    assert "✅ #5: Hội Chữ thập đỏ đã xong phần việc — Hoa (Hội Chữ thập đỏ) đánh dấu" in follow_up
    assert "✅ Việc #5 đã xong" in follow_up
    assert "⚠️ Đóng cả việc khi còn 5/6 phần chưa báo xong" in follow_up
    # What is left open at the end of 2022 is exactly the four other tasks.
    assert stored.startswith(" on 31/12/2022 (4) ===")
    assert re.findall(r"^  #(\d)", stored, flags=re.MULTILINE) == ["3", "4", "1", "2"]
