"""The "📅 Change" button asks a manager for the new deadline, and a reply to that question sets
it as ``/deadline <n> <reply>`` would: end to end through the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from storage import UnitOfWork
from tests.e2e.conftest import JSON, Group, Harness
from tests.e2e.test_topics import forum

WORDS = {
    "vi": {
        "task": "/viec @lan: nộp hồ sơ 15/6/2022",  # a past deadline: Keep and Change buttons
        "deadline": "/han",
        "asked": "📅 Hạn mới cho #1 «nộp hồ sơ»? Trả lời tin này bằng hạn mới",
        "placeholder": "ví dụ: cuối tháng 8",
        "new": "cuối tháng 8",
        "set": "Hạn mới: Thứ Tư, 31/08/2022 (từ «cuối tháng 8»)",
        "not_yours": "Câu hỏi này dành cho Thư ký nên hạn của việc #1 chưa đổi.",
        "unreadable": "khi nào rảnh",
        "how": "Không hiểu «khi nào rảnh» là hạn nào nên chưa đổi gì. Hãy trả lời lại tin hỏi",
        "overtaken": "Hạn của việc #1 đã được đổi sau khi hỏi (nay là Thứ Tư, 31/08/2022)",
        "closed": "Việc #1 đã đóng",
        "done": "/xong 1",
    },
    "en": {
        "task": "/task @lan: file the papers 15/6/2022",
        "deadline": "/deadline",
        "asked": "📅 New deadline for #1 “file the papers”? Reply to this message with it",
        "placeholder": "e.g. end of August",
        "new": "end of August",
        "set": "New deadline: Wed 31 Aug 2022 (from “end of August”)",
        "not_yours": "This question was put to Thư ký, so task #1's deadline did not change.",
        "unreadable": "when we can",
        "how": "“when we can” was not understood as a deadline, so nothing changed. Reply to",
        "overtaken": "Task #1's deadline changed after this question was asked (it is now Wed",
        "closed": "Task #1 is closed",
        "done": "/done 1",
    },
}


async def in_language(harness: Harness, group: Group, language: str) -> dict[str, str]:
    """Switch the group to ``language``; the words to use and to expect in it."""
    if language == "en":
        await group.say(harness.users["secretary"], "/lang en")
    return WORDS[language]


async def due_of(harness: Harness, group: Group, number: int) -> str | None:
    """What the stored deadline of the group's task was read from."""
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
        assert chat is not None
        task = await uow.tasks.get(chat.id, number)
        assert task is not None
        return None if task.due is None else task.due.text


def buttons(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row]


async def press_change(harness: Harness, group: Group, user: JSON, under: JSON) -> JSON:
    """``user`` presses "📅 Change #1" under the bot's message ``under``: the question it
    posts."""
    sandbox = harness.sandbox
    answered = len(sandbox.callback_answers)
    await sandbox.click(group.id, user["id"], under["message_id"], buttons(under)[-1])
    [asked] = await sandbox.wait_for_bot_messages(group.id, after_message_id=under["message_id"])
    await sandbox.wait_for_calls("answerCallbackQuery", answered + 1)
    assert not sandbox.callback_answers[answered].get("text")  # no pop-up: the question says it
    return asked


async def reply_to(group: Group, user: JSON, asked: JSON, text: str) -> JSON:
    """``user`` replies ``text`` to the bot's message ``asked``; the bot's one answer."""
    [answer] = await group.say_all(user, text, reply_to_message_id=asked["message_id"])
    return answer


def markup_sent(harness: Harness, text: str) -> Any:
    """The reply markup of the message the bot sent with ``text``."""
    [markup] = [
        params.get("reply_markup")
        for method, params in harness.sandbox.calls
        if method == "sendMessage" and params.get("text", "").endswith(text)
    ]
    return markup


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_the_change_button_asks_the_secretary_and_the_reply_sets_the_deadline(
    harness: Harness, group: Group, language: str
) -> None:
    words = await in_language(harness, group, language)
    secretary = harness.users["secretary"]
    [recorded] = await group.say_all(secretary, words["task"])
    assert buttons(recorded) == ["keep:1", "change:1"]
    asked = await press_change(harness, group, secretary, recorded)
    # The question names the secretary (the reply field opens for them alone), under the task.
    assert asked["text"].startswith(f"@thuky {words['asked']}")
    assert asked["reply_to_message"]["message_id"] == recorded["message_id"]
    markup = markup_sent(harness, asked["text"].removeprefix("@thuky "))
    assert markup == {
        "force_reply": True,
        "selective": True,
        "input_field_placeholder": words["placeholder"],
    }
    answer = await reply_to(group, secretary, asked, words["new"])
    assert words["set"] in answer["text"]
    assert await due_of(harness, group, 1) == words["new"]
    # Exactly what /deadline answers for the same change, with the same buttons.
    twin = harness.group("Khối thi đua số 2", [harness.users["lan"]], [secretary])
    await in_language(harness, twin, language)
    await twin.say(secretary, words["task"])
    [typed] = await twin.say_all(secretary, f"{words['deadline']} 1 {words['new']}")
    assert (answer["text"], buttons(answer)) == (typed["text"], buttons(typed))


