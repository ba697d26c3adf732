"""``/deadline``, ``/remind`` and the snooze, keep and change buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import FollowUpContext
from bot.i18n import LANGUAGES
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
    t = context.services.catalogs.get(result.chat.language)
    keyboard = rv.confirm_keyboard(t, result.task) if not result.task.due_confirmed else None
    await reply(update, rv.deadline_changed(t, result), keyboard)


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
    """Snooze a day, keep the deadline as understood, or ask how to change it."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    action, _, number = query.data.partition(":")
    services, ctx = context.services, await acting(update, context)
    if action == "change":
        chat, who = await services.deadlines.change_hint(ctx, number)
        t = services.catalogs.get(chat.language)
        hint = "deadline.change_hint" if who == "manager" else f"deadline.change_hint.{who}"
        await query.answer(t(hint, number=number), show_alert=True)
        return
    call = services.deadlines.snooze if action == "snooze" else services.deadlines.confirm
    result = await call(ctx, number)
    t = services.catalogs.get(result.chat.language)
    if action == "snooze":
        await query.answer(t("button.snoozed", number=result.task.number))
        return
    await query.answer(t("button.kept", number=result.task.number))
    message = own_message(update, context)
    # The warning the button answered is resolved: the message says so rather than show it.
    text = None
    if message is not None:
        languages = [services.catalogs.get(language) for language in LANGUAGES]
        name = query.from_user.full_name
        text = rv.kept_in_message(t, languages, message.text_html, result.task.number, name)
    await edit_pressed(update, context, text, views.done_keyboard(t, result.task))


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    pattern = rf"^({rv.SNOOZE_PREFIX}|{rv.KEEP_PREFIX}|{rv.CHANGE_PREFIX})\d{{1,9}}$"
    return [
        CommandHandler(DEADLINE, change_deadline),
        CommandHandler(REMIND, set_reminder_plan),
        CallbackQueryHandler(press_deadline_button, pattern=pattern),
    ]
