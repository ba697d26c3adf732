"""``/forget`` (``/xoadulieu``) through the sandbox: a group's administrator sees what would go,
and only their own press of "Delete everything", in that group and in time, deletes it all;
anyone else's press, a replay in another chat, a late press or Cancel deletes nothing."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.i18n import Translator
from handlers.common import plain
from handlers.forget import button_data
from handlers.paging import base36, chat_tag
from storage import UnitOfWork
from storage.models import ForgetQuestionRow, PersonRow
from tests.e2e.conftest import Group, Harness
from tests.integration.test_forget_chat import rows_of

JSON = dict[str, Any]
Rows = dict[str, list[tuple[Any, ...]]]
COMMAND = {"vi": "/xoadulieu", "en": "/forget"}


def keyboard(message: JSON) -> dict[str, str]:
    """The message's buttons: text -> callback data."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


def as_now(group: Group, message: JSON) -> JSON:
    """The message as it looks now, edits applied."""
    return next(m for m in group.bot_messages() if m["message_id"] == message["message_id"])


async def press(
    harness: Harness,
    group: Group,
    user: JSON,
    message_id: int,
    data: str,
    *,
    forged: bool = False,
    edits: int = 0,
) -> JSON:
    """``user`` presses the button carrying ``data``; return the bot's answer to the press,
    once it has also made ``edits`` edits (it answers first, then edits)."""
    sandbox = harness.sandbox
    answered = len(sandbox.callback_answers)
    edited = sum(1 for method, _ in sandbox.calls if method == "editMessageText")
    await sandbox.click(group.id, user["id"], message_id, data, forged=forged)
    await sandbox.wait_for_calls("answerCallbackQuery", count=answered + 1)
    if edits:
        await sandbox.wait_for_calls("editMessageText", count=edited + edits)
    return sandbox.callback_answers[-1]


async def chat_id_of(harness: Harness, group: Group) -> int | None:
    async with UnitOfWork(harness.database) as uow:
        chat = await uow.chats.get_by_telegram_id(group.id)
    return None if chat is None else chat.id


async def records(harness: Harness, group: Group) -> Rows:
    """Every row the group holds, table by table, but the questions /forget itself asked."""
    chat_id = await chat_id_of(harness, group)
    assert chat_id is not None
    async with UnitOfWork(harness.database) as uow:
        rows = await rows_of(uow.session, chat_id)
    del rows["forget_questions"]
    return rows


async def questions(harness: Harness) -> list[tuple[Any, ...]]:
    """Every /forget question stored: (chat id, asker, answer), by time asked."""
    async with UnitOfWork(harness.database) as uow:
        rows = await uow.session.execute(
            select(
                ForgetQuestionRow.chat_id, ForgetQuestionRow.asker, ForgetQuestionRow.answer
            ).order_by(ForgetQuestionRow.asked_at, ForgetQuestionRow.token)
        )
        return [tuple(r) for r in rows]


async def selected(harness: Harness, user: JSON) -> int | None:
    async with UnitOfWork(harness.database) as uow:
        return await uow.session.scalar(
            select(PersonRow.selected_chat_id).where(PersonRow.telegram_id == user["id"])
        )


def translator(harness: Harness, language: str) -> Translator:
    return harness.application.services.catalogs.get(language)


def question_text(t: Translator, tasks: int, *, anyone: bool = False) -> str:
    """The answer to /forget in a group holding ``tasks`` tasks and one decision, meeting and
    organisation each."""
    ask = t("forget.ask", tasks=tasks, decisions=1, meetings=1, organisations=1)
    who = t("forget.confirm_by.any" if anyone else "forget.confirm_by.asker", minutes=10)
    return plain(ask + "\n\n" + who)


async def fill(harness: Harness, group: Group, language: str) -> None:
    """The group's records, as its administrator (the harness's secretary user) makes them:
    Lan named secretary, an organisation, two tasks, a decision, a meeting."""
    users = harness.users
    admin = users["secretary"]
    for user in users.values():
        await group.say(user, "/start")
    await group.say(admin, f"/lang {language}")
    await group.say(admin, "/secretary add @lan")
    await group.say(admin, "/org add Hội Chữ thập đỏ | CTĐ")
    await group.say(admin, "/meeting Họp tháng 7")
    await group.say(admin, "/decision Tổ chức hội thảo")
    await group.say(admin, "/task @lan, CTĐ: gửi báo cáo 31/12/2022")
    await group.say(admin, "/task @lan: in tài liệu 30/12/2022")
    await group.say(admin, "/endmeeting")


