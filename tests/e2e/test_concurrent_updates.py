"""Several groups typing at once: every command answered, each group's commands in order."""

from __future__ import annotations

from tests.e2e.conftest import Harness


async def test_groups_typing_at_once_keep_their_own_order(harness: Harness) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    groups = [harness.group(f"Khối {n}", [lan], [secretary]) for n in range(1, 4)]
    script = [
        "/viec @lan: gửi báo cáo sơ kết trước 17h thứ 6",
        "/viec @lan: chuẩn bị hội thảo cuối tháng sau",
        "/xong 1",  # only right if the first /viec of the same group was handled before it
        "/ds",
    ]
    # Every message is queued before the bot answers any: the updates reach it together.
    for text in script:
        for group in groups:
            await harness.sandbox.send_message(group.id, secretary["id"], text)
    for group in groups:
        answers = await harness.sandbox.wait_for_bot_messages(
            group.id, count=len(script), after_message_id=0, timeout=30
        )
        texts = [a["text"] for a in answers]
        assert texts[0].startswith("📌 Đã ghi việc #1")
        assert texts[1].startswith("📌 Đã ghi việc #2")
        assert texts[2].startswith("✅ Việc #1 đã xong")
        assert texts[3].startswith("1 việc đang mở")
        assert "#2 chuẩn bị hội thảo" in texts[3]