async def test_the_question_is_asked_in_the_topic_of_the_button(harness: Harness) -> None:
    secretary = harness.users["secretary"]
    group, sports, _ = forum(harness)
    [recorded] = await group.say_all(secretary, WORDS["vi"]["task"], message_thread_id=sports)
    asked = await press_change(harness, group, secretary, recorded)
    assert asked["message_thread_id"] == sports
    [answer] = await group.say_all(
        secretary, "cuối tháng 8", reply_to_message_id=asked["message_id"], message_thread_id=sports
    )
    assert answer["message_thread_id"] == sports
    assert WORDS["vi"]["set"] in answer["text"]


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_a_reply_by_another_member_is_refused_and_changes_nothing(
    harness: Harness, group: Group, language: str
) -> None:
    words = await in_language(harness, group, language)
    secretary, lan = harness.users["secretary"], harness.users["lan"]
    [recorded] = await group.say_all(secretary, words["task"])
    asked = await press_change(harness, group, secretary, recorded)
    answer = await reply_to(group, lan, asked, words["new"])
    assert words["not_yours"] in answer["text"]
    assert answer["reply_to_message"]["message_id"] != asked["message_id"]  # Lan's reply quoted
    assert await due_of(harness, group, 1) == "15/6/2022"
    # A reply to another of the bot's messages is no answer to anything: nothing is said.
    await harness.sandbox.send_message(
        group.id, lan["id"], "cảm ơn", reply_to_message_id=recorded["message_id"]
    )
    [listed] = await group.say_all(lan, "/ds" if language == "vi" else "/tasks")
    assert "#1" in listed["text"]  # the next answer is the list's: none came in between
    assert await due_of(harness, group, 1) == "15/6/2022"
    # The secretary's own answer still counts.
    assert words["set"] in (await reply_to(group, secretary, asked, words["new"]))["text"]


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_an_unreadable_reply_is_answered_with_how_to_say_it(
    harness: Harness, group: Group, language: str
) -> None:
    words = await in_language(harness, group, language)
    secretary = harness.users["secretary"]
    [recorded] = await group.say_all(secretary, words["task"])
    asked = await press_change(harness, group, secretary, recorded)
    answer = await reply_to(group, secretary, asked, words["unreadable"])
    assert words["how"] in answer["text"]
    assert await due_of(harness, group, 1) == "15/6/2022"
    # The question still stands: a second reply to it sets the deadline.
    assert words["set"] in (await reply_to(group, secretary, asked, words["new"]))["text"]


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_a_reply_to_a_question_overtaken_or_about_a_closed_task_changes_nothing(
    harness: Harness, group: Group, language: str
) -> None:
    words = await in_language(harness, group, language)
    secretary = harness.users["secretary"]
    [recorded] = await group.say_all(secretary, words["task"])
    first = await press_change(harness, group, secretary, recorded)
    second = await press_change(harness, group, secretary, recorded)
    assert words["set"] in (await reply_to(group, secretary, first, words["new"]))["text"]
    # The other question was asked before that change: its answer may no longer be meant.
    for asked in (second, first):
        answer = await reply_to(group, secretary, asked, "31/12/2022")
        assert words["overtaken"] in answer["text"], answer["text"]
    assert await due_of(harness, group, 1) == words["new"]
    third = await press_change(harness, group, secretary, recorded)
    await group.say(secretary, words["done"])
    answer = await reply_to(group, secretary, third, "31/12/2022")
    assert words["closed"] in answer["text"]
    assert await due_of(harness, group, 1) == words["new"]


async def test_only_managers_are_asked_the_others_keep_the_explanation(
    harness: Harness, group: Group
) -> None:
    sandbox, lan, minh = harness.sandbox, harness.users["lan"], harness.users["minh"]
    [recorded] = await group.say_all(harness.users["secretary"], WORDS["vi"]["task"])
    for count, user in enumerate((lan, minh), start=1):
        await sandbox.click(group.id, user["id"], recorded["message_id"], "change:1")
        await sandbox.wait_for_calls("answerCallbackQuery", count)
        answer = sandbox.callback_answers[-1]
        assert answer["show_alert"] is True
        assert answer["text"].startswith("Chỉ thư ký hoặc quản trị viên mới đổi được hạn.")
    assert [m["message_id"] for m in group.bot_messages()][-1] == recorded["message_id"]


async def test_where_no_question_can_be_posted_the_pop_up_says_how(harness: Harness) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    group, sports, _ = forum(harness)
    [recorded] = await group.say_all(secretary, WORDS["vi"]["task"], message_thread_id=sports)
    sandbox.set_topic_state(group.id, secretary, sports, "closed")
    await sandbox.click(group.id, secretary["id"], recorded["message_id"], "change:1")
    await sandbox.wait_for_calls("answerCallbackQuery")
    assert sandbox.api_errors == [("sendMessage", "Bad Request: TOPIC_CLOSED")]
    assert "/han 1 <hạn mới>" in sandbox.callback_answers[-1]["text"]


async def test_from_a_private_chat_the_question_and_its_answer_act_on_the_chosen_group(
    harness: Harness, group: Group
) -> None:
    sandbox, secretary = harness.sandbox, harness.users["secretary"]
    await group.say(secretary, "/start")  # the bot knows the secretary is in the group
    private = Group(harness, sandbox.add_private_chat(secretary))
    await private.say(secretary, "/start")
    [choices] = await private.say_all(secretary, "/nhom")
    [choice] = [d for d in buttons(choices) if d.startswith("grp:") and d[4:].isdigit()]
    await sandbox.click(private.id, secretary["id"], choices["message_id"], choice)
    await sandbox.wait_for_calls("answerCallbackQuery")
    [recorded] = await private.say_all(secretary, WORDS["vi"]["task"])
    assert buttons(recorded)[-1].endswith("|change:1")
    asked = await press_change(harness, private, secretary, recorded)
    assert asked["text"].startswith(WORDS["vi"]["asked"])  # nobody to name in a private chat
    answer = await reply_to(private, secretary, asked, "cuối tháng 8")
    assert "Khối thi đua số 1" in answer["text"]  # the group it acted on
    assert WORDS["vi"]["set"] in answer["text"]
    assert await due_of(harness, group, 1) == "cuối tháng 8"
    assert WORDS["vi"]["set"] in group.bot_messages()[-1]["text"]  # the group's copy