@pytest.mark.parametrize("language", ["vi", "en"])
async def test_only_the_askers_press_in_the_group_in_time_deletes_everything(
    harness: Harness, group: Group, language: str, caplog: pytest.LogCaptureFixture
) -> None:
    sandbox, users, t = harness.sandbox, harness.users, translator(harness, language)
    admin, lan, minh = users["secretary"], users["lan"], users["minh"]
    chair = sandbox.add_user("Chủ tịch", username="chutich")
    await sandbox.set_member_status(group.id, chair, "administrator")
    other = harness.group("Nhóm khác", [lan], [admin])  # the administrator runs it too
    await fill(harness, group, language)
    await other.say(admin, "/task @lan: việc của nhóm khác 31/12/2022")
    # Lan, a secretary, works on the group from her private chat.
    own = Group(harness, sandbox.add_private_chat(lan))
    await own.say(lan, "/group")
    chat_id = await chat_id_of(harness, group)
    await press(harness, own, lan, own.bot_messages()[-1]["message_id"], f"grp:{chat_id}")
    assert await selected(harness, lan) == chat_id
    command = COMMAND[language]

    # Neither a secretary nor a member may ask.
    for user in (lan, minh):
        assert await group.say(user, command) == plain(t("forget.admins_only"))
    before, of_other = await records(harness, group), await records(harness, other)

    # The administrator sees what would go, and the two buttons.
    [asked] = await group.say_all(admin, command)
    assert asked["text"] == question_text(t, 2)
    buttons = keyboard(asked)
    assert list(buttons) == [t("forget.button.delete"), t("forget.button.cancel")]
    delete, cancel = buttons.values()
    assert await records(harness, group) == before  # asking deleted nothing

    # Nobody else's press deletes: a secretary, a member, another administrator.
    refusals = [
        (lan, "forget.admins_only"),
        (minh, "forget.admins_only"),
        (chair, "forget.not_yours"),
    ]
    for user, key in refusals:
        answer = await press(harness, group, user, asked["message_id"], delete)
        assert (answer["text"], answer["show_alert"]) == (plain(t(key)), True), key
    # The same button replayed in another group the administrator runs deletes nothing there.
    [there] = await other.say_all(admin, "/start")
    answer = await press(harness, other, admin, there["message_id"], delete, forged=True)
    assert answer["text"] == plain(translator(harness, "vi")("forget.other_chat"))
    assert await records(harness, group) == before
    assert await records(harness, other) == of_other

    # Cancel keeps everything and says so.
    answer = await press(harness, group, admin, asked["message_id"], cancel, edits=1)
    assert answer["text"] == plain(t("forget.cancelled.short"))
    cancelled = as_now(group, asked)
    assert cancelled["text"] == plain(t("forget.cancelled"))
    assert keyboard(cancelled) == {}
    assert await records(harness, group) == before

    # A question left open too long deletes nothing.
    [late] = await group.say_all(admin, command)
    harness.clock.advance(timedelta(minutes=10, seconds=1))
    answer = await press(
        harness, group, admin, late["message_id"], keyboard(late)[t("forget.button.delete")]
    )
    assert answer["text"] == plain(t("forget.expired", minutes=10))
    assert await records(harness, group) == before

    # The administrator's own press in time deletes everything, and says so.
    [asked] = await group.say_all(admin, command)
    caplog.set_level(logging.INFO, logger="bot.services.forget")
    answer = await press(
        harness,
        group,
        admin,
        asked["message_id"],
        keyboard(asked)[t("forget.button.delete")],
        edits=1,
    )
    assert (answer["text"], answer.get("show_alert", False)) == (
        plain(t("forget.done.short")),
        False,
    )
    done = as_now(group, asked)
    assert done["text"] == plain(t("forget.done"))
    assert keyboard(done) == {}
    assert await chat_id_of(harness, group) is None
    async with UnitOfWork(harness.database) as uow:
        left = await rows_of(uow.session, chat_id)  # type: ignore[arg-type]
    assert {name: rows for name, rows in left.items() if rows} == {}
    assert await records(harness, other) == of_other
    assert await selected(harness, lan) is None  # her choice of the group is gone with it
    [line] = [r for r in caplog.records if r.name == "bot.services.forget"]
    assert line.levelno == logging.INFO
    assert str(group.id) in line.getMessage()
    assert str(admin["id"]) in line.getMessage()
    assert "2 tasks, 1 decisions, 1 meetings, 1 organisations" in line.getMessage()

    # The bot stays and starts afresh, in the default language (the settings went too).
    fresh = translator(harness, "vi")
    assert await group.say(minh, "/tasks") == plain(fresh("tasks.empty.open"))
    recorded = await group.say(admin, "/task @lan: việc mới 31/12/2022")
    assert recorded.startswith(plain(fresh("task.recorded", number=1)))
    assert await group.say(lan, "/decision Thử") == plain(fresh("rights.managers_only"))


