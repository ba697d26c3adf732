"""``/deadline``, ``/remind``, the snooze, keep and change buttons, and the answers to the
question the change button puts."""

from __future__ import annotations

import logging
from functools import partial

from telegram import Chat, Message, ReplyParameters, Update
from telegram.error import BadRequest, Forbidden
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import FollowUpContext
from bot.domain import Task
from bot.i18n import LANGUAGES, Translator
from bot.services import RequestContext
from bot.services.deadlines import DeadlineChanged, PromptOvertaken
from bot.text import clean
from handlers import reminder_views as rv
from handlers import views
from handlers.common import (
    acting,
    answers_user_errors,
    command_text,
    edit_pressed,
    own_message,
    reply,
)
from handlers.group_choice import relay_to
from handlers.relay import relaying
from handlers.replies import Rendered, announce, answer, translator

log = logging.getLogger(__name__)
DEADLINE = ("deadline", "han")
REMIND = ("remind", "nhac")


@answers_user_errors
async def change_deadline(update: Update, context: FollowUpContext) -> None:
    """``/deadline <n> <phrase>``: set a task's deadline and echo it."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    result = await context.services.deadlines.change(
        await acting(update, context), command_text(message)
    )
    await answer(update, context, result.chat, partial(_changed, result))


def _changed(result: DeadlineChanged, t: Translator) -> Rendered:
    """A deadline changed, with keep or change while it waits to be kept."""
    keyboard = rv.confirm_keyboard(t, result.task) if not result.task.due_confirmed else None
    return rv.deadline_changed(t, result), keyboard


def _overtaken(result: PromptOvertaken, t: Translator) -> Rendered:
    """A deadline question answered after the task changed."""
    return rv.prompt_overtaken(t, result), None


@answers_user_errors
async def set_reminder_plan(update: Update, context: FollowUpContext) -> None:
    """``/remind 14d 3d 1d 2h``: the chat's reminder plan."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    chat = await context.services.chats.set_reminder_plan(
        await acting(update, context), command_text(message)
    )
    t = context.services.catalogs.get(chat.language)
    await reply(update, views.reminder_plan(t, chat.reminder_offsets))


@answers_user_errors
async def press_deadline_button(update: Update, context: FollowUpContext) -> None:
    """Snooze a day, keep the deadline as understood, or change it: a manager is asked for the
    new deadline, anyone else told who may change it."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    action, _, number = query.data.partition(":")
    services, ctx = context.services, await acting(update, context)
    if action == "change":
        pressed = await services.deadlines.change_pressed(ctx, number)
        t = translator(context, pressed.chat)
        if pressed.task is None:  # who may change it, and how to ask them
            hint = t(f"deadline.change_hint.{pressed.who}", number=number)
            await query.answer(hint, show_alert=True)
            return
        await ask_for_deadline(update, context, ctx, t, pressed.task)
        return
    call = services.deadlines.snooze if action == "snooze" else services.deadlines.confirm
    result = await call(ctx, number)
    t, n = translator(context, result.chat), result.task.number
    if action == "snooze" and result.again is not None:  # the day it comes back (a Monday)
        again, zone = result.again, result.chat.timezone
        await announce(
            update,
            context,
            result.chat,
            lambda any_t: any_t("button.snoozed", number=n, day=any_t.due(again, "day", zone)),
        )
        return
    await announce(update, context, result.chat, lambda any_t: any_t("button.kept", number=n))
    message = own_message(update, context)
    # The warning the button answered is resolved: the message says so rather than show it.
    text = None
    if message is not None:
        languages = [services.catalogs.get(language) for language in LANGUAGES]
        name = query.from_user.full_name
        text = rv.kept_in_message(t, languages, message.text_html, result.task.number, name)
    await edit_pressed(update, context, text, views.done_keyboard(t, result.task))


async def ask_for_deadline(
    update: Update, context: FollowUpContext, ctx: RequestContext, t: Translator, task: Task
) -> None:
    """Ask the manager who pressed "Change" for ``task``'s new deadline, in a message of the
    chat (and topic) of the button that opens their reply field, and remember what it asks.
    Where it cannot be posted (a closed topic...), the pop-up says how to change it instead."""
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    assert query is not None  # a button...
    assert chat is not None  # ... in a chat (answers_user_errors answers the others)
    assert user is not None
    pressed = query.message
    under = pressed if isinstance(pressed, Message) and pressed.is_accessible else None
    # In a group the question names its presser: the reply field opens for them alone.
    mention = (
        None
        if chat.type == Chat.PRIVATE
        else views.person_html(user.id, user.full_name, user.username)
    )
    try:
        sent = await context.bot.send_message(
            chat.id,
            rv.deadline_prompt(t, task, mention),
            reply_markup=rv.prompt_markup(t),
            message_thread_id=under.message_thread_id if under and under.is_topic_message else None,
            reply_parameters=ReplyParameters(under.message_id) if under else None,
        )
    except (BadRequest, Forbidden) as exc:
        log.info("deadline question not posted in %s: %s", chat.id, exc)
        await query.answer(t("deadline.change_hint", number=task.number), show_alert=True)
        return
    await query.answer()
    await context.services.deadlines.prompt_posted(ctx, task, chat.id, sent.message_id)


class _RepliesToTheBot(filters.MessageFilter):
    """A reply to one of the bot's own messages (not a message in a topic the bot opened,
    which Telegram shows as a reply to the topic's first message)."""

    def filter(self, message: Message) -> bool:
        """Whether ``message`` replies to the bot."""
        replied = message.reply_to_message
        return (
            replied is not None
            and replied.from_user is not None
            and replied.from_user.id == message.get_bot().id
            and not (message.is_topic_message and replied.message_id == message.message_thread_id)
        )


