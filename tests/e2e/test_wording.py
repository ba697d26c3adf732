"""What the bot says reads as meant: names rather than codes, the right chat named, one change
said as what it is, warnings side by side made readable, and a date refused with the hint that
would fix it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from storage import UnitOfWork
from tests.e2e.conftest import Group, Harness
from tests.e2e.test_organisations import RED_CROSS, seed
from tests.e2e.test_private_group import private
from tests.e2e.test_reminders import item_of

VN = ZoneInfo("Asia/Ho_Chi_Minh")


async def test_a_language_the_bot_does_not_speak_is_answered_with_the_names_of_those_it_does(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    answer = await group.say(secretary, "/ngonngu fr")
    assert "tiếng Việt (/ngonngu vi)" in answer
    assert "tiếng Anh (/ngonngu en)" in answer
    assert "Ngôn ngữ hiện tại: tiếng Việt" in answer
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/lang fr")
    assert "Vietnamese (/lang vi)" in answer
    assert "English (/lang en)" in answer
    assert "This chat speaks English now" in answer
    assert ": en." not in answer


async def test_help_in_a_private_chat_says_lang_and_remind_change_that_chat_not_a_group(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    said = await group.say(secretary, "/hd")
    assert "/ngonngu (/lang) vi|en — đổi ngôn ngữ của nhóm" in said
    assert "/nhac (/remind) 14d 3d 1d 2h — lịch nhắc trước hạn của nhóm" in said
    alone = private(harness, harness.users["lan"])
    said = (await alone.say("/trogiup"))["text"]
    assert "của nhóm" not in said
    assert "/ngonngu (/lang) vi|en — đổi ngôn ngữ của cuộc trò chuyện riêng này" in said
    assert "/nhac (/remind) 14d 3d 1d 2h — lịch nhắc trước hạn trong cuộc trò chuyện riêng" in said
    await alone.say("/lang en")
    said = (await alone.say("/help"))["text"]
    assert "the group's" not in said
    assert "/lang (/ngonngu) vi|en — change the language of this private chat" in said
    assert "/remind (/nhac) 14d 3d 1d 2h — the reminder plan of this private chat" in said


async def test_renaming_an_organisation_to_its_own_name_says_its_short_names_changed(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await seed(harness, group)
    answer = await group.say(secretary, f"/tochuc doiten CTĐ | {RED_CROSS} | CTĐ | HCTĐ")
    assert "Đã đổi tên" not in answer
    assert answer == f"✏️ {RED_CROSS} giữ tên; tên khác nay là: CTĐ, HCTĐ."
    assert f"• {RED_CROSS} (CTĐ, HCTĐ)" in await group.say(secretary, "/dstochuc")
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, f"/org rename HCTĐ | {RED_CROSS} | RC")
    assert answer == f"✏️ {RED_CROSS} keeps its name; its short names are now: RC."
    # A new name is still said as one.
    answer = await group.say(secretary, "/org rename RC | Red Cross")
    assert answer.startswith(f"✏️ “{RED_CROSS}” is now called Red Cross")


async def test_an_overdue_task_whose_deadline_waits_is_marked_once_when_a_meeting_opens(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: gửi báo cáo mai")  # "Mai" may be a name: asked
    await group.say(secretary, "/viec @lan: in tài liệu ngày 8/7")
    harness.clock.set(datetime(2022, 7, 11, 10, 0, tzinfo=VN))
    opened = await group.say(secretary, "/hop Giao ban")
    listed = await group.say(secretary, "/ds")
    assert "xác nhận ⚠️" not in opened
    assert item_of(opened, 1).endswith("· ⚠️ quá hạn · hạn chưa xác nhận")
    assert item_of(opened, 2).endswith("· ⚠️ quá hạn")
    assert item_of(listed, 1).endswith("· ⚠️ hạn chưa xác nhận")  # /ds joins its marks alike
    await group.say(secretary, "/lang en")
    await group.say(secretary, "/endmeeting")
    opened = await group.say(secretary, "/meeting Weekly")
    assert item_of(opened, 1).endswith("· ⚠️ overdue · deadline not confirmed")
    assert item_of(opened, 2).endswith("· ⚠️ overdue")


async def test_a_date_written_month_first_is_refused_with_the_day_first_hint(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/lang en")
    answer = await group.say(secretary, "/task @lan: send the report by 12/15")
    assert answer.startswith("“12/15” is not a real date")
    assert "Dates are written day first: 15/12" in answer
    answer = await group.say(secretary, "/task @lan: book the hall by 12/15/2022 5pm")
    assert "Dates are written day first: 15/12/2022" in answer
    answer = await group.say(secretary, "/task @lan: print it by 13/13")  # no date either way
    assert "not a real date" in answer
    assert "day first" not in answer
    await group.say(secretary, "/lang vi")
    answer = await group.say(secretary, "/viec @lan: nộp báo cáo trước 12/15")
    assert answer.startswith("«12/15» không phải là ngày có thật")
    assert "Ngày viết trước tháng: 15/12" in answer
    answer = await group.say(secretary, "/viec @lan: nộp báo cáo trước 31/02")
    assert "viết trước tháng" not in answer
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        assert await uow.tasks.list_open(chat.id, 10) == []