async def test_an_anonymous_administrator_asks_and_any_administrator_confirms(
    harness: Harness, group: Group
) -> None:
    sandbox, users, t = harness.sandbox, harness.users, translator(harness, "en")
    admin = users["secretary"]
    chair = sandbox.add_user("Chủ tịch", username="chutich")
    await sandbox.set_member_status(group.id, chair, "administrator")
    await fill(harness, group, "en")
    [asked] = await group.say_all(admin, "/forget", anonymous=True)
    assert asked["text"] == question_text(t, 2, anyone=True)
    delete = keyboard(asked)[t("forget.button.delete")]
    answer = await press(harness, group, users["lan"], asked["message_id"], delete)
    assert answer["text"] == plain(t("forget.admins_only"))
    assert await chat_id_of(harness, group) is not None
    answer = await press(harness, group, chair, asked["message_id"], delete)
    assert answer["text"] == plain(t("forget.done.short"))
    assert await chat_id_of(harness, group) is None


async def test_a_private_chat_is_refused_even_with_the_group_chosen(
    harness: Harness, group: Group
) -> None:
    users, t = harness.users, translator(harness, "vi")
    admin = users["secretary"]
    await fill(harness, group, "vi")
    chat_id = await chat_id_of(harness, group)
    [asked] = await group.say_all(admin, "/xoadulieu")
    data = keyboard(asked)[t("forget.button.delete")]
    before = await records(harness, group)
    own = Group(harness, harness.sandbox.add_private_chat(admin))
    refused = plain(t("forget.group_only"))
    assert await own.say(admin, "/xoadulieu") == refused  # no group chosen
    await own.say(admin, "/group")
    await press(harness, own, admin, own.bot_messages()[-1]["message_id"], f"grp:{chat_id}")
    assert await selected(harness, admin) == chat_id
    assert await own.say(admin, "/forget") == refused  # the group chosen: still not from here
    # The group's button replayed in the private chat: as it is, and naming the group as a
    # private answer's buttons do.
    pressed_on = own.bot_messages()[-1]["message_id"]
    answer = await press(harness, own, admin, pressed_on, data, forged=True)
    assert answer["text"] == plain(t("forget.other_chat"))
    answer = await press(harness, own, admin, pressed_on, f"@{chat_id}|{data}", forged=True)
    assert answer["text"] == refused
    assert await records(harness, group) == before
    # Buttons forged in the group: a token no question has, and the form buttons had before
    # questions were stored (tag, asker, time).
    forged = button_data(chat_tag(group.id), "0123456789abcdef", delete=True)
    answer = await press(harness, group, admin, asked["message_id"], forged, forged=True)
    assert answer["text"] == plain(t("forget.unknown"))
    old = f"fg:{chat_tag(group.id)}:{admin['id']}:{base36(int(harness.clock.now().timestamp()))}:y"
    answer = await press(harness, group, admin, asked["message_id"], old, forged=True)
    assert answer["text"] == plain(t("button.unknown"))
    assert await records(harness, group) == before
    # In the group itself the question's own button deletes: it was refused for where it was
    # pressed, and those refusals did not answer the question.
    answer = await press(harness, group, admin, asked["message_id"], data)
    assert answer["text"] == plain(t("forget.done.short"))
    assert await chat_id_of(harness, group) is None