@answers_user_errors
async def reply_to_bot(update: Update, context: FollowUpContext) -> None:
    """A text reply to one of the bot's messages: when that message asked for a deadline, the
    new deadline (:func:`answer_prompt`); else nothing is said. Privately, the question may be
    about a group (asked under a button of that group's): the answer acts on the group, with
    the sender's standing there checked now, as a private command about it does."""
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None  # a message in a chat...
    assert message is not None
    assert message.reply_to_message is not None  # ... that replies (the handler's filter)
    if chat.type == Chat.PRIVATE:
        asked = message.reply_to_message.message_id
        group_id = await context.services.deadlines.prompted_chat(chat.id, asked)
        if group_id is not None:
            with relaying(await relay_to(update, context, group_id)):
                await answer_prompt(update, context)
            return
    await answer_prompt(update, context)


@answers_user_errors
async def answer_prompt(update: Update, context: FollowUpContext) -> None:
    """A reply to a deadline question, handled as ``/deadline <n> <reply>``: the same answer
    and buttons; refused, saying why, when it is not the asked manager's or comes too late."""
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None  # a message in a chat...
    assert message is not None
    assert message.reply_to_message is not None  # ... that replies (the handler's filter)
    services = context.services
    result = await services.deadlines.answer_prompt(
        await acting(update, context),
        chat.id,
        message.reply_to_message.message_id,
        clean(message.text or ""),
    )
    if result is None:  # a reply to another of the bot's messages
        return
    if isinstance(result, PromptOvertaken):
        await answer(update, context, result.chat, partial(_overtaken, result), record=False)
        return
    await answer(update, context, result.chat, partial(_changed, result))


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    pattern = rf"^({rv.SNOOZE_PREFIX}|{rv.KEEP_PREFIX}|{rv.CHANGE_PREFIX})[0-9]{{1,9}}$"
    return [
        CommandHandler(DEADLINE, change_deadline),
        CommandHandler(REMIND, set_reminder_plan),
        CallbackQueryHandler(press_deadline_button, pattern=pattern),
        MessageHandler(
            filters.UpdateType.MESSAGE
            & filters.TEXT
            & ~filters.COMMAND
            & filters.REPLY
            & _RepliesToTheBot(name="replies_to_the_bot"),
            reply_to_bot,
        ),
    ]
