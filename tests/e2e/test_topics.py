"""Forum supergroups: records, minutes, lists and reminders stay in the topic they came from."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Group, Harness
from tests.e2e.test_reminders import at

JSON = dict[str, Any]


def forum(harness: Harness) -> tuple[Group, int, int]:
    """A forum supergroup with two topics opened by the secretary."""
    users = harness.users
    chat = harness.sandbox.add_group(
        "Khối thi đua",
        members=[users["lan"], users["minh"]],
        admins=[users["secretary"]],
        is_forum=True,
    )
    sports = harness.sandbox.create_topic(chat["id"], users["secretary"], "Hội thao")
    money = harness.sandbox.create_topic(chat["id"], users["secretary"], "Tài chính")
    return Group(harness, chat), sports, money


async def share(
    harness: Harness, group: Group, minutes: JSON, labels: tuple[str, str], data: str
) -> JSON:
    """The minutes offer their documents with ``labels``; the secretary presses the button
    with ``data``. Return the document sent."""
    assert [b["text"] for r in minutes["reply_markup"]["inline_keyboard"] for b in r] == [*labels]
    user = harness.users["secretary"]
    await harness.sandbox.click(group.id, user["id"], minutes["message_id"], data)
    (document,) = await harness.sandbox.wait_for_bot_messages(
        group.id, after_message_id=minutes["message_id"]
    )
    return document


def since(group: Group, message_id: int) -> list[dict[str, Any]]:
    return [m for m in group.bot_messages() if m["message_id"] > message_id]


async def test_reminders_digest_and_answers_stay_in_their_topic(harness: Harness) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    group, sports, money = forum(harness)
    (recorded,) = await group.say_all(
        secretary, "/viec @lan: in tài liệu ngày 8/7", message_thread_id=sports
    )
    assert recorded["message_thread_id"] == sports
    await group.say(secretary, "/viec @lan: chuyển kinh phí ngày 8/7", message_thread_id=money)
    general = await group.say_all(secretary, "/viec @lan: gửi thư mời ngày 8/7")
    assert "message_thread_id" not in general[0]
    (listed,) = await group.say_all(lan, "/viec", message_thread_id=sports)  # usage, in topic
    assert listed["message_thread_id"] == sports
    (listed,) = await group.say_all(lan, "/ds", message_thread_id=money)
    assert listed["message_thread_id"] == money
    assert "#1 in tài liệu" in listed["text"]
    await harness.sandbox.click(group.id, lan["id"], recorded["message_id"], "done:1")
    await harness.sandbox.wait_for_calls("editMessageText")
    edited = next(m for m in group.bot_messages() if m["message_id"] == recorded["message_id"])
    assert edited["message_thread_id"] == sports  # edited in place, in its topic
    await group.say(secretary, "/momai 1", message_thread_id=sports)

    last = group.bot_messages()[-1]["message_id"]
    assert await harness.at(at(8, 7)) == 3
    sent = since(group, last)
    assert [m.get("message_thread_id") for m in sent] == [None, sports, money]
    for n, message in zip((3, 1, 2), sent, strict=True):
        others = {1, 2, 3} - {n}
        assert f"#{n} " in message["text"]
        assert all(f"#{o} " not in message["text"] for o in others)

    # The Monday digest: each topic gets its own tasks, in its own topic: the overdue notice of
    # its minute and the week's task recorded there.
    await group.say(secretary, "/viec @lan: đặt sân ngày 13/7", message_thread_id=sports)
    await group.say(secretary, "/viec @lan: duyệt chi ngày 13/7", message_thread_id=money)
    await group.say(secretary, "/viec @lan: in phong bì ngày 13/7")
    last = group.bot_messages()[-1]["message_id"]
    await harness.at(at(11, 7))
    digests = [m for m in since(group, last) if m["text"].startswith("📋")]
    assert [m.get("message_thread_id") for m in digests] == [None, sports, money]
    assert [m["text"].count("#") for m in digests] == [2, 2, 2]
    assert all(m["text"].count("đã quá hạn 3 ngày") == 1 for m in digests)


async def test_minutes_of_a_meeting_in_a_topic_go_to_the_topic(harness: Harness) -> None:
    secretary = harness.users["secretary"]
    group, sports, _ = forum(harness)
    await group.say(secretary, "/viec @lan: in tài liệu ngày 8/7", message_thread_id=sports)
    (opened,) = await group.say_all(secretary, "/hop Họp ban hội thao", message_thread_id=sports)
    # What the meeting goes through first, with a button for the next step: done.
    assert [b["callback_data"] for r in opened["reply_markup"]["inline_keyboard"] for b in r] == [
        "att:1",
        "done:1",
    ]
    await harness.sandbox.click(group.id, secretary["id"], opened["message_id"], "done:1")
    await harness.sandbox.wait_for_calls("editMessageText")
    await group.say(secretary, "/qd Tổ chức hội thao vào tháng 9", message_thread_id=sports)
    (minutes,) = await group.say_all(secretary, "/ketthuc", message_thread_id=sports)
    assert minutes["message_thread_id"] == sports
    assert "Tổ chức hội thao vào tháng 9" in minutes["text"]
    # The minutes shared as a document: a reply to them, in the topic.
    labels = ("📄 Biên bản (Word)", "📝 Biên bản (Markdown)")
    document = await share(harness, group, minutes, labels, "exp:1:docx")
    assert document["message_thread_id"] == sports
    assert document["document"]["file_name"].endswith(".docx")
    assert document["reply_to_message"]["message_id"] == minutes["message_id"]
    # The main thread has no open meeting of its own.
    assert "message_thread_id" not in (await group.say_all(secretary, "/ketthuc"))[0]


async def test_a_task_joins_the_meeting_open_in_its_own_topic_only(harness: Harness) -> None:
    secretary = harness.users["secretary"]
    group, sports, money = forum(harness)
    await group.say(secretary, "/hop Họp ban hội thao", message_thread_id=sports)
    await group.say(secretary, "/viec @lan: đặt sân vận động ngày 8/7", message_thread_id=sports)
    await group.say(secretary, "/viec @lan: chuyển kinh phí ngày 8/7", message_thread_id=money)
    await group.say(secretary, "/viec @lan: in giấy mời ngày 8/7")
    (minutes,) = await group.say_all(secretary, "/ketthuc", message_thread_id=sports)
    assert "đặt sân vận động" in minutes["text"]
    assert "chuyển kinh phí" not in minutes["text"]
    assert "in giấy mời" not in minutes["text"]


async def test_a_closed_or_deleted_topic_does_not_lose_its_reminders(harness: Harness) -> None:
    secretary = harness.users["secretary"]
    group, sports, money = forum(harness)
    await group.say(secretary, "/viec @lan: in tài liệu ngày 8/7", message_thread_id=sports)
    await group.say(secretary, "/viec @lan: chuyển kinh phí ngày 8/7", message_thread_id=money)
    harness.sandbox.set_topic_state(group.id, secretary, sports, "deleted")
    harness.sandbox.set_topic_state(group.id, secretary, money, "closed")
    last = group.bot_messages()[-1]["message_id"]
    assert await harness.at(at(8, 7)) == 2
    sent = since(group, last)
    assert [m.get("message_thread_id") for m in sent] == [None, None]
    note = "Chủ đề chứa các việc này đã bị đóng hoặc bị xoá"
    assert all(note in m["text"] and m["text"].startswith("⏰ Nhắc việc") for m in sent)
    assert "#1 in tài liệu" in sent[0]["text"]
    assert "#2 chuyển kinh phí" in sent[1]["text"]
    # Said once: the next reminders of those tasks (overdue, on Monday) come to the main thread
    # without the note.
    assert await harness.at(at(11, 7)) == 2
    (overdue,) = since(group, sent[-1]["message_id"])
    assert "message_thread_id" not in overdue
    assert "#1 " in overdue["text"]
    assert "#2 " in overdue["text"]
    assert note not in overdue["text"]


async def test_in_english_the_move_to_the_main_thread_is_explained(harness: Harness) -> None:
    secretary = harness.users["secretary"]
    group, sports, _ = forum(harness)
    assert await group.say(secretary, "/lang en") == "Switched to English."
    await group.say(secretary, "/task @lan: print the papers on 8 July", message_thread_id=sports)
    harness.sandbox.set_topic_state(group.id, secretary, sports, "closed")
    last = group.bot_messages()[-1]["message_id"]
    assert await harness.at(at(8, 7)) == 1
    (sent,) = since(group, last)
    assert "message_thread_id" not in sent
    assert sent["text"].startswith("⏰ Reminder")
    assert "#1 print the papers" in sent["text"]
    assert sent["text"].endswith(
        "The topic of these tasks was closed or deleted, so their reminders come to "
        "the General topic from now on."
    )


async def test_replying_in_a_topic_records_the_replied_message(harness: Harness) -> None:
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    group, sports, _ = forum(harness)
    # In a topic every message replies to the topic's creation message; that is not a record.
    (usage,) = await group.say_all(secretary, "/qd", message_thread_id=sports)
    assert usage["message_thread_id"] == sports
    assert "Hội thao" not in usage["text"]
    assert "#1" not in usage["text"]
    proposal = await harness.sandbox.send_message(
        group.id, lan["id"], "Tổ chức giải bóng đá vào tháng 9", message_thread_id=sports
    )
    (decided,) = await group.say_all(
        secretary, "/qd", message_thread_id=sports, reply_to_message_id=proposal["message_id"]
    )
    assert decided["message_thread_id"] == sports
    assert decided["text"].endswith("Tổ chức giải bóng đá vào tháng 9")
    request = await harness.sandbox.send_message(
        group.id, lan["id"], "Đặt sân vận động cho giải", message_thread_id=sports
    )
    (task,) = await group.say_all(
        secretary,
        "/viec @lan ngày 15/7",
        message_thread_id=sports,
        reply_to_message_id=request["message_id"],
    )
    assert task["message_thread_id"] == sports
    assert "Đặt sân vận động cho giải" in task["text"]
    assert "15/07/2022" in task["text"]


async def test_in_english_minutes_in_a_topic_offer_their_documents(harness: Harness) -> None:
    secretary = harness.users["secretary"]
    group, sports, _ = forum(harness)
    await group.say(secretary, "/lang en")
    await group.say(secretary, "/meeting Sports board", message_thread_id=sports)
    (minutes,) = await group.say_all(secretary, "/endmeeting", message_thread_id=sports)
    assert minutes["message_thread_id"] == sports
    labels = ("📄 Minutes (Word)", "📝 Minutes (Markdown)")
    document = await share(harness, group, minutes, labels, "exp:1:md")
    assert document["message_thread_id"] == sports
    assert document["document"]["file_name"].endswith(".md")


async def test_a_meeting_open_in_another_topic_is_not_said_to_have_ended(
    harness: Harness,
) -> None:
    # /ketthuc in the main thread while the meeting is open in a topic said "Meeting #1 has
    # already ended": false, and the secretary would open another.
    secretary = harness.users["secretary"]
    group, sports, money = forum(harness)
    await group.say(secretary, "/hop Họp ban hội thao", message_thread_id=sports)
    elsewhere = (
        "Ở đây không có cuộc họp nào đang mở: Cuộc họp #1 (Họp ban hội thao) đang mở trong "
        "một chủ đề khác của nhóm. Gửi lệnh trong chủ đề đó."
    )
    assert await group.say(secretary, "/ketthuc") == elsewhere
    (answer,) = await group.say_all(secretary, "/ketthuc", message_thread_id=money)
    assert answer["text"] == elsewhere
    assert (await group.say(secretary, "/comat CTĐ")) == elsewhere
    await group.say(secretary, "/lang en")
    assert await group.say(secretary, "/endmeeting") == (
        "No meeting is open here: Meeting #1 (Họp ban hội thao) is open in another topic of "
        "the group. Send the command there."
    )
    (minutes,) = await group.say_all(secretary, "/endmeeting", message_thread_id=sports)
    assert minutes["text"].startswith("📝 Minutes — Meeting #1: Họp ban hội thao")
    assert (await group.say(secretary, "/endmeeting")).startswith(
        "Meeting #1 has already ended, and no other is open here."
    )