async def test_help_lists_the_command_and_its_alias_in_both_languages(
    harness: Harness, group: Group
) -> None:
    admin = harness.users["secretary"]
    for language in ("vi", "en"):
        await group.say(admin, f"/lang {language}")
        shown = await group.say(admin, "/help")
        assert "/forget" in shown, language
        assert "/xoadulieu" in shown, language


async def test_only_the_first_press_of_a_question_acts(harness: Harness, group: Group) -> None:
    """A double tap, the keyboard still shown on another device, or Telegram delivering the
    press again: once the question is answered, its buttons delete nothing more, and say what
    became of it."""
    sandbox, t = harness.sandbox, translator(harness, "vi")
    admin = harness.users["secretary"]
    await fill(harness, group, "vi")
    [asked] = await group.say_all(admin, "/xoadulieu")
    delete, cancel = keyboard(asked).values()

    # A double tap: two presses before the bot answers either; one deletes.
    answered = len(sandbox.callback_answers)
    await sandbox.click(group.id, admin["id"], asked["message_id"], delete)
    await sandbox.click(group.id, admin["id"], asked["message_id"], delete, forged=True)
    await sandbox.wait_for_calls("answerCallbackQuery", count=answered + 2)
    answers = sorted(a["text"] for a in sandbox.callback_answers[answered:])
    assert answers == sorted([plain(t("forget.done.short")), plain(t("forget.already_deleted"))])
    assert as_now(group, asked)["text"] == plain(t("forget.done"))
    assert await chat_id_of(harness, group) is None
    assert await questions(harness) == [(None, None, "deleted")]  # neither group nor asker

    # The group is used again; the old buttons, still shown elsewhere, are pressed again.
    fresh = await group.say(admin, "/viec @lan: việc mới 31/12/2022")
    assert fresh.startswith(plain(t("task.recorded", number=1)))
    await group.say(admin, "/qd Quyết định mới")
    before = await records(harness, group)
    answer = await press(harness, group, admin, asked["message_id"], delete, forged=True)
    assert (answer["text"], answer["show_alert"]) == (plain(t("forget.already_deleted")), True)
    answer = await press(harness, group, admin, asked["message_id"], cancel, forged=True)
    assert (answer["text"], answer["show_alert"]) == (plain(t("forget.cancel_too_late")), True)
    assert await records(harness, group) == before
    assert as_now(group, asked)["text"] == plain(t("forget.done"))  # not "nothing was deleted"

    # Cancelled: the question's "Delete everything" deletes nothing afterwards.
    [asked] = await group.say_all(admin, "/xoadulieu")
    delete, cancel = keyboard(asked).values()
    answer = await press(harness, group, admin, asked["message_id"], cancel, edits=1)
    assert answer["text"] == plain(t("forget.cancelled.short"))
    for data in (delete, cancel):
        answer = await press(harness, group, admin, asked["message_id"], data, forged=True)
        assert answer["text"] == plain(t("forget.already_cancelled"))
    assert await records(harness, group) == before
    assert as_now(group, asked)["text"] == plain(t("forget.cancelled"))

    # A question of its own for each /xoadulieu: an older one's buttons stay the older one's.
    [first] = await group.say_all(admin, "/xoadulieu")
    [second] = await group.say_all(admin, "/xoadulieu")
    first_delete = keyboard(first)[t("forget.button.delete")]
    second_cancel = keyboard(second)[t("forget.button.cancel")]
    await press(harness, group, admin, second["message_id"], second_cancel, edits=1)
    answer = await press(harness, group, admin, first["message_id"], first_delete, edits=1)
    assert answer["text"] == plain(t("forget.done.short"))
    assert await chat_id_of(harness, group) is None
    assert await questions(harness) == [(None, None, "deleted")] * 4

    # The questions go a day after they were asked, when /xoadulieu is next sent.
    harness.clock.advance(timedelta(days=1, seconds=1))
    [asked] = await group.say_all(admin, "/xoadulieu")
    assert await questions(harness) == [(await chat_id_of(harness, group), admin["id"], None)]
    answer = await press(harness, group, admin, first["message_id"], first_delete, forged=True)
    assert answer["text"] == plain(t("forget.unknown"))
